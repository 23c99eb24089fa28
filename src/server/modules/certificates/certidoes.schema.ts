/**
 * Certidões (tax-clearance certificates) — see `certidoes.validity.ts` for the types, statuses, required set
 * and "current certidão" of a type.
 */
import { z } from 'zod';
import { optionalLongText, optionalText, out, text } from '../../http/schemas.js';
import { msg } from '../../http/validation.js';
import { certidaoStatuses, certidaoTypes } from './certidoes.validity.js';
import { civilDateField } from './certificates.schema.js';

export const certidaoType = z.enum(certidaoTypes);
export const certidaoStatus = z.enum(certidaoStatuses);

/** A PDF up to this size (a certidão is one or two pages: 50–500 KB). */
export const MAX_CERTIDAO_FILE_BYTES = 5 * 1024 * 1024;

/** A file sent inside JSON: its name, type and base64 bytes (checked by the service: PDF, size). */
export const certidaoFileInput = z.strictObject({
  name: text(200).min(1),
  contentType: z.string().trim().max(100),
  data: z
    .string()
    .min(1)
    .max(8 * 1024 * 1024),
});
export type CertidaoFileInput = z.infer<typeof certidaoFileInput>;

const fields = {
  type: certidaoType,
  status: certidaoStatus,
  issuedOn: civilDateField,
  validUntil: civilDateField,
  number: optionalText(100),
  notes: optionalLongText(2000),
};

const validAfterIssue = (v: { issuedOn?: string | undefined; validUntil?: string | undefined }) =>
  !v.issuedOn || !v.validUntil || v.validUntil >= v.issuedOn;
const validAfterIssueError = { path: ['validUntil'], ...msg('end_before_start') };

export const createCertidaoBody = z
  .strictObject({ ...fields, file: certidaoFileInput.nullish().transform((v) => v ?? null) })
  .refine(validAfterIssue, validAfterIssueError);
export type CreateCertidaoInput = z.infer<typeof createCertidaoBody>;

/** PATCH: any field; `file: null` removes the attached file, an object replaces it. */
export const updateCertidaoBody = z
  .strictObject({ ...fields, file: certidaoFileInput.nullable() })
  .partial()
  .refine(validAfterIssue, validAfterIssueError);
export type UpdateCertidaoInput = z.infer<typeof updateCertidaoBody>;

export const requiredTypesBody = z.strictObject({
  /** null: back to the default (all five for a CNPJ, none for a CPF). */
  types: z
    .array(certidaoType)
    .max(certidaoTypes.length)
    .nullable()
    .transform((v) => (v ? [...new Set(v)] : null)),
});

export const certidaoStateSchema = z.enum(['valid', 'expiring', 'expired']);

export const certidaoSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  type: certidaoType,
  status: certidaoStatus,
  issuedOn: out.date,
  validUntil: out.date,
  number: z.string().nullable(),
  notes: z.string().nullable(),
  file: z.object({ name: z.string(), size: z.number().int(), contentType: z.string() }).nullable(),
  /** On today's date in the office's time zone. */
  state: certidaoStateSchema,
  daysLeft: z.number().int(),
  createdAt: out.dateTime,
  updatedAt: out.dateTime,
});
export type Certidao = z.infer<typeof certidaoSchema>;

export const certidoesOverviewSchema = z.object({
  requiredTypes: z.array(certidaoType),
  /** No choice stored: `requiredTypes` is the default for the client's kind. */
  requiredIsDefault: z.boolean(),
  /** Every certidão, the newest validity first. */
  items: z.array(certidaoSchema),
  /** One line per type: its current certidão and what, if anything, is wrong. */
  summary: z.array(
    z.object({
      type: certidaoType,
      required: z.boolean(),
      current: certidaoSchema.nullable(),
      situation: z.enum(['ok', 'missing', 'expired', 'expiring', 'positiva', 'not_required']),
    }),
  ),
});
export type CertidoesOverview = z.infer<typeof certidoesOverviewSchema>;
