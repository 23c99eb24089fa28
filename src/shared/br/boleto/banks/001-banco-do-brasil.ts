/**
 * Banco do Brasil (001). Source: BB, "Especificações Técnicas para Confecção de Boleto de Cobrança do Banco
 * do Brasil" (Cobrança BB, Anexo 5/6 of the convênio), sections "Código de barras" and "Nosso Número":
 *
 * | convênio | nosso número | campo livre (25) |
 * |---|---|---|
 * | 7 digits (≥ 1.000.000) | convênio (7) + sequence (10), no check digit | `000000` + nosso número (17) + carteira (2) |
 * | 6 digits | convênio (6) + sequence (5) + DV | nosso número without DV (11) + agência (4) + conta (8) + carteira (2) |
 * | 4 digits | convênio (4) + sequence (7) + DV | nosso número without DV (11) + agência (4) + conta (8) + carteira (2) |
 *
 * The DV of the nosso número, the agência and the conta is BB's módulo 11 (weights 9…2 right to left,
 * the remainder is the digit, 10 written `X`) — the same digit as the usual weights 2…9 with
 * `11 − remainder`, which is how it is computed here.
 */
import { defineBank } from '../define-bank.js';
import { digits, mod11Sum } from '../febraban.js';

/** BB's módulo 11 digit: 10 → `X`, 11 → `0`. */
export function bbCheckDigit(value: string): string {
  const dv = 11 - (mod11Sum(value) % 11);
  return dv === 10 ? 'X' : dv === 11 ? '0' : String(dv);
}

const carteiras = ['17', '18', '11', '31', '51'] as const;

export const bancoDoBrasil = defineBank({
  code: '001',
  printedCode: '001-9',
  name: 'Banco do Brasil',
  carteiras,
  fields: {
    accountMaxLength: 8,
    convenioLengths: [4, 6, 7],
    agencyDigit: 'required',
    accountDigit: 'required',
    variation: { 'pt-BR': 'Variação da carteira', en: 'Carteira variation' },
    convenioLabel: { 'pt-BR': 'Convênio', en: 'Convênio' },
  },
  checkDigits: (account) => ({
    agencyDigit: bbCheckDigit(account.agency),
    accountDigit: bbCheckDigit(digits(account.account, 8)),
  }),
  nossoNumero(account, sequence) {
    const convenio = account.convenio;
    // A 7-digit convênio's nosso número (17 digits) has no check digit.
    if (convenio.length === 7)
      return { value: convenio + digits(sequence, 10, 'nosso número'), checkDigit: '' };
    const value = convenio + digits(sequence, convenio.length === 6 ? 5 : 7, 'nosso número');
    return { value, checkDigit: bbCheckDigit(value) };
  },
  format: (value, checkDigit) => (checkDigit ? `${value}-${checkDigit}` : value),
  campoLivre(account, nossoNumero): string {
    if (account.convenio.length === 7) return `000000${nossoNumero.value}${account.carteira}`;
    return `${nossoNumero.value}${account.agency}${digits(account.account, 8)}${account.carteira}`;
  },
  beneficiaryCode(account): string {
    return `${account.agency}-${account.agencyDigit ?? ''} / ${digits(account.account, 8)}-${account.accountDigit ?? ''}`;
  },
});
