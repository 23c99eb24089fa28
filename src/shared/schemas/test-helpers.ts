/** Helpers of the shared schemas' tests: what a person reads when a value is refused. */
import type { z } from 'zod';
import { maxLengthOf } from './fields.js';
import { type Localized, type LocalizedFieldIssue, toFieldIssues } from './messages.js';

/** The field issues of `value` against `schema`, as the server answers and the forms show them. */
export function issuesOf(schema: z.ZodType, value: unknown): LocalizedFieldIssue[] {
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) throw new Error('expected a failure');
  return toFieldIssues(r.error.issues);
}

/** Field → its first message in pt-BR and English, for `value` against `schema`. */
export function errorsOf(schema: z.ZodType, value: unknown): Record<string, Localized> {
  const out: Record<string, Localized> = {};
  for (const i of issuesOf(schema, value)) out[i.field] ??= i.message;
  return out;
}

/** Each field's counter limit (`maxLengthOf`): what the form's counter stops at. */
export function maxLengthsOf(schema: z.ZodObject): Record<string, number | undefined> {
  return Object.fromEntries(Object.entries(schema.shape).map(([key, field]) => [key, maxLengthOf(field)]));
}
