/** Shared field checks for the banks' account validation (bilingual, so the server and the form agree). */
import type { AccountIssue, BoletoAccount } from './types.js';

const labels: Record<AccountIssue['field'], { 'pt-BR': string; en: string }> = {
  agency: { 'pt-BR': 'A agência', en: 'The agency' },
  agencyDigit: { 'pt-BR': 'O dígito da agência', en: 'The agency check digit' },
  account: { 'pt-BR': 'A conta', en: 'The account' },
  accountDigit: { 'pt-BR': 'O dígito da conta', en: 'The account check digit' },
  carteira: { 'pt-BR': 'A carteira', en: 'The carteira' },
  convenio: { 'pt-BR': 'O convênio / código do beneficiário', en: 'The convênio / beneficiary code' },
  variation: { 'pt-BR': 'A variação / posto', en: 'The variation / posto' },
};

/** "must have N digits" for a field. */
export function lengthIssue(field: AccountIssue['field'], lengths: readonly number[]): AccountIssue {
  const pt = lengths.join(' ou ');
  const en = lengths.join(' or ');
  return {
    field,
    code: 'length',
    message: {
      'pt-BR': `${labels[field]['pt-BR']} deve ter ${pt} dígitos.`,
      en: `${labels[field].en} must have ${en} digits.`,
    },
  };
}

/** "must have at most N digits" for a field. */
export function maxLengthIssue(field: AccountIssue['field'], max: number): AccountIssue {
  return {
    field,
    code: 'max_length',
    message: {
      'pt-BR': `${labels[field]['pt-BR']} deve ter de 1 a ${max} dígitos.`,
      en: `${labels[field].en} must have 1 to ${max} digits.`,
    },
  };
}

/** The check digit does not match the number (and says which digit the bank's rule gives). */
export function checkDigitIssue(
  field: 'agencyDigit' | 'accountDigit',
  bank: string,
  expected: string,
): AccountIssue {
  return {
    field,
    code: 'check_digit',
    message: {
      'pt-BR': `${labels[field]['pt-BR']} não confere pela regra do ${bank} (o dígito calculado é ${expected}).`,
      en: `${labels[field].en} does not match ${bank}'s rule (the computed digit is ${expected}).`,
    },
  };
}

export function requiredIssue(field: AccountIssue['field']): AccountIssue {
  return {
    field,
    code: 'required',
    message: {
      'pt-BR': `${labels[field]['pt-BR']} é obrigatório(a).`,
      en: `${labels[field].en} is required.`,
    },
  };
}

export function carteiraIssue(carteiras: readonly string[]): AccountIssue {
  return {
    field: 'carteira',
    code: 'carteira',
    message: {
      'pt-BR': `Carteira não suportada para este banco. Use: ${carteiras.join(', ')}.`,
      en: `Carteira not supported for this bank. Use: ${carteiras.join(', ')}.`,
    },
  };
}

/** Common checks: digits and lengths of agency, account and convênio, the carteira among those supported. */
export function basicIssues(
  account: BoletoAccount,
  rules: {
    agencyLength: number;
    accountMaxLength: number;
    convenioLengths: readonly number[];
    carteiras: readonly string[];
  },
): AccountIssue[] {
  const issues: AccountIssue[] = [];
  if (!new RegExp(`^\\d{${rules.agencyLength}}$`).test(account.agency)) {
    issues.push(lengthIssue('agency', [rules.agencyLength]));
  }
  if (!new RegExp(`^\\d{1,${rules.accountMaxLength}}$`).test(account.account)) {
    issues.push(maxLengthIssue('account', rules.accountMaxLength));
  }
  const convenioUsed = rules.convenioLengths.length > 0;
  if (
    convenioUsed &&
    (!/^\d+$/.test(account.convenio) || !rules.convenioLengths.includes(account.convenio.length))
  ) {
    issues.push(lengthIssue('convenio', rules.convenioLengths));
  }
  if (!rules.carteiras.includes(account.carteira)) issues.push(carteiraIssue(rules.carteiras));
  return issues;
}
