/**
 * Terms, as Brazilian banks use them:
 * - **beneficiário** (formerly cedente): the office, who issues the boleto and receives the money.
 * - **pagador** (formerly sacado): the client who pays it.
 * - **carteira**: the bank's collection product (registered, issued by the beneficiário…), a code per bank.
 * - **convênio / código do beneficiário**: the number the bank gave the office's collection contract.
 * - **nosso número**: the boleto's number at the bank, unique within the account, with the bank's own
 *   check digit; the retorno file names a boleto by it.
 * - **campo livre**: the last 25 digits of the barcode, laid out by each bank.
 */
import type { CivilDate } from '../civil-date.js';

/** The three-digit FEBRABAN codes of the banks supported; adding a bank adds its code here. */
export const bankCodes = ['001', '033', '104', '237', '341', '748', '756'] as const;
export type BankCode = (typeof bankCodes)[number];

/** An office's account as far as a boleto needs it (digits only, no punctuation). */
export interface BoletoAccount {
  bankCode: string;
  agency: string;
  agencyDigit?: string | null;
  account: string;
  accountDigit?: string | null;
  carteira: string;
  /** Código do beneficiário / convênio / código do cedente. */
  convenio: string;
  /** Banco do Brasil's variação da carteira; Sicredi's posto. */
  variation?: string | null;
}

/** A nosso número: the digits the bank's layout carries, its check digit ('' where the bank has none). */
export interface NossoNumero {
  value: string;
  checkDigit: string;
  /** As printed in the "Nosso Número" box of the boleto. */
  formatted: string;
}

/** What a nosso número may depend on besides the sequence (Sicredi prints the year in it). */
export interface NossoNumeroContext {
  issueDate: CivilDate;
}

/** A message in each language the product speaks. */
export interface BilingualText {
  'pt-BR': string;
  en: string;
}

/** A field of the account that the bank refuses: a stable code and the message in both languages. */
export interface AccountIssue {
  field: 'agency' | 'agencyDigit' | 'account' | 'accountDigit' | 'carteira' | 'convenio' | 'variation';
  code: string;
  message: BilingualText;
}

/** What the form needs to know to ask for an account of this bank. */
export interface BankFieldRules {
  agencyLength: number;
  /** Largest account number, in digits (shorter ones are zero-padded). */
  accountMaxLength: number;
  /** Lengths the convênio / código do beneficiário may have. */
  convenioLengths: readonly number[];
  agencyDigit: 'required' | 'optional' | 'none';
  accountDigit: 'required' | 'optional' | 'none';
  /** Label of the `variation` field where the bank has one (e.g. "Variação da carteira", "Posto"). */
  variation: BilingualText | null;
  /** Label the bank gives the convênio. */
  convenioLabel: BilingualText;
}

/**
 * One bank's cobrança: its nosso número and campo livre, per its own manual. A bank is added by adding a
 * file in `banks/` that exports one of these, made with `defineBank` (`define-bank.ts`), and listing it in
 * `registry.ts`.
 */
export interface BoletoBank {
  code: BankCode;
  /** The code with its check digit as the ficha de compensação prints it: `001-9`, `748-X`. */
  printedCode: string;
  name: string;
  /** Carteiras this implementation lays out; the first is the default offered. */
  carteiras: readonly string[];
  fields: BankFieldRules;
  /** Checks the account's fields the bank defines (lengths, check digits); [] when it is usable. */
  validateAccount(account: BoletoAccount): AccountIssue[];
  /** The nosso número for the account's `sequence`-th boleto. Throws `RangeError` if it does not fit. */
  nossoNumero(account: BoletoAccount, sequence: number, context: NossoNumeroContext): NossoNumero;
  /** The nosso número as printed in the boleto's "Nosso Número" box. */
  formatNossoNumero(account: BoletoAccount, value: string, checkDigit: string): string;
  /** The 25 digits of the campo livre. */
  campoLivre(account: BoletoAccount, nossoNumero: NossoNumero): string;
  /** "Agência / Código do beneficiário" as printed on the boleto. */
  beneficiaryCode(account: BoletoAccount): string;
}
