import { normalizePixText } from '../../br/index.js';
import { CnabError } from './cnab.errors.js';
import type { CnabLayout, FieldSpec, FieldValue } from './layout.js';

export type { FieldValue } from './layout.js';

/** Printable ASCII without runs of spaces: nothing for `normalizePixText` to do (the common case). */
const PRINTABLE = /^(?:[\x21-\x7e]| (?! ))*$/;

// Fills made once, not per field: a remessa of 10,000 titles formats about a million fields.
const SPACES = Array.from({ length: 401 }, (_, n) => ' '.repeat(n));
const ZEROS = Array.from({ length: 401 }, (_, n) => '0'.repeat(n));
const fill = (c: string, n: number) =>
  (c === ' ' ? SPACES[n] : c === '0' ? ZEROS[n] : undefined) ?? c.repeat(n);

const pad = (s: string, n: number, c: string, left: boolean) =>
  s.length >= n ? s : left ? fill(c, n - s.length) + s : s + fill(c, n - s.length);

function date(value: string, length: 6 | 8): string {
  const [y, m, d] = value.split('-');
  return length === 8 ? `${d}${m}${y}` : `${d}${m}${y!.slice(2)}`;
}

const DIGITS = /^\d+$/;

// A function of its own, not a closure made per field: the writer runs a million times per remessa.
function tooLong(f: FieldSpec, value: string, line: number) {
  return new CnabError('too_long', {
    params: { line, position: f.start, field: f.name, value, expected: f.length },
  });
}

/** One field as it goes into the line (`line` names the line in the error of a value too long). */
export function formatField(f: FieldSpec, value: FieldValue, line: number): string {
  if (f.constant !== undefined) return f.constant;
  if (value === null || value === undefined || value === '') {
    return fill(f.kind === 'alpha' ? ' ' : '0', f.length);
  }
  switch (f.kind) {
    case 'alpha': {
      // Banks take ASCII upper case: accents removed as PIX does, the rest cut to the field.
      const s = String(value);
      const ascii = PRINTABLE.test(s) ? s.trim() : normalizePixText(s);
      return pad(ascii.toUpperCase().slice(0, f.length), f.length, ' ', false);
    }
    case 'num':
    case 'money': {
      let s = String(value);
      if (!DIGITS.test(s)) throw tooLong(f, s, line);
      // A value zero-filled for a wider field (a 12-digit nosso número into a bank's 8) loses its zeros only.
      if (s.length > f.length) s = s.replace(/^0+(?=\d)/, '');
      if (s.length > f.length) throw tooLong(f, s, line);
      return pad(s, f.length, '0', true);
    }
    case 'date8':
    case 'date6':
      return date(String(value), f.kind === 'date8' ? 8 : 6);
    case 'time6':
      return pad(String(value).replace(/\D/g, ''), 6, '0', true).slice(0, 6);
  }
}

/**
 * Writes one record of a layout from its values by field name (a field without a value is blank or
 * zeros; constants are the layout's).
 * @example writeRecord(layout237x400, 'trailer', { sequence: 12 }, 12)
 */
export function writeRecord(
  layout: CnabLayout,
  kind: string,
  values: Readonly<Record<string, FieldValue>>,
  line: number,
): string {
  const fields = layout.records[kind];
  if (!fields) throw new Error(`layout ${layout.id} has no record ${kind}`);
  const adapt = layout.adapt?.[kind];
  const v = adapt ? adapt(values) : values;
  let out = '';
  for (const f of fields) out += formatField(f, v[f.name], line);
  return out;
}
