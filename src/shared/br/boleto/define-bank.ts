import { basicIssues, checkDigitIssue, requiredIssue } from './issues.js';
import type {
  AccountIssue,
  BankFieldRules,
  BoletoAccount,
  BoletoBank,
  NossoNumero,
  NossoNumeroContext,
} from './types.js';

/** A bank's own rules, from its manual; {@link defineBank} makes the {@link BoletoBank} out of them. */
export interface BankSpec extends Pick<BoletoBank, 'code' | 'printedCode' | 'name' | 'carteiras'> {
  /** The bank as a wrong check digit's message names it ("pela regra do Itaú"); default `name`. */
  ruleName?: string;
  /** The field rules; those left out are the usual ones (agency of 4 digits without a check digit, …). */
  fields: Pick<BankFieldRules, 'accountMaxLength' | 'convenioLengths'> & Partial<BankFieldRules>;
  /** The agency's and the account's check digits by the bank's rule, checked once both are well formed. */
  checkDigits?(account: BoletoAccount): { agencyDigit?: string; accountDigit?: string };
  /** Checks of the account beyond the field rules (Sicredi's posto). */
  moreIssues?(account: BoletoAccount): AccountIssue[];
  /** The nosso número's digits and check digit for the account's `sequence`-th boleto. */
  nossoNumero(
    account: BoletoAccount,
    sequence: number,
    context: NossoNumeroContext,
  ): Omit<NossoNumero, 'formatted'>;
  /** The nosso número as the boleto prints it. */
  format(value: string, checkDigit: string, carteira: string): string;
  campoLivre: BoletoBank['campoLivre'];
  beneficiaryCode: BoletoBank['beneficiaryCode'];
}

/**
 * A bank from its own rules: the usual field rules filled in, the account checked by the field rules
 * (`basicIssues`), then by the bank's check digits, and the nosso número formatted as the bank prints it.
 *
 * @example
 * export const caixa = defineBank({
 *   code: '104', printedCode: '104-0', name: 'Caixa Econômica Federal', carteiras: ['RG'],
 *   fields: { accountMaxLength: 11, convenioLengths: [6] },
 *   nossoNumero: (_account, sequence) => …, format: (value, checkDigit) => `${value}-${checkDigit}`,
 *   campoLivre: …, beneficiaryCode: …,
 * });
 */
export function defineBank(spec: BankSpec): BoletoBank {
  const { ruleName = spec.name, checkDigits, moreIssues, format, ...bank } = spec;
  // A bank names only the rules where it differs from most banks' accounts.
  const {
    agencyLength = 4,
    accountMaxLength,
    convenioLengths,
    agencyDigit = 'none',
    accountDigit = 'optional',
    variation = null,
    convenioLabel = { 'pt-BR': 'Código do beneficiário', en: 'Beneficiary code' },
  } = spec.fields;
  const fields: BankFieldRules = {
    agencyLength,
    accountMaxLength,
    convenioLengths,
    agencyDigit,
    accountDigit,
    variation,
    convenioLabel,
  };
  return {
    ...bank,
    fields,
    validateAccount(account) {
      const issues = [
        ...basicIssues(account, { ...fields, carteiras: spec.carteiras }),
        ...(moreIssues?.(account) ?? []),
      ];
      if (!checkDigits || issues.some((i) => i.field === 'agency' || i.field === 'account')) return issues;
      const expected = checkDigits(account);
      for (const field of ['agencyDigit', 'accountDigit'] as const) {
        const digit = expected[field];
        if (digit === undefined) continue;
        const given = account[field];
        if (!given) issues.push(requiredIssue(field));
        else if (given.toUpperCase() !== digit) issues.push(checkDigitIssue(field, ruleName, digit));
      }
      return issues;
    },
    nossoNumero(account, sequence, context) {
      const { value, checkDigit } = spec.nossoNumero(account, sequence, context);
      return { value, checkDigit, formatted: format(value, checkDigit, account.carteira) };
    },
    formatNossoNumero: (account, value, checkDigit) => format(value, checkDigit, account.carteira),
  };
}
