import { describe, expect, it } from 'vitest';
import { cnabFormatsByBank } from '../../../../shared/br/boleto/index.js';
import { cnabLayouts, formatsOf, layoutOf } from './layouts/index.js';
import { readFile, readLine } from './reader.js';
import { type CnabAccount, type CnabTitle, writeRemessa } from './remessa.js';
import { readRetorno, writeRetorno } from './retorno.js';

const account: CnabAccount = {
  bankCode: '237',
  agency: '1234',
  agencyDigit: '5',
  account: '0012345',
  accountDigit: '6',
  carteira: '09',
  convenio: '1234567',
  interestMonthBp: 100,
  fineBp: 200,
  companyName: 'Contábil Conceição Ltda',
  companyDocument: '11222333000181',
};

const title = (n: number): CnabTitle => ({
  nossoNumero: String(n).padStart(11, '0'),
  nossoNumeroDv: String(n % 10),
  documentNumber: `2026-03/${n}`,
  reference: `ref-${n}`,
  dueDate: '2026-03-10',
  issuedOn: '2026-03-01',
  amountCents: 150_000 + n,
  discountCents: 0,
  discountUntil: null,
  payer: {
    name: 'Padaria São João',
    document: '11444777000161',
    address: 'Rua das Flores, 10',
    district: 'Centro',
    cep: '01310100',
    city: 'São Paulo',
    state: 'SP',
  },
  messages: ['Honorários março/2026'],
});

describe('CNAB layouts', () => {
  it('the formats the web offers per bank are the layouts there are', () => {
    const banks = [...new Set(Object.values(cnabLayouts).map((l) => l.bankCode))].sort();
    expect(Object.keys(cnabFormatsByBank).sort()).toEqual(banks);
    for (const bank of banks) expect(cnabFormatsByBank[bank], bank).toEqual(formatsOf(bank));
  });

  it('every record of every layout covers its line exactly (built by record(), which throws otherwise)', () => {
    for (const layout of Object.values(cnabLayouts)) {
      for (const [kind, fields] of Object.entries(layout.records)) {
        const end = fields.at(-1)!;
        expect(end.start + end.length - 1, `${layout.id} ${kind}`).toBe(layout.lineLength);
      }
    }
  });

  // Two reasons of a rejection in each bank's own codes, and their words (CEP, then the due date).
  const rejection: Record<string, [string[], string[]]> = {
    '341-400': [
      ['11', '66'],
      ['CEP não numérico ou inválido', 'Data de vencimento inválida ou fora do prazo'],
    ],
    '033-400': [
      ['057', '016'],
      ['CEP do pagador incorreto', 'Data de vencimento inválida'],
    ],
  };
  const defaultRejection: [string[], string[]] = [
    ['48', '16'],
    ['CEP inválido', 'Data de vencimento inválida'],
  ];

  for (const layout of Object.values(cnabLayouts)) {
    it(`${layout.id}: a remessa reads back line by line, and a retorno built from it round-trips`, () => {
      const [reasonCodes, reasonWords] = rejection[layout.id] ?? defaultRejection;
      const acc = { ...account, bankCode: layout.bankCode };
      const titles = [title(1), title(2), title(3)];
      const text = writeRemessa(layout, {
        account: acc,
        sequence: 7,
        generatedAt: { date: '2026-03-01', time: '101500' },
        titles,
      });
      const lines = text.split('\r\n').slice(0, -1);
      expect(lines.every((l) => l.length === layout.lineLength)).toBe(true);
      expect(lines).toHaveLength(layout.format === '240' ? 4 + 3 * 3 : 2 + 3);
      const read = readFile(layout, lines, 'remessa');
      expect(read.issues.map((i) => i.messages.en)).toEqual([]);
      const p = read.records.find((r) => r.kind === (layout.format === '240' ? 'P' : 'detail'))!;
      expect(p.values.amount).toBe(150_001);
      expect(p.values.dueDate).toBe('2026-03-10');
      expect(p.values.companyReference).toBe('REF-1');

      const retorno = writeRetorno(layout, acc, 8, '2026-03-11', [
        {
          nossoNumero: titles[0]!.nossoNumero,
          nossoNumeroDv: '1',
          occurrence: '02',
          amountCents: 150_001,
          occurredOn: '2026-03-02',
        },
        {
          nossoNumero: titles[1]!.nossoNumero,
          nossoNumeroDv: '2',
          occurrence: '06',
          amountCents: 150_002,
          paidCents: 153_502,
          tariffCents: 350,
          chargesCents: 3_500,
          occurredOn: '2026-03-11',
          creditOn: '2026-03-12',
        },
        {
          nossoNumero: titles[2]!.nossoNumero,
          nossoNumeroDv: '3',
          occurrence: '03',
          amountCents: 150_003,
          occurredOn: '2026-03-02',
          reasons: reasonCodes,
        },
      ]);
      const r = readRetorno(layout, retorno.split('\r\n').slice(0, -1));
      expect(r.issues.map((i) => i.messages.en)).toEqual([]);
      expect(r.entries.map((e) => [e.nossoNumero, e.outcome])).toEqual([
        ['1', 'confirmed'],
        ['2', 'paid'],
        ['3', 'rejected'],
      ]);
      const paid = r.entries[1]!;
      expect([paid.paidCents, paid.tariffCents, paid.chargesCents, paid.occurredOn]).toEqual([
        153_502,
        350,
        3_500,
        '2026-03-11',
      ]);
      expect(r.entries[2]!.reasons.map((x) => x.words['pt-BR'])).toEqual(reasonWords);
    });
  }
});

