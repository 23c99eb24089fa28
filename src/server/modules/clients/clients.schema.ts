/**
 * clients — terminology:
 * - client: a company (CNPJ, numeric or alphanumeric) or a person (CPF) the office serves; `document`
 *   is stored bare (`12ABC34501DE35`, `11144477735`) and formatted only for display.
 * - contact: a person at a client, with e-mail, WhatsApp, birthday and the consent flags.
 * - consent: `emailOptOut` (no informative e-mail; transactional mail still goes) and `whatsappOptIn`
 *   (agreed to business-initiated WhatsApp), on the client itself and on each contact; both start false.
 * - responsible: the user in charge of a client for one profession.
 * - class: the client's tier (A/B/C…), from the office's configurable list; tags are free labels.
 * - service: an item of the office's service catalog, with a default value in cents.
 */
import { z } from 'zod';
import { email, optionalLongText, optionalText, out, text } from '../../http/schemas.js';
import { type FieldMessageKey, msg } from '../../http/validation.js';
import {
  CEP_INPUT,
  isValidCep,
  normalizeCep,
  normalizePhoneBR,
  PHONE_INPUT,
  parseTaxId,
  TAX_ID_INPUT,
} from '../br/index.js';
import { uf, ufSchema } from '../platform/index.js';

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

export const phoneField = normalized(normalizePhoneBR, 'invalid_phone', PHONE_INPUT);
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
export const birthdayField = z
  .string()
  .meta({ format: 'date' })
  .nullish()
  .refine(
    (v) =>
      !v ||
      (/^\d{4}-\d{2}-\d{2}$/.test(v) &&
        !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
        new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)),
    msg('invalid_date'),
  )
  .transform((v) => v ?? null);

export const clientStatus = z.enum(['active', 'inactive']);

const responsibleInput = z.strictObject({ professionId: z.uuid(), userId: z.uuid() });

/** The writable fields of a client, all optional: PATCH takes any subset. */
const clientFields = {
  legalName: text(200).min(2),
  tradeName: optionalText(200),
  document: taxIdField,
  stateRegistration: optionalText(30),
  emails: z.array(email).max(10),
  whatsapp: phoneField,
  phone: phoneField,
  cep: cepField,
  street: optionalText(200),
  number: optionalText(20),
  complement: optionalText(100),
  district: optionalText(100),
  city: optionalText(120),
  state: uf.nullish().transform((v) => v ?? null),
  status: clientStatus,
  class: optionalText(20),
  tags: z.array(text(40).min(1)).max(30),
  notes: optionalLongText(5000),
  responsibles: z.array(responsibleInput).max(20),
  emailOptOut: z.boolean(),
  whatsappOptIn: z.boolean(),
};

export const updateClientBody = z.strictObject(clientFields).partial();
export type UpdateClientInput = z.infer<typeof updateClientBody>;

export const createClientBody = updateClientBody.required({ legalName: true, document: true });
export type CreateClientInput = z.infer<typeof createClientBody>;

export const responsibleSchema = z.object({
  professionId: z.string(),
  professionName: z.string(),
  userId: z.string(),
  userName: z.string(),
});

export const clientSchema = z.object({
  id: z.string(),
  legalName: z.string(),
  tradeName: z.string().nullable(),
  document: out.taxId,
  documentKind: z.enum(['cnpj', 'cpf']),
  stateRegistration: z.string().nullable(),
  emails: z.array(out.email),
  whatsapp: out.phone.nullable(),
  phone: out.phone.nullable(),
  cep: out.cep.nullable(),
  street: z.string().nullable(),
  number: z.string().nullable(),
  complement: z.string().nullable(),
  district: z.string().nullable(),
  city: z.string().nullable(),
  state: ufSchema.nullable(),
  status: clientStatus,
  class: z.string().nullable(),
  tags: z.array(z.string()),
  notes: z.string().nullable(),
  responsibles: z.array(responsibleSchema),
  /** The client declined informative e-mail (greetings, newsletters); set by the unsubscribe link too. */
  emailOptOut: z.boolean(),
  /** The client agreed to receive WhatsApp from the office. */
  whatsappOptIn: z.boolean(),
  createdAt: out.dateTime,
  updatedAt: out.dateTime,
});
export type Client = z.infer<typeof clientSchema>;

export const contactFields = {
  name: text(120).min(2),
  role: optionalText(80),
  email: email.nullish().transform((v) => v ?? null),
  whatsapp: phoneField,
  birthday: birthdayField,
  emailOptOut: z.boolean(),
  whatsappOptIn: z.boolean(),
};
export const updateContactBody = z.strictObject(contactFields).partial();
export const createContactBody = updateContactBody.required({ name: true });
export type UpdateContactInput = z.infer<typeof updateContactBody>;
export type CreateContactInput = z.infer<typeof createContactBody>;

export const contactSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  name: z.string(),
  role: z.string().nullable(),
  email: out.email.nullable(),
  whatsapp: out.phone.nullable(),
  birthday: out.date.nullable(),
  emailOptOut: z.boolean(),
  whatsappOptIn: z.boolean(),
});
export type Contact = z.infer<typeof contactSchema>;

export const clientDetailSchema = clientSchema.extend({ contacts: z.array(contactSchema) });
export type ClientDetail = z.infer<typeof clientDetailSchema>;

export const clientSortable = ['legalName', 'document', 'status', 'class', 'createdAt', 'updatedAt'] as const;
export type ClientSort = (typeof clientSortable)[number];

export interface ClientListQuery {
  page: number;
  pageSize: number;
  sort: ClientSort;
  order: 'asc' | 'desc';
  q?: string | undefined;
  status?: 'active' | 'inactive' | undefined;
  class?: string | undefined;
  tag?: string | undefined;
}

export const serviceFields = {
  name: text(120).min(2),
  description: optionalLongText(2000),
  defaultValueCents: z.number().int().min(0).max(100_000_000_00),
  department: optionalText(80),
  active: z.boolean(),
};
export const updateServiceBody = z.strictObject(serviceFields).partial();
export const createServiceBody = updateServiceBody.required({ name: true });
export type CreateServiceInput = z.infer<typeof createServiceBody>;
export type UpdateServiceInput = z.infer<typeof updateServiceBody>;

export const serviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  defaultValueCents: out.cents,
  department: z.string().nullable(),
  active: z.boolean(),
});
export type Service = z.infer<typeof serviceSchema>;

export const importReportSchema = z.object({
  total: z.number().int(),
  imported: z.number().int(),
  invalid: z.array(z.object({ line: z.number().int(), reason: z.string(), field: z.string().optional() })),
});
export type ImportReport = z.infer<typeof importReportSchema>;

/**
 * A client's complementary data (dados complementares), as routines such as the ERP import wrote it: the
 * known keys first, in a fixed order (`lastPurchaseDate`, `accumulatedCents`…; money in cents, dates
 * `YYYY-MM-DD`), then any other key the source sent, by name. `updatedAt` null when there is none.
 */
export const clientExtraSchema = z.object({
  updatedAt: out.dateTime.nullable(),
  fields: z.array(z.object({ key: z.string(), value: z.union([z.string(), z.number(), z.boolean()]) })),
});
export type ClientExtraView = z.infer<typeof clientExtraSchema>;
