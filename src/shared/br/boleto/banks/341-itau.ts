/**
 * Itaú (341). Source: Itaú, "Cobrança Itaú — Boleto de Cobrança: especificações técnicas" (Manual Técnico
 * Operacional, "Código de Barras" and "Cálculo do DAC"):
 *
 * | positions (barcode) | size | content |
 * |---|---|---|
 * | 20–22 | 3 | carteira |
 * | 23–30 | 8 | nosso número |
 * | 31 | 1 | DAC of agência + conta + carteira + nosso número (módulo 10) |
 * | 32–35 | 4 | agência |
 * | 36–40 | 5 | conta |
 * | 41 | 1 | DAC of agência + conta (módulo 10) — the account's own check digit |
 * | 42–44 | 3 | zeros |
 *
 * For carteiras 126, 131, 146, 150 and 168 the nosso número's DAC covers carteira + nosso número only
 * (none of them is offered here).
 */
import { digits, mod10 } from '../febraban.js';
import { basicIssues, checkDigitIssue, requiredIssue } from '../issues.js';
import type { BoletoBank, NossoNumero } from '../types.js';

const carteiras = ['109', '112', '104', '157', '175'] as const;

const format = (value: string, checkDigit: string, carteira: string) => `${carteira}/${value}-${checkDigit}`;

export const itau: BoletoBank = {
  code: '341',
  printedCode: '341-7',
  name: 'Itaú Unibanco',
  carteiras,
  fields: {
    agencyLength: 4,
    accountMaxLength: 5,
    convenioLengths: [],
    agencyDigit: 'none',
    accountDigit: 'required',
    variation: null,
    convenioLabel: { 'pt-BR': 'Código do beneficiário', en: 'Beneficiary code' },
  },
  validateAccount(account) {
    const issues = basicIssues(account, { ...this.fields, carteiras });
    if (issues.some((i) => i.field === 'agency' || i.field === 'account')) return issues;
    const dv = mod10(account.agency + digits(account.account, 5));
    if (!account.accountDigit) issues.push(requiredIssue('accountDigit'));
    else if (account.accountDigit !== dv) issues.push(checkDigitIssue('accountDigit', 'Itaú', dv));
    return issues;
  },
  nossoNumero(account, sequence): NossoNumero {
    const value = digits(sequence, 8, 'nosso número');
    const checkDigit = mod10(account.agency + digits(account.account, 5) + account.carteira + value);
    return { value, checkDigit, formatted: format(value, checkDigit, account.carteira) };
  },
  formatNossoNumero(account, value, checkDigit): string {
    return format(value, checkDigit, account.carteira);
  },
  campoLivre(account, nossoNumero): string {
    const conta = digits(account.account, 5);
    return `${account.carteira}${nossoNumero.value}${nossoNumero.checkDigit}${account.agency}${conta}${mod10(account.agency + conta)}000`;
  },
  beneficiaryCode(account): string {
    const conta = digits(account.account, 5);
    return `${account.agency} / ${conta}-${mod10(account.agency + conta)}`;
  },
};
