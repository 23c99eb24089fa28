import type { FastifySchemaCompiler } from 'fastify';
import type { ZodType, z } from 'zod';
import { toFieldIssues } from '../../shared/schemas/messages.js';
import { type FieldIssue, HttpError } from './errors.js';

/**
 * The messages and the error map live in src/shared/schemas/messages.ts: the web's forms check the same
 * schemas and show the same sentences.
 */
export { fieldMessages, msg, toFieldIssues } from '../../shared/schemas/messages.js';

/** A validation failure of a zod schema, as the product's error. */
export function validationError(error: z.ZodError, prefix: string[] = []): InstanceType<typeof HttpError> {
  return new HttpError('validation_failed', { fields: toFieldIssues(error.issues, prefix) });
}

/**
 * A validation failure found by a check a schema cannot make (a date already past, a secret neither given
 * nor stored): one issue per field, as the product's error.
 *
 * @example
 * throw fieldsError({ field: 'spec.date', code: 'in_the_past', message: { 'pt-BR': '…', en: '…' } });
 */
export function fieldsError(...fields: FieldIssue[]): InstanceType<typeof HttpError> {
  return new HttpError('validation_failed', { fields });
}

/**
 * One field's issue with its message in both languages, for the checks a schema cannot make.
 *
 * @example
 * issues.push(fieldIssue('clientId', 'not_found', 'Cliente não encontrado.', 'Client not found.'));
 */
export const fieldIssue = (field: string, code: string, pt: string, en: string): FieldIssue => ({
  field,
  code,
  message: { 'pt-BR': pt, en },
});

/**
 * Fastify's validator for zod schemas. Unlike the type provider's default, the issues keep their input
 * so that messages can be localised per request in the error handler.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema }) =>
  (data) => {
    const r = schema.safeParse(data, { reportInput: true });
    if (r.success) return { value: r.data };
    return { error: validationError(r.error) };
  };
