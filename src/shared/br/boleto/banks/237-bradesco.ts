/**
 * Bradesco (237). Source: Bradesco, "Boleto de Cobrança Bradesco — Especificações Técnicas / Layout do
 * Código de Barras" (Manual Operacional para Clientes, Cobrança Bradesco, 4008.524.0121), "Campo Livre":
 *
 * | positions (barcode) | size | content |
 * |---|---|---|
 * | 20–23 | 4 | agência do beneficiário (without DV) |
 * | 24–25 | 2 | carteira |
 * | 26–36 | 11 | nosso número (without DV) |
 * | 37–43 | 7 | conta do beneficiário (without DV) |
 * | 44 | 1 | zero |
 *
 * DV of the nosso número: módulo 11 with weights 2–7 over carteira + nosso número; remainder 0 → `0`,
 * remainder 1 → `P`, otherwise `11 − remainder`. Agência DV: weights 5…2; conta DV: weights 2–7 from the
 * right; both `11 − remainder`, 10 → `P`, 11 → `0`.
 */
import { digits, mod11Sum } from '../febraban.js';
import { basicIssues, checkDigitIssue, requiredIssue } from '../issues.js';
import type { BoletoBank, NossoNumero } from '../types.js';

export function bradescoCheckDigit(value: string, maxWeight: number): string {
  const dv = 11 - (mod11Sum(value, maxWeight) % 11);
  return dv === 10 ? 'P' : dv === 11 ? '0' : String(dv);
}

const carteiras = ['09', '02', '06', '19', '26'] as const;

const format = (value: string, checkDigit: string, carteira: string) => `${carteira}/${value}-${checkDigit}`;

export const bradesco: BoletoBank = {
  code: '237',
  printedCode: '237-2',
  name: 'Bradesco',
  carteiras,
  fields: {
    agencyLength: 4,
    accountMaxLength: 7,
    convenioLengths: [],
    agencyDigit: 'required',
    accountDigit: 'required',
    variation: null,
    convenioLabel: { 'pt-BR': 'Código do beneficiário', en: 'Beneficiary code' },
  },
  validateAccount(account) {
    const issues = basicIssues(account, { ...this.fields, carteiras });
    if (issues.some((i) => i.field === 'agency' || i.field === 'account')) return issues;
    const agencyDv = bradescoCheckDigit(account.agency, 9);
    if (!account.agencyDigit) issues.push(requiredIssue('agencyDigit'));
    else if (account.agencyDigit.toUpperCase() !== agencyDv)
      issues.push(checkDigitIssue('agencyDigit', 'Bradesco', agencyDv));
    const accountDv = bradescoCheckDigit(digits(account.account, 7), 7);
    if (!account.accountDigit) issues.push(requiredIssue('accountDigit'));
    else if (account.accountDigit.toUpperCase() !== accountDv)
      issues.push(checkDigitIssue('accountDigit', 'Bradesco', accountDv));
    return issues;
  },
  nossoNumero(account, sequence): NossoNumero {
    const value = digits(sequence, 11, 'nosso número');
    const checkDigit = bradescoCheckDigit(account.carteira + value, 7);
    return { value, checkDigit, formatted: format(value, checkDigit, account.carteira) };
  },
  formatNossoNumero(account, value, checkDigit): string {
    return format(value, checkDigit, account.carteira);
  },
  campoLivre(account, nossoNumero): string {
    return `${account.agency}${account.carteira}${nossoNumero.value}${digits(account.account, 7)}0`;
  },
  beneficiaryCode(account): string {
    return `${account.agency}-${account.agencyDigit ?? ''} / ${digits(account.account, 7)}-${account.accountDigit ?? ''}`;
  },
};
