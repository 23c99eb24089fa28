/**
 * Boletos de cobrança (FEBRABAN): the common maths (`febraban.ts`) and one file per bank (`banks/`). Pure:
 * shared by the server (issuing, PDF, CNAB) and the web app (the account form, a typed linha digitável).
 */
import type { CivilDate } from '../civil-date.js';
import { buildBarcode, linhaDigitavel } from './febraban.js';
import { bankByCode } from './registry.js';
import type { BoletoAccount, NossoNumero } from './types.js';

export { cnabFormatsByBank } from './cnab-formats.js';
export {
  buildBarcode,
  dueDateFromFator,
  fatorVencimento,
  formatLinhaDigitavel,
  linhaDigitavel,
  parseLinhaDigitavel,
} from './febraban.js';
export { bankByCode, banks } from './registry.js';
export { type BoletoAccount, bankCodes, type NossoNumero } from './types.js';

/** Everything a boleto prints and the bank reads. */
export interface BoletoData {
  nossoNumero: NossoNumero;
  campoLivre: string;
  barcode: string;
  linhaDigitavel: string;
}

/**
 * Builds the boleto of `sequence` for the account: nosso número, campo livre, barcode and linha
 * digitável. Throws `RangeError` for a bank not supported or a number that does not fit the bank's layout.
 *
 * @example
 * buildBoleto(account, 42, { amountCents: 150000, dueDate: '2026-01-10', issueDate: '2025-12-20' })
 */
export function buildBoleto(
  account: BoletoAccount,
  sequence: number,
  input: { amountCents: number; dueDate: CivilDate; issueDate: CivilDate },
): BoletoData {
  const bank = bankByCode(account.bankCode);
  if (!bank) throw new RangeError(`bank not supported: ${account.bankCode}`);
  const nossoNumero = bank.nossoNumero(account, sequence, { issueDate: input.issueDate });
  const campoLivre = bank.campoLivre(account, nossoNumero);
  const barcode = buildBarcode({
    bankCode: bank.code,
    dueDate: input.dueDate,
    amountCents: input.amountCents,
    campoLivre,
  });
  return { nossoNumero, campoLivre, barcode, linhaDigitavel: linhaDigitavel(barcode) };
}
