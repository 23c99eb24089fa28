import { z } from 'zod';
import { PERIOD_PATTERN } from '../../shared/schemas/fields.js';
import { CEP_STORED, CNPJ_STORED, CPF_STORED, PHONE_STORED, TAX_ID_STORED } from '../modules/br/index.js';

/** Shared pieces of HTTP schemas. */

export const idParam = z.strictObject({ id: z.uuid() });

// The request fields live in src/shared/schemas/fields.ts, where the web's forms import them too.
export {
  isCleanText,
  longText,
  optionalLongText,
  text,
} from '../../shared/schemas/fields.js';

/**
 * Fields of response schemas that document a shape: `out.dateTime`, `out.taxId`, `out.cents`…
 *
 * Answers are written by the server from what it checked on the way in, so these only add the OpenAPI
 * `format` or `pattern` (with `.meta()`, which zod renders as is) and are not re-checked on the way out:
 * a stricter answer schema would turn one odd stored value into a 500. The OpenAPI contract test
 * validates real answers against them, formats included. Money is the exception: an integer of cents,
 * never negative, checked as such.
 */
export const out = {
  /** An instant, ISO 8601 in UTC: `2026-11-23T12:00:00.000Z`. */
  dateTime: z.string().meta({ format: 'date-time' }),
  /** A civil date, `YYYY-MM-DD`. */
  date: z.string().meta({ format: 'date' }),
  email: z.string().meta({ format: 'email' }),
  /** A competência, `YYYY-MM`. */
  period: z.string().meta({ pattern: PERIOD_PATTERN.source }),
  /** A CPF (11 digits) or a CNPJ (12 characters 0-9A-Z and 2 check digits), bare. */
  taxId: z.string().meta({
    pattern: TAX_ID_STORED.source,
    description: 'CPF (11 digits) or CNPJ (12 characters 0-9A-Z + 2 check digits), bare',
  }),
  /** A CNPJ, numeric or alphanumeric, bare. */
  cnpj: z
    .string()
    .meta({ pattern: CNPJ_STORED.source, description: 'CNPJ, bare (alphanumeric root allowed)' }),
  /** A CPF, bare. */
  cpf: z.string().meta({ pattern: CPF_STORED.source, description: 'CPF, 11 digits' }),
  /** A Brazilian phone in E.164: `+5511987654321`. */
  phone: z.string().meta({ pattern: PHONE_STORED.source, description: 'Brazilian phone, E.164' }),
  /** A CEP, 8 digits. */
  cep: z.string().meta({ pattern: CEP_STORED.source }),
  /** Money in cents (R$ 1,00 = 100), never negative. */
  cents: z.number().int().min(0).meta({ description: 'Money in cents (R$ 1,00 = 100)' }),
};

/**
 * A string the OpenAPI lists as one of `values`: a catalog known once the process registered it (job
 * kinds, routine kinds), so read when the routes are registered. The server keeps its own answer for any
 * other value (404 `not_found`, 400 `unknown_kind`), which the operation documents.
 *
 * @example
 * z.strictObject({ kind: documentedAs(z.string().max(80), jobKinds()) })
 */
export function documentedAs<T extends z.ZodString>(schema: T, values: readonly string[]): T {
  return values.length ? schema.meta({ enum: [...values] }) : schema;
}

/** Query parameters every list endpoint accepts. */
export function listQuery<const S extends readonly [string, ...string[]]>(
  sortable: S,
  defaultSort: S[number],
) {
  return z.strictObject({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
    sort: z.enum(sortable).default(defaultSort),
    order: z.enum(['asc', 'desc']).default('asc'),
    q: z.string().trim().max(200).optional(),
  });
}

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

/** An RFC 9457 problem document; some codes add members (a refused move adds `allowed`). */
export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional(),
  })
  .describe('RFC 9457 problem document');

/** `"true"`/`"false"` in a query string. */
export const queryBool = z.enum(['true', 'false']).transform((v) => v === 'true');
