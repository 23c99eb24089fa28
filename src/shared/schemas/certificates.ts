/**
 * What a request may send about a client's digital certificates and certidões: the certificates module's
 * route bodies and the schemas the web's certificate and certidão forms validate with. Files travel
 * inside JSON as base64.
 */
import { z } from 'zod';
import { civilDay, optionalLongText, optionalText, taxIdField, text } from './fields.js';
import { msg } from './messages.js';

/** An A1 file (.pfx/.p12) at most this size (real ones are 3–15 KB with their chain). */
export const MAX_PKCS12_BYTES = 256 * 1024;
/** A certidão's PDF at most this size (a certidão is one or two pages: 50–500 KB). */
export const MAX_CERTIDAO_FILE_BYTES = 5 * 1024 * 1024;

export const certificateKind = z.enum(['a1', 'a3']);
export const certificateMedia = z.enum(['token', 'card']);

/** A .pfx in base64 (JSON has no bytes); the decoded size is checked by the reader. */
const pfxFile = z.string().min(1).max(1_000_000);
/** Any password the file was exported with, including an empty one. Never stored, never logged. */
const pfxPassword = z.string().max(500);

export const inspectCertificateBody = z.strictObject({ file: pfxFile, password: pfxPassword });

/** An A3's fields (entered by hand: nothing to read from a file). */
export const a3Fields = {
  holderName: text(200).min(2),
  document: taxIdField,
  notAfter: civilDay,
  notBefore: civilDay.nullish().transform((v) => v ?? null),
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

/** PATCH: an A3's fields; for an A1 only `notes` (its data comes from the file). */
export const updateCertificateBody = z.strictObject(a3Fields).partial();

/** Federal, FGTS, trabalhista, estadual, municipal: see certidoes.validity.ts on the server. */
export const certidaoTypes = ['federal', 'fgts', 'trabalhista', 'estadual', 'municipal'] as const;
/** As printed on the certidão: negativa, positiva com efeitos de negativa, positiva. */
export const certidaoStatuses = ['negativa', 'positiva_efeitos_negativa', 'positiva'] as const;
export const certidaoType = z.enum(certidaoTypes);
export const certidaoStatus = z.enum(certidaoStatuses);

/** A file sent inside JSON: its name, type and base64 bytes (checked by the service: PDF, size). */
export const certidaoFileInput = z.strictObject({
  name: text(200).min(1),
  contentType: z.string().trim().max(100),
  data: z
    .string()
    .min(1)
    .max(8 * 1024 * 1024),
});

const certidaoFields = {
  type: certidaoType,
  status: certidaoStatus,
  issuedOn: civilDay,
  validUntil: civilDay,
  number: optionalText(100),
  notes: optionalLongText(2000),
};

const validAfterIssue = (v: { issuedOn?: string | undefined; validUntil?: string | undefined }) =>
  !v.issuedOn || !v.validUntil || v.validUntil >= v.issuedOn;
const validAfterIssueError = { path: ['validUntil'], ...msg('end_before_start') };

export const createCertidaoBody = z
  .strictObject({ ...certidaoFields, file: certidaoFileInput.nullish().transform((v) => v ?? null) })
  .refine(validAfterIssue, validAfterIssueError);

/** PATCH: any field; `file: null` removes the attached file, an object replaces it. */
export const updateCertidaoBody = z
  .strictObject({ ...certidaoFields, file: certidaoFileInput.nullable() })
  .partial()
  .refine(validAfterIssue, validAfterIssueError);

export const requiredTypesBody = z.strictObject({
  /** null: back to the default (all five for a CNPJ, none for a CPF). */
  types: z
    .array(certidaoType)
    .max(certidaoTypes.length)
    .nullable()
    .transform((v) => (v ? [...new Set(v)] : null)),
});
