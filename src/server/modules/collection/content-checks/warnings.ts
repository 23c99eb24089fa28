import { interpolate, type Lang, type Localized } from '../../../http/i18n.js';
import { formatTaxId, normalizeCnpj } from '../../br/index.js';
import { dateLabel, daysBetween, monthLabel, monthRange } from './competencia.js';

/**
 * The warnings a file's content can raise on the client's page: the file is kept (the client may have a
 * reason), but the page says plainly what looks wrong, in the client's words, and lets them keep it or
 * replace it. Codes are stable (the API sends them); messages are in both languages.
 */
export const contentWarnings = {
  statement_other_period: {
    'pt-BR': 'Este extrato é de {period}; pedimos {competencia}.',
    en: 'This statement is for {period}; we asked for {competencia}.',
  },
  statement_partial_period: {
    'pt-BR': 'Este extrato vai de {start} a {end} e não cobre {competencia} inteiro.',
    en: 'This statement runs from {start} to {end} and does not cover all of {competencia}.',
  },
  statement_no_period: {
    'pt-BR': 'Não encontramos o período deste extrato; confira se é o de {competencia}.',
    en: 'We could not find the period of this statement; check that it is the one for {competencia}.',
  },
  invoice_other_month: {
    'pt-BR': 'Esta nota é de {month}; pedimos {competencia}.',
    en: 'This invoice is from {month}; we asked for {competencia}.',
  },
  invoice_other_company: {
    'pt-BR': 'Esta nota é do {document}, que não é da empresa {company}.',
    en: 'This invoice belongs to {document}, which is not the company {company}.',
  },
  invoice_other_branch: {
    'pt-BR': 'Esta nota é da filial {document}; pedimos as notas de {company}.',
    en: 'This invoice belongs to the branch {document}; we asked for the invoices of {company}.',
  },
} as const satisfies Record<string, Localized>;

export type ContentWarningCode = keyof typeof contentWarnings;

/** A warning about a file's content: a stable code and the sentence to show the client. */
export interface ContentWarning {
  code: ContentWarningCode;
  message: Localized;
}

/** What the item asked for: whose file, and of which month. */
export interface ContentExpectation {
  /** The competência, `YYYY-MM`. */
  competencia: string;
  /** The item's company: its name and CPF/CNPJ (bare or formatted; null when the client has none). */
  company: { name: string; document: string | null };
}

type Params = Record<Lang, Record<string, string>>;

function warning(code: ContentWarningCode, params: Params): ContentWarning {
  const text = contentWarnings[code];
  return {
    code,
    message: { 'pt-BR': interpolate(text['pt-BR'], params['pt-BR']), en: interpolate(text.en, params.en) },
  };
}

const both = (f: (lang: Lang) => Record<string, string>): Params => ({ 'pt-BR': f('pt-BR'), en: f('en') });

/** A document as the client reads it: `CNPJ 12.345.678/0001-90`, `CPF 123.456.789-09`. */
function documentLabel(doc: string): string {
  const bare = normalizeCnpj(doc);
  const kind = bare.length === 11 ? 'CPF' : bare.length === 14 ? 'CNPJ' : null;
  return kind ? `${kind} ${formatTaxId(bare)}` : doc;
}

function companyLabel(company: ContentExpectation['company']): string {
  return company.document
    ? `${company.name} (${formatTaxId(normalizeCnpj(company.document))})`
    : company.name;
}

/** The statement's period against the competência's month. */
export function statementWarnings(
  period: { start: string | null; end: string | null },
  expected: ContentExpectation,
): ContentWarning[] {
  const month = monthRange(expected.competencia);
  const competencia = (lang: Lang) => monthLabel(expected.competencia, lang);
  const { start, end } = period;
  if (!start || !end)
    return [
      warning(
        'statement_no_period',
        both((l) => ({ competencia: competencia(l) })),
      ),
    ];
  const [from, to] = start <= end ? [start, end] : [end, start];
  if (to < month.first || from > month.last) {
    const sameMonth = from.slice(0, 7) === to.slice(0, 7);
    return [
      warning(
        'statement_other_period',
        both((l) => ({
          period: sameMonth
            ? monthLabel(from.slice(0, 7), l)
            : l === 'pt-BR'
              ? `${dateLabel(from, l)} a ${dateLabel(to, l)}`
              : `${dateLabel(from, l)} to ${dateLabel(to, l)}`,
          competencia: competencia(l),
        })),
      ),
    ];
  }
  // Banks date a month's statement loosely (the first transaction, the export day): a few days short at
  // either end is still the month.
  const SLACK_DAYS = 3;
  if (daysBetween(month.first, from) > SLACK_DAYS || daysBetween(to, month.last) > SLACK_DAYS)
    return [
      warning(
        'statement_partial_period',
        both((l) => ({ start: dateLabel(from, l), end: dateLabel(to, l), competencia: competencia(l) })),
      ),
    ];
  return [];
}

/** The nota's month against the competência, and its parties against the company. */
export function invoiceWarnings(
  facts: { issuedOn: string; emitter: string | null; recipient: string | null },
  expected: ContentExpectation,
): ContentWarning[] {
  const warnings: ContentWarning[] = [];
  const month = facts.issuedOn.slice(0, 7);
  if (month !== expected.competencia)
    warnings.push(
      warning(
        'invoice_other_month',
        both((l) => ({ month: monthLabel(month, l), competencia: monthLabel(expected.competencia, l) })),
      ),
    );
  const company = expected.company.document ? normalizeCnpj(expected.company.document) : null;
  if (!company) return warnings;
  const parties = [facts.emitter, facts.recipient].filter((d): d is string => !!d).map(normalizeCnpj);
  if (parties.includes(company)) return warnings;
  const params = (doc: string) =>
    both(() => ({ document: documentLabel(doc), company: companyLabel(expected.company) }));
  // A CNPJ's first 8 characters are the company; the rest names the branch (filial).
  const branch =
    company.length === 14
      ? parties.find((d) => d.length === 14 && d.slice(0, 8) === company.slice(0, 8))
      : null;
  if (branch) warnings.push(warning('invoice_other_branch', params(branch)));
  else {
    // Neither party is the company: name the emitter, whose nota it is (the recipient of a NFC-e may be absent).
    const shown = facts.emitter ?? facts.recipient;
    if (shown) warnings.push(warning('invoice_other_company', params(shown)));
  }
  return warnings;
}
