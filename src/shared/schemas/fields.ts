/**
 * The fields request schemas are made of, shared by the server (route bodies, the OpenAPI) and the web
 * app (its forms validate with the same schemas, so a field's error reads the same on both sides). Every
 * check names a human message ({@link msg}); lengths are read by the web's counters (`maxLengthOf`).
 * Pure zod and src/shared/br: no server or browser API.
 */
import { z } from 'zod';
import {
  CEP_INPUT,
  isCivilDate,
  isValidCep,
  normalizeCep,
  normalizePhoneBR,
  PHONE_INPUT,
  parseTaxId,
  TAX_ID_INPUT,
} from '../br/index.js';
import { type FieldMessageKey, msg } from './messages.js';

/**
 * Control characters (C0, DEL, C1) other than tab, line feed and carriage return, and UTF-16 surrogates
 * that are not part of a pair (JSON's `"\ud800"`): never meant as text, and trouble in e-mail, PDFs and CSV.
 */
const INVALID_CHARACTER =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LINE_BREAK_OR_TAB = /[\t\n\r]/;

/** Whether `s` is clean text: no control character (except tab and line breaks) and no lone surrogate. */
export const isCleanText = (s: string) => !INVALID_CHARACTER.test(s);

/**
 * A trimmed, single-line text: names, titles, labels. Refuses control characters (NUL, ESC, BEL…), line
 * breaks, tabs and lone surrogates with a field error. Chain `.min()` as needed.
 *
 * @example
 * z.strictObject({ name: text(120).min(2) })
 */
export const text = (max = 200) =>
  z
    .string()
    .trim()
    .max(max)
    .refine(isCleanText, msg('invalid_characters'))
    .refine((v) => !LINE_BREAK_OR_TAB.test(v), msg('single_line'));

/** A trimmed text of several lines (notes, descriptions, messages): like `text`, but newline and tab are fine. */
export const longText = (max = 5000) =>
  z.string().trim().max(max).refine(isCleanText, msg('invalid_characters'));

/** An optional single-line `text`; empty becomes null. */
export const optionalText = (max = 500) =>
  text(max)
    .nullish()
    .transform((v) => (v ? v : null));

/** An optional `longText`; empty becomes null. */
export const optionalLongText = (max = 5000) =>
  longText(max)
    .nullish()
    .transform((v) => (v ? v : null));

/** An e-mail address, trimmed and lower-cased; the OpenAPI shows `format: email`. */
export const email = z
  .string()
  .meta({ format: 'email' })
  .trim()
  .toLowerCase()
  .max(254)
  .refine((v) => z.email().safeParse(v).success, msg('invalid_email'));

/**
 * A civil date `YYYY-MM-DD` that exists (`2026-02-30` is refused); the OpenAPI shows `format: date` and
 * the pattern.
 */
export const civilDateField = z.iso.date(msg('invalid_date'));

/** A `YYYY-MM-DD` date that exists, trimmed; `format: date` without a pattern in the OpenAPI. */
export const civilDay = z.string().meta({ format: 'date' }).trim().refine(isCivilDate, msg('invalid_date'));

/** A time of day, `HH:mm` on a 24-hour clock (`08:30`, `23:59`). */
export const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, msg('invalid_time'));

/** A competência (the month a fee or an obligation refers to), `YYYY-MM`. */
export const PERIOD_PATTERN = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

/**
 * A nullable text field normalised by `fn`; a value `fn` rejects (returns null) is a field error. `shape`
 * is the OpenAPI `pattern` (the shape a client may send; `fn` stays the real check).
 */
function normalized(fn: (v: string) => string | null, key: FieldMessageKey, shape: RegExp, max = 40) {
  return (
    z
      .string()
      // Empty clears the field, so the documented shape allows it too.
      .meta({ pattern: `^(?:${shape.source.slice(1, -1)})?$` })
      .trim()
      .max(max)
      .nullish()
      .transform((v, ctx) => {
        if (!v) return null;
        const out = fn(v);
        if (out === null) {
          ctx.addIssue({ code: 'custom', message: key, params: { i18n: key }, input: v });
          return z.NEVER;
        }
        return out;
      })
  );
}

/** A Brazilian phone, any common spelling; stored E.164; empty clears it. */
export const phoneField = normalized(normalizePhoneBR, 'invalid_phone', PHONE_INPUT);
/** A CEP, formatted or bare; stored as 8 digits; empty clears it. */
export const cepField = normalized(
  (v) => (isValidCep(v) ? normalizeCep(v) : null),
  'invalid_cep',
  CEP_INPUT,
  12,
);

/** A CPF or a CNPJ (numeric or alphanumeric), formatted or bare; check digits checked, stored bare. */
export const taxIdField = z
  .string()
  .meta({
    pattern: TAX_ID_INPUT.source,
    description: 'CPF or CNPJ (alphanumeric root allowed), formatted or bare; check digits are verified',
  })
  .trim()
  .max(20)
  .refine((v) => parseTaxId(v) !== null, msg('invalid_tax_id'))
  .transform((v) => parseTaxId(v)!);

/** A birthday `YYYY-MM-DD`, or nothing. */
export const birthdayField = z
  .string()
  .meta({ format: 'date' })
  .nullish()
  .refine((v) => !v || isCivilDate(v), msg('invalid_date'))
  .transform((v) => v ?? null);

export const ufs = [
  'AC',
  'AL',
  'AP',
  'AM',
  'BA',
  'CE',
  'DF',
  'ES',
  'GO',
  'MA',
  'MT',
  'MS',
  'MG',
  'PA',
  'PB',
  'PR',
  'PE',
  'PI',
  'RJ',
  'RN',
  'RS',
  'RO',
  'RR',
  'SC',
  'SP',
  'SE',
  'TO',
] as const;

/** A UF as sent (any case); the OpenAPI lists the 27. */
export const uf = z
  .string()
  .meta({ enum: [...ufs] })
  .trim()
  .toUpperCase()
  .refine((v) => (ufs as readonly string[]).includes(v), msg('invalid_uf'));

/**
 * The most characters a text field of `schema` takes, read through optional, nullable, default and
 * transform wrappers (`text(200)` → 200, `optionalText(100)` → 100); undefined when unlimited. The web's
 * length counters read it, so the limit is written once, in the schema.
 */
export function maxLengthOf(schema: z.ZodType): number | undefined {
  let s: z.ZodType | undefined = schema;
  for (let i = 0; i < 10 && s; i++) {
    if (s instanceof z.ZodString) return s.maxLength ?? undefined;
    const def = s._zod.def as { type: string; in?: z.ZodType; innerType?: z.ZodType };
    s = def.type === 'pipe' ? def.in : def.innerType;
  }
  return undefined;
}
