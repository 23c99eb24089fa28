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
import { digits, mod11Sum } from '../febraban.js';
import { basicIssues } from '../issues.js';
import type { BoletoBank, NossoNumero } from '../types.js';

export function santanderNossoNumeroDv(value: string): string {
  const r = mod11Sum(value) % 11;
  if (r === 0 || r === 1) return '0';
  if (r === 10) return '1';
  return String(11 - r);
}

const carteiras = ['101', '102', '201'] as const;

const format = (value: string, checkDigit: string, _carteira: string) => `${value} ${checkDigit}`;

export const santander: BoletoBank = {
  code: '033',
  printedCode: '033-7',
  name: 'Santander',
  carteiras,
  fields: {
    agencyLength: 4,
    accountMaxLength: 9,
    convenioLengths: [7],
    agencyDigit: 'none',
    accountDigit: 'optional',
    variation: null,
    convenioLabel: { 'pt-BR': 'Código do beneficiário', en: 'Beneficiary code' },
  },
  validateAccount(account) {
    return basicIssues(account, { ...this.fields, carteiras });
  },
  nossoNumero(account, sequence): NossoNumero {
    const value = digits(sequence, 12, 'nosso número');
    const checkDigit = santanderNossoNumeroDv(value);
    return { value, checkDigit, formatted: format(value, checkDigit, account.carteira) };
  },
  formatNossoNumero(account, value, checkDigit): string {
    return format(value, checkDigit, account.carteira);
  },
  campoLivre(account, nossoNumero): string {
    return `9${account.convenio}${nossoNumero.value}${nossoNumero.checkDigit}0${account.carteira}`;
  },
  beneficiaryCode(account): string {
    return `${account.agency} / ${account.convenio}`;
  },
};
