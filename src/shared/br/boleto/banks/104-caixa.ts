/**
 * Caixa Econômica Federal (104), SIGCB. Source: CAIXA, "Manual de Leiaute de Arquivo Eletrônico Padrão
 * CNAB 240 — Cobrança Bancária CAIXA — SIGCB", Anexo "Especificações do Código de Barras", and "Leiaute de
 * Código de Barras — Cobrança Caixa (SIGCB)":
 *
 * Nosso número: 17 digits, `1` (cobrança registrada) + `4` (emitido pelo beneficiário) + 15-digit sequence,
 * and its DV (módulo 11, weights 2–9; `11 − remainder`, above 9 → `0`).
 *
 * | positions (barcode) | size | content |
 * |---|---|---|
 * | 20–25 | 6 | código do beneficiário |
 * | 26 | 1 | its DV (módulo 11 as above) |
 * | 27–29 | 3 | nosso número, positions 3–5 |
 * | 30 | 1 | constante 1: nosso número position 1 (`1`, registrada) |
 * | 31–33 | 3 | nosso número, positions 6–8 |
 * | 34 | 1 | constante 2: nosso número position 2 (`4`, beneficiário) |
 * | 35–43 | 9 | nosso número, positions 9–17 |
 * | 44 | 1 | DV of the campo livre (módulo 11 as above) |
 */
import { defineBank } from '../define-bank.js';
import { digits, mod11Sum } from '../febraban.js';

/** Caixa's módulo 11: `11 − remainder`, above 9 → `0`. */
export function caixaCheckDigit(value: string): string {
  const dv = 11 - (mod11Sum(value) % 11);
  return dv > 9 ? '0' : String(dv);
}

export const caixa = defineBank({
  code: '104',
  printedCode: '104-0',
  name: 'Caixa Econômica Federal',
  carteiras: ['RG'],
  fields: { accountMaxLength: 11, convenioLengths: [6] },
  nossoNumero(_account, sequence) {
    const value = `14${digits(sequence, 15, 'nosso número')}`;
    return { value, checkDigit: caixaCheckDigit(value) };
  },
  format: (value, checkDigit) => `${value}-${checkDigit}`,
  campoLivre(account, nossoNumero): string {
    const n = nossoNumero.value;
    const without = `${account.convenio}${caixaCheckDigit(account.convenio)}${n.slice(2, 5)}${n[0]}${n.slice(5, 8)}${n[1]}${n.slice(8, 17)}`;
    return without + caixaCheckDigit(without);
  },
  beneficiaryCode: (account) =>
    `${account.agency} / ${account.convenio}-${caixaCheckDigit(account.convenio)}`,
});
