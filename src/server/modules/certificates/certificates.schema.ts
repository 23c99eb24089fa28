/**
 * Clients' digital certificates — terminology:
 * - **A1**: a file (.pfx/.p12, PKCS#12) holding the certificate and its private key, protected by a
 *   password. We read its metadata once, at upload, and keep only that and the public certificate (PEM):
 *   never the file, the private key or the password.
 * - **A3**: a certificate on a token or smart card; nothing to upload, so it is entered by hand.
 * - **Holder** (titular): the company (e-CNPJ) or person (e-CPF) the certificate belongs to.
 * - **Document check**: whether the certificate's CNPJ/CPF is the client's — a warning, never an error
 *   (an office may keep the partner's e-CPF on the company's record, or the head office's e-CNPJ on a branch).
 */
import { z } from 'zod';
import {
  certificateKind,
  certificateMedia,
  createCertificateBody,
  inspectCertificateBody,
  updateCertificateBody,
} from '../../../shared/schemas/certificates.js';
import { out } from '../../http/schemas.js';

// The request bodies live in src/shared/schemas/certificates.ts (the web's forms validate with them).
export { createCertificateBody, inspectCertificateBody, updateCertificateBody };
export type InspectCertificateInput = z.infer<typeof inspectCertificateBody>;
export type CreateCertificateInput = z.infer<typeof createCertificateBody>;
export type UpdateCertificateInput = z.infer<typeof updateCertificateBody>;

/** A validity bound: the instant read from an A1's file, or the date entered for an A3. */
const validityBound = z.string().meta({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]+)?Z)?$',
  description: 'An instant (ISO 8601, UTC) for an A1, read from the file; a date (YYYY-MM-DD) for an A3',
});

export const documentCheckSchema = z.enum(['match', 'same_root', 'mismatch', 'unknown']);
export const certificateStateSchema = z.enum(['valid', 'expiring', 'expired']);

export const certificateSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  kind: certificateKind,
  holderName: z.string(),
  document: out.taxId.nullable(),
  documentKind: z.enum(['cnpj', 'cpf']).nullable(),
  certificateType: z.string().nullable(),
  issuer: z.string().nullable(),
  serialNumber: z.string().nullable(),
  notBefore: validityBound.nullable(),
  notAfter: validityBound,
  fingerprint: z.string().nullable(),
  media: certificateMedia.nullable(),
  notes: z.string().nullable(),
  hasPublicCertificate: z.boolean(),
  /** Compared with the client's current CNPJ/CPF. */
  documentCheck: documentCheckSchema,
  /** The expiry date in the office's time zone, and the days left from today (negative once past). */
  expiresOn: out.date,
  daysLeft: z.number().int(),
  state: certificateStateSchema,
  createdAt: out.dateTime,
  updatedAt: out.dateTime,
});
export type Certificate = z.infer<typeof certificateSchema>;

export const certificateWarningSchema = z.object({
  code: z.enum([
    'document_mismatch',
    'document_same_root',
    'document_unknown',
    'expired',
    'not_yet_valid',
    'no_private_key',
    'not_icp_brasil',
  ]),
  message: z.string(),
});
export type CertificateWarning = z.infer<typeof certificateWarningSchema>;

/** What a .pfx holds, read without saving anything: shown in the upload form before the user saves. */
export const certificateInspectionSchema = z.object({
  holderName: z.string(),
  document: out.taxId.nullable(),
  documentKind: z.enum(['cnpj', 'cpf']).nullable(),
  documentSource: z.enum(['icp-brasil-san', 'common-name']).nullable(),
  certificateType: z.string().nullable(),
  responsible: z.object({ name: z.string().nullable(), cpf: out.cpf.nullable() }).nullable(),
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: out.dateTime,
  notAfter: out.dateTime,
  fingerprint: z.string(),
  icpBrasil: z.boolean(),
  hasPrivateKey: z.boolean(),
  documentCheck: documentCheckSchema,
  expiresOn: out.date,
  daysLeft: z.number().int(),
  state: certificateStateSchema,
  /** Already registered for this client. */
  duplicate: z.boolean(),
  warnings: z.array(certificateWarningSchema),
});
export type CertificateInspection = z.infer<typeof certificateInspectionSchema>;

export const certificateSavedSchema = z.object({
  certificate: certificateSchema,
  warnings: z.array(certificateWarningSchema),
});
