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
import { optionalLongText, optionalText, out, text } from '../../http/schemas.js';
import { msg } from '../../http/validation.js';
import { parseCivilDate } from '../br/index.js';
import { taxIdField } from '../clients/index.js';

const isCivil = (v: string) => {
  try {
    parseCivilDate(v);
    return true;
  } catch {
    return false;
  }
};

/** A `YYYY-MM-DD` date that exists. */
export const civilDateField = z.string().meta({ format: 'date' }).trim().refine(isCivil, msg('invalid_date'));

export const certificateKind = z.enum(['a1', 'a3']);
export const certificateMedia = z.enum(['token', 'card']);

/** A .pfx in base64 (JSON has no bytes); the decoded size is checked by the reader. */
const pfxFile = z.string().min(1).max(1_000_000);
/** Any password the file was exported with, including an empty one. Never stored, never logged. */
const pfxPassword = z.string().max(500);

export const inspectCertificateBody = z.strictObject({ file: pfxFile, password: pfxPassword });
export type InspectCertificateInput = z.infer<typeof inspectCertificateBody>;

const a3Fields = {
  holderName: text(200).min(2),
  document: taxIdField,
  notAfter: civilDateField,
  notBefore: civilDateField.nullish().transform((v) => v ?? null),
  issuer: optionalText(200),
  serialNumber: optionalText(100),
  media: certificateMedia.nullish().transform((v) => v ?? null),
  notes: optionalLongText(2000),
};

export const createCertificateBody = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('a1'),
    file: pfxFile,
    password: pfxPassword,
    notes: optionalLongText(2000),
  }),
  z.strictObject({ kind: z.literal('a3'), ...a3Fields }),
]);
export type CreateCertificateInput = z.infer<typeof createCertificateBody>;

/** PATCH: an A3's fields; for an A1 only `notes` (its data comes from the file). */
export const updateCertificateBody = z.strictObject(a3Fields).partial();
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