describe('CNAB 400 of Itaú and Santander', () => {
  const remessa = (bankCode: string) =>
    writeRemessa(layoutOf(bankCode, '400')!, {
      account: { ...account, bankCode, agency: '0167', account: '45145', accountDigit: '9', carteira: '109' },
      sequence: 3,
      generatedAt: { date: '2026-03-01', time: '101500' },
      titles: [title(1), title(2)],
    })
      .split('\r\n')
      .slice(0, -1);
  const at = (line: string, from: number, to: number) => line.slice(from - 1, to);

  it("Itaú: the account in the header and detail, the nosso número's 8 digits, espécie 08 (DS)", () => {
    const [header, detail] = remessa('341');
    expect([at(header!, 27, 38), at(header!, 77, 94), at(header!, 2, 9)]).toEqual([
      '016700451459',
      '341BANCO ITAU SA  ',
      '1REMESSA',
    ]);
    expect([at(detail!, 18, 29), at(detail!, 63, 70), at(detail!, 84, 86), at(detail!, 108, 110)]).toEqual([
      '016700451459',
      '00000001',
      '109',
      'I01',
    ]);
    expect([at(detail!, 148, 149), at(detail!, 221, 234), at(detail!, 335, 351)]).toEqual([
      '08',
      '11444777000161',
      'SAO PAULO      SP',
    ]);
  });

  it('Santander: the convênio as código de transmissão, multa code 4 and its percentage, the trailer totals', () => {
    const lines = remessa('033');
    const detail = lines[1]!;
    expect([at(detail, 18, 37), at(detail, 63, 70), at(detail, 78, 82), at(detail, 108, 110)]).toEqual([
      '00000000000001234567',
      '00000011',
      '40200',
      '501',
    ]);
    expect(at(detail, 148, 149)).toBe('06');
    expect(at(lines.at(-1)!, 1, 20)).toBe(`9000002${String(150_001 + 150_002).padStart(13, '0')}`);
  });

  it("a nosso número longer than the bank's field is refused with its line and position", () => {
    const long = { ...title(1), nossoNumero: '123456789' };
    expect(() =>
      writeRemessa(layoutOf('341', '400')!, {
        account: { ...account, bankCode: '341' },
        sequence: 1,
        generatedAt: { date: '2026-03-01', time: '000000' },
        titles: [long],
      }),
    ).toThrow(/Line 2, position 63 \(field nossoNumero\): "123456789" does not fit in 8 characters/);
  });
});

describe('CNAB bad input', () => {
  const itau = layoutOf('341', '240')!;
  const retorno = (bank = '341') =>
    writeRetorno(layoutOf(bank, '240')!, { ...account, bankCode: bank }, 1, '2026-03-11', [
      {
        nossoNumero: '00000001',
        nossoNumeroDv: '9',
        occurrence: '06',
        amountCents: 100,
        paidCents: 100,
        occurredOn: '2026-03-11',
      },
    ])
      .split('\r\n')
      .slice(0, -1);

  it('refuses a retorno of another bank, naming line 1, position 1 and the field', () => {
    const r = readRetorno(itau, retorno('237'));
    expect(r.entries).toEqual([]);
    expect(r.issues[0]!.code).toBe('cnab.other_bank');
    expect(r.issues[0]!.messages['pt-BR']).toBe(
      'Linha 1, posição 1 (campo bankCode): o arquivo é do banco 237, a conta é do banco 341.',
    );
  });

  it('refuses a retorno of another layout version', () => {
    const lines = retorno();
    lines[0] = `${lines[0]!.slice(0, 163)}087${lines[0]!.slice(166)}`;
    expect(readRetorno(itau, lines).issues[0]!.messages.en).toBe(
      'Line 1, position 164 (field layoutVersion): layout version 087; expected 040.',
    );
  });

  it('refuses a remessa sent back as a retorno', () => {
    const text = writeRemessa(itau, {
      account: { ...account, bankCode: '341' },
      sequence: 1,
      generatedAt: { date: '2026-03-01', time: '000000' },
      titles: [title(1)],
    });
    expect(readRetorno(itau, text.split('\r\n').slice(0, -1)).issues[0]!.code).toBe('cnab.not_retorno');
  });

  it('names a line of the wrong length and a field that is not numeric, with its position', () => {
    const lines = retorno();
    lines[2] = lines[2]!.slice(0, 239);
    lines[3] = `${lines[3]!.slice(0, 77)}12345678901234X${lines[3]!.slice(92)}`;
    const r = readRetorno(itau, lines);
    expect(r.issues.map((i) => i.messages.en)).toEqual([
      'Line 3: 239 characters long; layout 341-240 needs 240.',
      'Line 4, position 78 (field paid): "12345678901234X" is not numeric.',
    ]);
  });

  it('reads a bad date as an issue, not a date', () => {
    const lines = retorno();
    const u = lines[3]!;
    const bad = `${u.slice(0, 137)}31022026${u.slice(145)}`;
    const r = readLine(itau, bad, 4, 'retorno');
    expect(Array.isArray(r) && r[0]!.messages.en).toBe(
      'Line 4, position 138 (field occurredOn): "31022026" is not a valid date.',
    );
  });
});
