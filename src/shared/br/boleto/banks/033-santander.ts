/**
 * Santander (033). Source: Santander, "Layout de Cobrança — Código de Barras" (Cobrança Santander,
 * Código de Barras e Linha Digitável, versão 2.0), "Composição do campo livre":
 *
 * | positions (barcode) | size | content |
 * |---|---|---|
 * | 20 | 1 | fixed `9` |
 * | 21–27 | 7 | código do beneficiário (convênio) |
 * | 28–40 | 13 | nosso número: 12 digits + DV |
 * | 41 | 1 | IOF, `0` (only seguradoras use it) |
 * | 42–44 | 3 | carteira: 101 (rápida com registro), 102 (sem registro), 201 (penhor) |
 *
 * DV of the nosso número: módulo 11, weights 2–9 from the right; remainder 0 or 1 → `0`, remainder 10 →
 * `1`, otherwise `11 − remainder`.
 */
import { defineBank } from '../define-bank.js';
import { digits, mod11Sum } from '../febraban.js';

export function santanderNossoNumeroDv(value: string): string {
  const r = mod11Sum(value) % 11;
  if (r === 0 || r === 1) return '0';
  if (r === 10) return '1';
  return String(11 - r);
}

export const santander = defineBank({
  code: '033',
  printedCode: '033-7',
  name: 'Santander',
  carteiras: ['101', '102', '201'],
  fields: { accountMaxLength: 9, convenioLengths: [7] },
  nossoNumero(_account, sequence) {
    const value = digits(sequence, 12, 'nosso número');
    return { value, checkDigit: santanderNossoNumeroDv(value) };
  },
  format: (value, checkDigit) => `${value} ${checkDigit}`,
  campoLivre(account, nossoNumero): string {
    return `9${account.convenio}${nossoNumero.value}${nossoNumero.checkDigit}0${account.carteira}`;
  },
  beneficiaryCode: (account) => `${account.agency} / ${account.convenio}`,
});
