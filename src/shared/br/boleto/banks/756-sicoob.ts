/**
 * Sicoob (756). Source: Sicoob, "Manual de Cobrança — Leiaute do Boleto / Código de Barras" (Sicoob
 * Cobrança Bancária, "Composição do Nosso Número" and "Campo Livre"):
 *
 * Nosso número: sequence (7) + DV, where the DV is módulo 11 with the constant `3197` (weights 3, 1, 9, 7
 * repeated from the left) over cooperativa (4) + código do cliente (10, zero-padded) + sequence (7);
 * remainder 0 or 1 → `0`, otherwise `11 − remainder`.
 *
 * | positions (barcode) | size | content |
 * |---|---|---|
 * | 20 | 1 | carteira (`1` simples, `3` garantida caucionada) |
 * | 21–24 | 4 | cooperativa (agência) |
 * | 25–26 | 2 | modalidade: the carteira on two digits (`01` simples com registro, `03` caucionada) |
 * | 27–33 | 7 | código do cliente (beneficiário, with its DV) |
 * | 34–41 | 8 | nosso número with DV |
 * | 42–44 | 3 | parcela, `001` |
 */
import { defineBank } from '../define-bank.js';
import { digits } from '../febraban.js';

export function sicoobNossoNumeroDv(cooperativa: string, cliente: string, sequence7: string): string {
  const all = cooperativa + digits(cliente, 10) + sequence7;
  const weights = [3, 1, 9, 7];
  let sum = 0;
  for (let i = 0; i < all.length; i++) sum += (all.charCodeAt(i) - 48) * weights[i % 4]!;
  const r = sum % 11;
  return r <= 1 ? '0' : String(11 - r);
}

export const sicoob = defineBank({
  code: '756',
  printedCode: '756-0',
  name: 'Sicoob',
  carteiras: ['1', '3'],
  fields: {
    accountMaxLength: 10,
    convenioLengths: [7],
    convenioLabel: { 'pt-BR': 'Código do cliente (beneficiário)', en: 'Client (beneficiary) code' },
  },
  nossoNumero(account, sequence) {
    const value = digits(sequence, 7, 'nosso número');
    return { value, checkDigit: sicoobNossoNumeroDv(account.agency, account.convenio, value) };
  },
  format: (value, checkDigit) => `${value}-${checkDigit}`,
  campoLivre(account, nossoNumero): string {
    return `${account.carteira}${account.agency}0${account.carteira}${account.convenio}${nossoNumero.value}${nossoNumero.checkDigit}001`;
  },
  beneficiaryCode: (account) => `${account.agency} / ${account.convenio}`,
});
