/**
 * CNAB — terminology:
 * - a *layout* is one bank's fixed-width file format for cobrança in one version (`237-400`, `341-240`):
 *   the line length (240 or 400), its records and, for each record, its fields by position. Layouts are
 *   data (`layouts/<bank>-<240|400>.ts`), read by one generic writer (`writer.ts`) and one generic reader
 *   (`reader.ts`); adding a bank is adding a file and listing it in `layouts/index.ts`.
 * - a *record* is one line, named by its kind: `header` and `trailer` of the file, `lotHeader` and
 *   `lotTrailer` of a lot (CNAB 240), the segments `P`, `Q`, `R` of a remessa title and `T`, `U` of a
 *   retorno entry (CNAB 240), or `detail` (CNAB 400).
 * - a *remessa* is the file the office sends its bank to register boletos; a *retorno* is the file the
 *   bank sends back: one entry per event of a title (entry confirmed or rejected, paid, written off),
 *   each with the bank's occurrence code (`02`, `03`, `06`…) and, when rejected, up to five reason codes.
 *
 * Positions are 1-based and inclusive, as the banks' manuals print them ("de 38 até 57").
 */

/**
 * How a field's value is written and read:
 * - `num`: digits, zero-filled on the left;
 * - `alpha`: text, upper case without accents, space-filled on the right;
 * - `money`: cents as digits (two implied decimals), zero-filled;
 * - `date8`: `DDMMAAAA`, `date6`: `DDMMAA` (zeros: no date);
 * - `time6`: `HHMMSS`.
 */
export type FieldKind = 'num' | 'alpha' | 'money' | 'date8' | 'date6' | 'time6';

/** A value a field takes: digits or text, cents, a civil date (`YYYY-MM-DD`), or nothing (blank/zeros). */
export type FieldValue = string | number | null | undefined;

/** `[name, from, to, kind, constant?]` — as a manual's table reads. A constant is written as is and checked on reading. */
export type FieldRow = readonly [name: string, from: number, to: number, kind: FieldKind, constant?: string];

export interface FieldSpec {
  name: string;
  start: number;
  length: number;
  kind: FieldKind;
  constant?: string;
}

/** What a retorno's occurrence (código de movimento) does to a title. */
export type Outcome = 'confirmed' | 'rejected' | 'paid' | 'written_off' | 'info';

export interface Words {
  'pt-BR': string;
  en: string;
}

export interface Occurrence extends Words {
  outcome: Outcome;
}

/** Where a line says which record it is: the record type, and for detail lines of CNAB 240 the segment. */
export interface RecordKey {
  /** Position of the record type (`0`, `1`, `3`, `5`, `9` in CNAB 240; `0`, `1`, `9` in CNAB 400). */
  typeAt: number;
  /** Position of the segment letter, read only for record types in `segmentTypes`. */
  segmentAt?: number;
  segmentTypes?: readonly string[];
}

export interface CnabLayout {
  /** `<bank>-<format>`, e.g. `341-240`. */
  id: string;
  bankCode: string;
  bankName: string;
  format: '240' | '400';
  /** The layout version the file header carries (CNAB 240: positions 164–166; CNAB 400: none). */
  version: string;
  lineLength: number;
  key: RecordKey;
  /** Record kind by key (`'0'`, `'1'`, `'3P'`, `'3T'`…) in a remessa. */
  kinds: Readonly<Record<string, string>>;
  /** In a retorno, when its records differ from the remessa's under the same keys (CNAB 400). */
  retornoKinds?: Readonly<Record<string, string>>;
  records: Readonly<Record<string, readonly FieldSpec[]>>;
  /** Retorno occurrence codes (código de movimento retorno / identificação de ocorrência). */
  occurrences: Readonly<Record<string, Occurrence>>;
  /** Reasons of a rejection (motivos), by code. */
  reasons: Readonly<Record<string, Words>>;
  /** Characters per reason code in the retorno's reasons field: 2 (FEBRABAN, most banks) or 3 (Santander 400). */
  reasonLength?: number;
  /** How this bank writes the nosso número in its field. */
  nossoNumero: NossoNumeroFormat;
  /**
   * A bank's own codes for what the writer passes in common terms, by record kind: the values given to
   * `writeRecord` go through it first (Santander 400 writes a multa as code 4 where Bradesco's is 2).
   */
  adapt?: Readonly<
    Record<string, (values: Readonly<Record<string, FieldValue>>) => Record<string, FieldValue>>
  >;
}

/** The nosso número in a remessa/retorno field: with or without its check digit, aligned how. */
export interface NossoNumeroFormat {
  withCheckDigit: boolean;
  /** `zeros`: right-aligned, zero-filled; `left`: left-aligned, space-filled. */
  fill: 'zeros' | 'left';
}

/** Builds a record's fields from its manual's rows, checking they cover the line exactly once. */
export function record(lineLength: number, rows: readonly FieldRow[]): FieldSpec[] {
  let next = 1;
  const fields: FieldSpec[] = [];
  for (const [name, from, to, kind, constant] of rows) {
    if (from !== next) throw new Error(`layout: field ${name} starts at ${from}, expected ${next}`);
    if (to < from) throw new Error(`layout: field ${name} ends before it starts`);
    if (constant !== undefined && constant.length !== to - from + 1) {
      throw new Error(`layout: constant of ${name} is not ${to - from + 1} characters`);
    }
    fields.push({
      name,
      start: from,
      length: to - from + 1,
      kind,
      ...(constant !== undefined ? { constant } : {}),
    });
    next = to + 1;
  }
  if (next !== lineLength + 1) throw new Error(`layout: record ends at ${next - 1}, expected ${lineLength}`);
  return fields;
}

