import { CnabError, type CnabIssue } from './cnab.errors.js';
import { type CnabLayout, type Direction, type FieldSpec, kindOf } from './layout.js';

/** A value as read: text trimmed, digits as a string, money as cents, dates as `YYYY-MM-DD` or null. */
export type ReadValue = string | number | null;

export interface ReadRecord {
  line: number;
  kind: string;
  values: Record<string, ReadValue>;
}

function civil(d: string, m: string, y: string): string | null {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (
    date.getUTCFullYear() !== Number(y) ||
    date.getUTCMonth() !== Number(m) - 1 ||
    date.getUTCDate() !== Number(d)
  ) {
    return null;
  }
  return `${y}-${m}-${d}`;
}

const issue = (
  code: ConstructorParameters<typeof CnabError>[0],
  line: number,
  f: FieldSpec | null,
  extra: Record<string, string | number> = {},
): CnabIssue =>
  new CnabError(code, {
    params: { line, position: f?.start ?? 1, field: f?.name ?? '', ...extra },
    extra: { line, position: f?.start ?? null, field: f?.name ?? null },
  });

/** Reads one field, or returns the issue with it. */
function readField(f: FieldSpec, raw: string, line: number): ReadValue | CnabIssue {
  if (f.constant !== undefined && raw !== f.constant) {
    return issue('constant', line, f, { expected: f.constant, value: raw });
  }
  switch (f.kind) {
    case 'alpha':
      return raw.trim();
    case 'num':
    case 'time6': {
      // Some banks leave a numeric field they do not use in blanks.
      if (raw.trim() === '') return null;
      if (!/^\d+$/.test(raw)) return issue('not_numeric', line, f, { value: raw });
      return raw;
    }
    case 'money': {
      if (raw.trim() === '') return 0;
      if (!/^\d+$/.test(raw)) return issue('not_numeric', line, f, { value: raw });
      return Number(raw);
    }
    case 'date8':
    case 'date6': {
      if (/^0*$/.test(raw) || raw.trim() === '') return null;
      if (!/^\d+$/.test(raw)) return issue('bad_date', line, f, { value: raw });
      const d = raw.slice(0, 2);
      const m = raw.slice(2, 4);
      // DDMMAA: years 00–69 are 20xx (no boleto of the 1900s is still open).
      const y =
        f.kind === 'date8'
          ? raw.slice(4, 8)
          : `${Number(raw.slice(4, 6)) < 70 ? '20' : '19'}${raw.slice(4, 6)}`;
      return civil(d, m, y) ?? issue('bad_date', line, f, { value: raw });
    }
  }
}

/**
 * Reads one line of a layout: its record kind from the key, then each field, checked. Returns the record,
 * or every issue found on the line (its length, its record type, each field's constant, digits, date).
 */
export function readLine(
  layout: CnabLayout,
  text: string,
  line: number,
  direction: Direction,
): ReadRecord | CnabIssue[] {
  if (text.length !== layout.lineLength) {
    return [
      new CnabError('line_length', {
        params: { line, actual: text.length, expected: layout.lineLength, layout: layout.id },
        extra: { line, position: null, field: null },
      }),
    ];
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a CNAB line is printable text only
  if (/[\x00-\x08\x0b-\x1f\x7f]/.test(text)) {
    return [
      new CnabError('not_a_text_file', { params: { line }, extra: { line, position: null, field: null } }),
    ];
  }
  const kind = kindOf(layout, text, direction);
  if (!kind) {
    const at = layout.key.typeAt;
    return [
      new CnabError('unknown_record', {
        params: { line, position: at, value: text.charAt(at - 1), layout: layout.id },
        extra: { line, position: at, field: 'recordType' },
      }),
    ];
  }
  const values: Record<string, ReadValue> = {};
  const issues: CnabIssue[] = [];
  for (const f of layout.records[kind]!) {
    const v = readField(f, text.slice(f.start - 1, f.start - 1 + f.length), line);
    if (v instanceof CnabError) issues.push(v);
    else values[f.name] = v;
  }
  return issues.length ? issues : { line, kind, values };
}

/** Splits text into lines (CRLF or LF; a last empty line and a DOS end-of-file mark are not lines). */
export function linesOf(text: string): string[] {
  const lines = text.split(/\r?\n/);
  while (lines.length && (lines.at(-1) === '' || lines.at(-1) === '\x1a')) lines.pop();
  return lines;
}

export interface ReadFile {
  records: ReadRecord[];
  issues: CnabIssue[];
}

/**
 * Reads a whole file line by line; every issue of every line is collected (a caller refuses the file
 * when there is any). Checks beyond each line: it starts with a file header and ends with a file trailer.
 */
export function readFile(layout: CnabLayout, lines: Iterable<string>, direction: Direction): ReadFile {
  const records: ReadRecord[] = [];
  const issues: CnabIssue[] = [];
  let n = 0;
  for (const text of lines) {
    n++;
    const r = readLine(layout, text, n, direction);
    if (Array.isArray(r)) issues.push(...r);
    else records.push(r);
  }
  if (n === 0) return { records, issues: [new CnabError('empty_file')] };
  const headerKind = direction === 'retorno' && layout.retornoKinds ? layout.retornoKinds['0'] : 'header';
  const trailerKind = direction === 'retorno' && layout.retornoKinds ? layout.retornoKinds['9'] : 'trailer';
  if (records[0]?.line === 1 && records[0].kind !== headerKind) {
    issues.unshift(new CnabError('no_header', { extra: { line: 1, position: null, field: null } }));
  }
  const last = records.at(-1);
  if (last?.line === n && last.kind !== trailerKind) {
    issues.push(
      new CnabError('no_trailer', { params: { line: n }, extra: { line: n, position: null, field: null } }),
    );
  }
  return { records, issues };
}
