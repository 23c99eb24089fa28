import type { CivilDate } from '../../br/index.js';
import { CnabError, type CnabIssue } from './cnab.errors.js';
import type { CnabLayout, Outcome, Words } from './layout.js';
import { type ReadRecord, type ReadValue, readFile } from './reader.js';
import type { CnabAccount } from './remessa.js';
import { nossoNumeroField, nossoNumeroOf } from './remessa.js';
import { type FieldValue, writeRecord } from './writer.js';

/** One event of a title the bank reports. */
export interface RetornoEntry {
  /** The line of the entry (segment T in CNAB 240, the detail in CNAB 400). */
  line: number;
  /** The nosso número's value, leading zeros dropped (as `nossoNumeroOf` reads it). */
  nossoNumero: string;
  occurrence: string;
  outcome: Outcome | 'unknown';
  words: Words;
  /** A rejection's reasons, in words. */
  reasons: { code: string; words: Words }[];
  amountCents: number;
  paidCents: number;
  tariffCents: number;
  /** Juros, multa and encargos the bank charged on top, together (the layouts have one field for them). */
  chargesCents: number;
  discountCents: number;
  occurredOn: CivilDate | null;
  creditOn: CivilDate | null;
}

export interface ReadRetorno {
  entries: RetornoEntry[];
  issues: CnabIssue[];
  fileSequence: number | null;
  generatedOn: CivilDate | null;
}

const num = (v: ReadValue | undefined) => (typeof v === 'number' ? v : Number(v ?? 0) || 0);
const str = (v: ReadValue | undefined) => (v === null || v === undefined ? '' : String(v));
const civil = (v: ReadValue | undefined) => (typeof v === 'string' && /^\d{4}-/.test(v) ? v : null);

const unknownWords = (code: string): Words => ({
  'pt-BR': `Ocorrência ${code} (sem descrição no layout)`,
  en: `Occurrence ${code} (not described in the layout)`,
});

function reasonsOf(layout: CnabLayout, raw: string): RetornoEntry['reasons'] {
  const out: RetornoEntry['reasons'] = [];
  const w = layout.reasonLength ?? 2;
  for (let i = 0; i + w <= raw.length; i += w) {
    const code = raw.slice(i, i + w);
    if (/^0*$/.test(code) || code.trim() === '') continue;
    out.push({
      code,
      words: layout.reasons[code] ?? { 'pt-BR': `Motivo ${code}`, en: `Reason ${code}` },
    });
  }
  return out;
}

function entryOf(
  layout: CnabLayout,
  line: number,
  v: Record<string, ReadValue>,
  u?: Record<string, ReadValue>,
): RetornoEntry {
  const occurrence = str(v.movement);
  const known = layout.occurrences[occurrence];
  const amounts = u ?? v;
  return {
    line,
    nossoNumero: nossoNumeroOf(layout.nossoNumero, str(v.nossoNumero)),
    occurrence,
    outcome: known?.outcome ?? 'unknown',
    words: known ? { 'pt-BR': known['pt-BR'], en: known.en } : unknownWords(occurrence),
    reasons: known?.outcome === 'rejected' ? reasonsOf(layout, str(v.reasons)) : [],
    amountCents: num(v.amount),
    paidCents: num(amounts.paid),
    tariffCents: num(v.tariff),
    chargesCents: num(amounts.charges),
    discountCents: num(amounts.discount),
    occurredOn: civil(amounts.occurredOn),
    creditOn: civil(amounts.creditOn),
  };
}

const fileIssue = (
  code: 'other_bank' | 'other_version' | 'not_retorno',
  line: number,
  position: number,
  field: string,
  value: string,
  expected: string,
) =>
  new CnabError(code, {
    params: { line, position, field, value, expected },
    extra: { line, position, field },
  });

/**
 * Reads a retorno for an account: every line checked against the layout (length, record type, each
 * field), then the file's own facts — its bank is the account's, its layout version is the layout's, it
 * is a retorno (not a remessa sent back by mistake), each segment T has its U. Returns the entries and
 * every issue; a caller applies nothing when there is any issue.
 */
export function readRetorno(layout: CnabLayout, lines: Iterable<string>): ReadRetorno {
  const arr = Array.isArray(lines) ? (lines as string[]) : [...lines];
  const first = arr[0] ?? '';
  // A file of another bank or version fails on every line; say why once, on line 1, instead.
  if (first.length > 0) {
    const bank = layout.format === '240' ? first.slice(0, 3) : first.slice(76, 79);
    if (first.length === layout.lineLength || layout.format === '240') {
      if (bank !== layout.bankCode && /^\d{3}$/.test(bank)) {
        return empty([
          fileIssue('other_bank', 1, layout.format === '240' ? 1 : 77, 'bankCode', bank, layout.bankCode),
        ]);
      }
    }
    if (first.length === layout.lineLength && layout.format === '240') {
      const version = first.slice(163, 166);
      if (version !== layout.version) {
        return empty([fileIssue('other_version', 1, 164, 'layoutVersion', version, layout.version)]);
      }
      if (first.charAt(142) !== '2') {
        return empty([fileIssue('not_retorno', 1, 143, 'direction', first.charAt(142), '2')]);
      }
    }
    if (first.length === layout.lineLength && layout.format === '400' && first.charAt(1) !== '2') {
      return empty([fileIssue('not_retorno', 1, 2, 'direction', first.charAt(1), '2')]);
    }
  }
  const { records, issues } = readFile(layout, arr, 'retorno');
  const header = records[0]?.line === 1 ? records[0] : undefined;
  const entries: RetornoEntry[] = [];
  let pendingT: ReadRecord | null = null;
  for (const r of records) {
    if (r.kind === 'T') {
      if (pendingT) issues.push(unpaired(pendingT));
      pendingT = r;
    } else if (r.kind === 'U') {
      if (!pendingT) issues.push(unpaired(r));
      else entries.push(entryOf(layout, pendingT.line, pendingT.values, r.values));
      pendingT = null;
    } else if (r.kind === 'retornoDetail') {
      entries.push(entryOf(layout, r.line, r.values));
    } else if (pendingT) {
      issues.push(unpaired(pendingT));
      pendingT = null;
    }
  }
  return {
    entries,
    issues,
    fileSequence: header?.values.fileSequence ? Number(header.values.fileSequence) : null,
    generatedOn: civil(header?.values.generatedOn),
  };
}

