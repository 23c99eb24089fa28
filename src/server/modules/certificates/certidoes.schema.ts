/**
 * Certidões (tax-clearance certificates) — see `certidoes.validity.ts` for the types, statuses, required set
 * and "current certidão" of a type.
 */
import { z } from 'zod';
import {
  type certidaoFileInput,
  certidaoStatus,
  certidaoType,
  type createCertidaoBody,
  type updateCertidaoBody,
} from '../../../shared/schemas/certificates.js';
import { out } from '../../http/schemas.js';

// The request bodies live in src/shared/schemas/certificates.ts (the web's forms validate with them).
export {
  createCertidaoBody,
  MAX_CERTIDAO_FILE_BYTES,
  requiredTypesBody,
  updateCertidaoBody,
} from '../../../shared/schemas/certificates.js';
export type CertidaoFileInput = z.infer<typeof certidaoFileInput>;
export type CreateCertidaoInput = z.infer<typeof createCertidaoBody>;
export type UpdateCertidaoInput = z.infer<typeof updateCertidaoBody>;

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
