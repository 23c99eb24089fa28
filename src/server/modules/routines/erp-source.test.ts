import { describe, expect, it } from 'vitest';
import { normalizeColumn, readCsv, readJson, toErpRow, unknownColumns } from './erp-source.js';

describe('ERP rows', () => {
  it('normalises column names', () => {
    expect(normalizeColumn(' Última Compra ')).toBe('ultima_compra');
    expect(normalizeColumn('CNPJ/CPF')).toBe('cnpj_cpf');
  });

  it('reads a ; or , CSV with its line numbers', () => {
    const a = readCsv('\uFEFFcnpj;status\n11.222.333/0001-81;ativo\n\n11222333000181;inativo\n');
    expect(a.columns).toEqual(['cnpj', 'status']);
    expect(a.rows.map((r) => r.line)).toEqual([2, 4]);
    const b = readCsv('cnpj,valor_acumulado\n11222333000181,"1.234,56"\n');
    expect(b.rows[0]!.raw).toEqual({ cnpj: '11222333000181', valor_acumulado: '1.234,56' });
    expect(() => readCsv('  \n')).toThrow('vazio');
  });

  it('reads a JSON list or an object holding one', () => {
    expect(readJson([{ CNPJ: '1' }]).rows).toEqual([{ raw: { cnpj: '1' }, line: 1 }]);
    expect(readJson({ data: [{ a: 1 }, { b: 2 }] }).columns).toEqual(['a', 'b']);
    expect(() => readJson({ ok: true })).toThrow('array JSON');
  });

  it('turns a row into status and complementary data, or errors', () => {
    expect(
      toErpRow(
        {
          cnpj_cpf: '111.444.777-35',
          status: 'Inativo',
          ultima_compra: '2026-11-15',
          primeira_compra: '01/02/2020',
          valor_acumulado: 'R$ 1.234,56',
          valor_ultima_compra: 99.9,
          quantidade_compras: '1.200',
          ultima_nota: 'NF 1',
          dias_desde_ultima_compra: '8',
        },
        2,
      ),
    ).toEqual({
      line: 2,
      document: '11144477735',
      status: 'inactive',
      fields: {
        lastPurchaseDate: '2026-11-15',
        firstPurchaseDate: '2020-02-01',
        accumulatedCents: 123456,
        lastPurchaseCents: 9990,
        purchaseCount: 1200,
        lastInvoice: 'NF 1',
      },
      errors: [],
      errorsEn: [],
    });
    expect(toErpRow({ status: 'x', funcionarios: '-2', ultima_compra: '2026-02-30' }, 3).errors).toEqual([
      'sem CNPJ/CPF',
      'status desconhecido: x (use ativo ou inativo)',
      'funcionarios: número inteiro inválido',
      'ultima_compra: data inválida (use dd/mm/aaaa)',
    ]);
    expect(toErpRow({ status: 'x' }, 4).errorsEn).toEqual([
      'no CNPJ/CPF',
      'unknown status: x (use ativo or inativo)',
    ]);
    expect(unknownColumns(['cnpj', 'status', 'ultima_compra', 'cor', 'razao_social'])).toEqual(['cor']);
  });
});
