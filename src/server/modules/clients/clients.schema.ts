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
import * as bodies from '../../../shared/schemas/clients.js';
import { out } from '../../http/schemas.js';
import { ufSchema } from '../platform/index.js';

// The request bodies live in src/shared/schemas/clients.ts (the web's forms validate with them).
export {
  clientStatus,
  createClientBody,
  createContactBody,
  createServiceBody,
  updateClientBody,
  updateContactBody,
  updateServiceBody,
} from '../../../shared/schemas/clients.js';
export type UpdateClientInput = z.infer<typeof bodies.updateClientBody>;
export type CreateClientInput = z.infer<typeof bodies.createClientBody>;

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
  status: bodies.clientStatus,
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

export type UpdateContactInput = z.infer<typeof bodies.updateContactBody>;
export type CreateContactInput = z.infer<typeof bodies.createContactBody>;

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

export type CreateServiceInput = z.infer<typeof bodies.createServiceBody>;
export type UpdateServiceInput = z.infer<typeof bodies.updateServiceBody>;

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
