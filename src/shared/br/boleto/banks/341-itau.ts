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
import { defineBank } from '../define-bank.js';
import { digits, mod10 } from '../febraban.js';
import type { BoletoAccount } from '../types.js';

/** The account's DAC: módulo 10 of agência + conta. */
const accountDac = (account: BoletoAccount) => mod10(account.agency + digits(account.account, 5));

export const itau = defineBank({
  code: '341',
  printedCode: '341-7',
  name: 'Itaú Unibanco',
  ruleName: 'Itaú',
  carteiras: ['109', '112', '104', '157', '175'],
  fields: { accountMaxLength: 5, convenioLengths: [], accountDigit: 'required' },
  checkDigits: (account) => ({ accountDigit: accountDac(account) }),
  nossoNumero(account, sequence) {
    const value = digits(sequence, 8, 'nosso número');
    return {
      value,
      checkDigit: mod10(account.agency + digits(account.account, 5) + account.carteira + value),
    };
  },
  format: (value, checkDigit, carteira) => `${carteira}/${value}-${checkDigit}`,
  campoLivre(account, nossoNumero): string {
    const { value, checkDigit } = nossoNumero;
    return `${account.carteira}${value}${checkDigit}${account.agency}${digits(account.account, 5)}${accountDac(account)}000`;
  },
  beneficiaryCode: (account) => `${account.agency} / ${digits(account.account, 5)}-${accountDac(account)}`,
});
