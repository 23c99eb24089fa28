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
import { defineBank } from '../define-bank.js';
import { digits, mod11Sum } from '../febraban.js';

export function bradescoCheckDigit(value: string, maxWeight: number): string {
  const dv = 11 - (mod11Sum(value, maxWeight) % 11);
  return dv === 10 ? 'P' : dv === 11 ? '0' : String(dv);
}

export const bradesco = defineBank({
  code: '237',
  printedCode: '237-2',
  name: 'Bradesco',
  carteiras: ['09', '02', '06', '19', '26'],
  fields: { accountMaxLength: 7, convenioLengths: [], agencyDigit: 'required', accountDigit: 'required' },
  checkDigits: (account) => ({
    agencyDigit: bradescoCheckDigit(account.agency, 9),
    accountDigit: bradescoCheckDigit(digits(account.account, 7), 7),
  }),
  nossoNumero(account, sequence) {
    const value = digits(sequence, 11, 'nosso número');
    return { value, checkDigit: bradescoCheckDigit(account.carteira + value, 7) };
  },
  format: (value, checkDigit, carteira) => `${carteira}/${value}-${checkDigit}`,
  campoLivre(account, nossoNumero): string {
    return `${account.agency}${account.carteira}${nossoNumero.value}${digits(account.account, 7)}0`;
  },
  beneficiaryCode(account): string {
    return `${account.agency}-${account.agencyDigit ?? ''} / ${digits(account.account, 7)}-${account.accountDigit ?? ''}`;
  },
});