const unpaired = (r: ReadRecord) =>
  new CnabError('unpaired_segment', {
    params: { line: r.line, field: r.kind },
    extra: { line: r.line, position: 14, field: 'segment' },
  });

const empty = (issues: CnabIssue[]): ReadRetorno => ({
  entries: [],
  issues,
  fileSequence: null,
  generatedOn: null,
});

// ---------------------------------------------------------------- the bank's side

/** An event to report in a retorno written as the bank would (tests, the benchmark, the demo). */
export interface BankEvent {
  nossoNumero: string;
  nossoNumeroDv: string;
  occurrence: string;
  amountCents: number;
  paidCents?: number;
  tariffCents?: number;
  chargesCents?: number;
  occurredOn: CivilDate;
  creditOn?: CivilDate | null;
  /** Up to five two-digit reason codes, for a rejection. */
  reasons?: string[];
  dueDate?: CivilDate;
}

/**
 * Writes a retorno as the account's bank would, in the layout given: what a bank sends back after a
 * remessa. Used to round-trip a remessa in the tests and to feed the benchmark; never to fake a payment.
 */
export function writeRetorno(
  layout: CnabLayout,
  account: CnabAccount,
  sequence: number,
  generatedOn: CivilDate,
  events: readonly BankEvent[],
): string {
  const lines: string[] = [];
  const add = (kind: string, values: Record<string, FieldValue>) =>
    lines.push(writeRecord(layout, kind, values, lines.length + 1));
  const nn = (e: BankEvent) => {
    const f = nossoNumeroField(layout.nossoNumero, e.nossoNumero, e.nossoNumeroDv);
    return layout.nossoNumero.fill === 'zeros' ? f.padStart(layout.format === '240' ? 20 : 12, '0') : f;
  };
  const reasons = (e: BankEvent) =>
    (e.reasons ?? []).map((r) => r.padStart(layout.reasonLength ?? 2, '0')).join('');
  if (layout.format === '240') {
    const common = {
      companyDocumentType: account.companyDocument.length === 11 ? 1 : 2,
      companyDocument: account.companyDocument,
      convenio: account.convenio,
      agency: account.agency,
      agencyDigit: account.agencyDigit,
      account: account.account,
      accountDigit: account.accountDigit,
      companyName: account.companyName,
    };
    add('header', {
      ...common,
      bankName: layout.bankName,
      direction: 2,
      generatedOn,
      fileSequence: sequence,
    });
    add('lotHeader', { ...common, lot: 1, operation: 'T', fileSequence: sequence, generatedOn });
    let seq = 0;
    for (const e of events) {
      add('T', {
        lot: 1,
        sequence: ++seq,
        movement: e.occurrence,
        agency: account.agency,
        account: account.account,
        nossoNumero: nn(e),
        carteira: 1,
        dueDate: e.dueDate ?? null,
        amount: e.amountCents,
        tariff: e.tariffCents ?? 0,
        reasons: reasons(e),
      });
      add('U', {
        lot: 1,
        sequence: ++seq,
        movement: e.occurrence,
        charges: e.chargesCents ?? 0,
        paid: e.paidCents ?? 0,
        credited: Math.max(0, (e.paidCents ?? 0) - (e.tariffCents ?? 0)),
        occurredOn: e.occurredOn,
        creditOn: e.creditOn ?? null,
      });
    }
    add('lotTrailer', { lot: 1, lotRecords: seq + 2 });
    add('trailer', { lots: 1, records: lines.length + 1 });
  } else {
    const withSeq = (kind: string, values: Record<string, FieldValue>) =>
      add(kind, { ...values, sequence: lines.length + 1 });
    withSeq('retornoHeader', {
      companyCode: account.convenio,
      companyName: account.companyName,
      generatedOn,
    });
    for (const e of events) {
      withSeq('retornoDetail', {
        companyDocumentType: account.companyDocument.length === 11 ? '01' : '02',
        companyDocument: account.companyDocument,
        nossoNumero: nn(e),
        movement: e.occurrence,
        occurredOn: e.occurredOn,
        dueDate: e.dueDate ?? null,
        amount: e.amountCents,
        tariff: e.tariffCents ?? 0,
        paid: e.paidCents ?? 0,
        charges: e.chargesCents ?? 0,
        creditOn: e.creditOn ?? null,
        reasons: reasons(e),
      });
    }
    withSeq('retornoTrailer', { count: events.length });
  }
  return `${lines.join('\r\n')}\r\n`;
}