const KINDS: ReadonlySet<string> = new Set<FieldKind>(['num', 'alpha', 'money', 'date8', 'date6', 'time6']);

/** The words of one table line: blank-separated, a double-quoted word may hold blanks. */
const wordsOf = (line: string) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);

/** A tagged template's text, its values put in place. */
const joined = (strings: TemplateStringsArray, values: readonly unknown[]) =>
  strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ''), '');

/**
 * A table of fields as a manual prints it, one field a line: `name from to kind [constant]`. A constant
 * shorter than its field is filled as the field's kind is (text: blanks on the right; digits: zeros on
 * the left); a constant with blanks is quoted. Values may be put in with `${}`.
 * @example fields`
 *   bankCode     1   3  num    ${bank}
 *   serviceName 12  26  alpha  COBRANCA
 * `
 */
export function fields(strings: TemplateStringsArray, ...values: readonly unknown[]): FieldRow[] {
  const rows: FieldRow[] = [];
  for (const line of joined(strings, values).split('\n')) {
    const w = wordsOf(line);
    if (w.length === 0) continue;
    const [name, from, to, kind, constant] = w as [string, string, string, string, string?];
    const start = Number(from);
    const end = Number(to);
    if (!(start > 0 && end >= start) || !KINDS.has(kind) || w.length > 5) {
      throw new Error(`layout: bad field line "${line.trim()}"`);
    }
    const length = end - start + 1;
    const c =
      constant === undefined
        ? undefined
        : kind === 'alpha'
          ? constant.padEnd(length, ' ')
          : constant.padStart(length, '0');
    rows.push(
      c === undefined ? [name, start, end, kind as FieldKind] : [name, start, end, kind as FieldKind, c],
    );
  }
  return rows;
}

/**
 * A group of fields placed from a position: the group is written once (its positions from 1, or as in
 * the record it was first seen in) and put where each record carries it.
 * @example at(53, accountGroup) // agência and conta from position 53 of the file header
 */
export function at(start: number, group: readonly FieldRow[]): FieldRow[] {
  const shift = start - (group[0]?.[1] ?? start);
  return group.map(([name, from, to, kind, constant]) =>
    constant === undefined
      ? [name, from + shift, to + shift, kind]
      : [name, from + shift, to + shift, kind, constant],
  );
}

/** A group's fields under a prefix: `agency` → `debitAgency`. */
export const prefixed = (prefix: string, group: readonly FieldRow[]): FieldRow[] =>
  group.map(([name, ...rest]) => [prefix + name.charAt(0).toUpperCase() + name.slice(1), ...rest]);

/** `pt-BR | en` of a table line. */
function wordsPair(text: string, line: string): Words {
  const [pt, en] = text.split('|').map((s) => s.trim());
  if (!pt || !en) throw new Error(`layout: line "${line.trim()}" needs "pt-BR | en"`);
  return { 'pt-BR': pt, en };
}

/**
 * Retorno occurrences as a table, one a line: `code outcome pt-BR words | English words`.
 * @example occurrences`
 *   02 confirmed   Entrada confirmada | Entry confirmed
 * `
 */
export function occurrences(strings: TemplateStringsArray, ...values: readonly unknown[]) {
  const out: Record<string, Occurrence> = {};
  const outcomes: readonly string[] = ['confirmed', 'rejected', 'paid', 'written_off', 'info'];
  for (const line of joined(strings, values).split('\n')) {
    const m = /^\s*(\S+)\s+(\S+)\s+(.+)$/.exec(line);
    if (!m) continue;
    if (!outcomes.includes(m[2]!)) throw new Error(`layout: bad outcome in "${line.trim()}"`);
    out[m[1]!] = { outcome: m[2] as Outcome, ...wordsPair(m[3]!, line) };
  }
  return out;
}

/** Rejection reasons as a table, one a line: `code pt-BR words | English words`. */
export function reasons(strings: TemplateStringsArray, ...values: readonly unknown[]) {
  const out: Record<string, Words> = {};
  for (const line of joined(strings, values).split('\n')) {
    const m = /^\s*(\S+)\s+(.+)$/.exec(line);
    if (m) out[m[1]!] = wordsPair(m[2]!, line);
  }
  return out;
}

/** The entries of a table under the codes given (blank-separated): a bank that shares part of a table. */
export function pick<T>(table: Readonly<Record<string, T>>, codes: string): Record<string, T> {
  const out: Record<string, T> = {};
  for (const code of codes.split(/\s+/).filter(Boolean)) {
    const v = table[code];
    if (v === undefined) throw new Error(`layout: no entry ${code} to pick`);
    out[code] = v;
  }
  return out;
}

/** The identity of a bank's layout in a format: its id, bank, format and line length. */
export const identity = (bank: { bankCode: string; bankName: string }, format: '240' | '400') => ({
  id: `${bank.bankCode}-${format}`,
  bankCode: bank.bankCode,
  bankName: bank.bankName,
  format,
  lineLength: format === '240' ? 240 : 400,
});

/** The record kind of a line, or null when its key names none. */
export function kindOf(layout: CnabLayout, line: string, direction: Direction): string | null {
  const kinds = (direction === 'retorno' && layout.retornoKinds) || layout.kinds;
  const type = line.charAt(layout.key.typeAt - 1);
  if (layout.key.segmentAt && layout.key.segmentTypes?.includes(type)) {
    return kinds[type + line.charAt(layout.key.segmentAt - 1)] ?? null;
  }
  return kinds[type] ?? null;
}

export type Direction = 'remessa' | 'retorno';
