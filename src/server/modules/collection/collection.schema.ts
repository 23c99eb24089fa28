/**
 * Cobrança de Arquivos — terminology (names from the glossary):
 * - template (Processo Modelo): a named checklist of items with its due rule, reminder ladder and the
 *   texts of its messages (Comunicação). Saved in versions: editing makes a new version, never rewrites one.
 * - request (Programação, Serviço Programado): one model for one client and one competência (`YYYY-MM`),
 *   with its own copy of the checklist (its items), a due date, a responsible and a status
 *   (open → started → closed, or cancelled). Exactly one per (client, template, competência).
 * - program: a recurring programação — an engine schedule that generates each competência's requests.
 * - item state: pending, received (files sent), the client's answers (none_this_month, never_ask_again,
 *   will_send_later) and the office's (dispensed, done). Settled = received, none_this_month,
 *   never_ask_again, dispensed, done; progress = settled / total.
 * - skip: "Não me pedir nos próximos meses" — an item key left out of the client's next programações
 *   until the office asks again.
 * - link: a contact's portal link (a signed token naming a `collection_links` row, so it can be revoked).
 */
import { z } from 'zod';
// The closed sets live in src/shared/schemas/collection.ts (the web's pickers use the same lists).
import {
  clientAnswers,
  closeStatuses,
  DEFAULT_REMINDER_OFFSETS,
  fileTypes,
  itemKinds,
  itemRequirements,
  itemStates,
  requestSortable,
  requestStatuses,
} from '../../../shared/schemas/collection.js';
import {
  civilDateField,
  longText,
  optionalLongText,
  optionalText,
  PERIOD_PATTERN,
  text,
} from '../../../shared/schemas/fields.js';
import { out, pageOf } from '../../http/schemas.js';

export { isSettled, requestSortable } from '../../../shared/schemas/collection.js';

export const competencia = z.string().regex(PERIOD_PATTERN, 'YYYY-MM');

/** Largest size an item may set; the installation's ceiling (`UPLOAD_MAX_BYTES`) caps it again at upload. */
export const ITEM_MAX_BYTES_LIMIT = 2 * 1024 * 1024 * 1024;

export const templateItemInput = z.strictObject({
  key: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'a-z, 0-9 and -, up to 60')
    .optional(),
  name: text(120).min(1),
  instructions: longText(2000).default(''),
  kind: z.enum(itemKinds),
  requirement: z.enum(itemRequirements),
  acceptedTypes: z.array(z.enum(fileTypes)).max(fileTypes.length).default([]),
  maxBytes: z
    .number()
    .int()
    .min(1024)
    .max(ITEM_MAX_BYTES_LIMIT)
    .default(20 * 1024 * 1024),
  multiple: z.boolean().default(true),
  professionId: z.uuid().nullable().default(null),
});
export type TemplateItemInput = z.output<typeof templateItemInput>;

export const dueRule = z.strictObject({
  day: z.number().int().min(1).max(31),
  businessDays: z.boolean().default(false),
  monthOffset: z.number().int().min(0).max(2).default(1),
  adjust: z.enum(['postpone', 'anticipate']).default('postpone'),
});
export type DueRule = z.output<typeof dueRule>;

export const communication = z.strictObject({
  requestSubject: text(200).min(1),
  requestBody: longText(10_000).min(1),
  reminderSubject: text(200).min(1),
  reminderBody: longText(10_000).min(1),
  receiptSubject: text(200).min(1),
  receiptBody: longText(10_000).min(1),
});
export type Communication = z.output<typeof communication>;

export const templateInput = z.strictObject({
  name: text(120).min(2),
  serviceId: z.uuid().nullable().default(null),
  /** The programação's responsible: the client's responsible for this profession, else the office admin. */
  professionId: z.uuid().nullable().default(null),
  description: optionalLongText(2000),
  autoClose: z.boolean().default(false),
  due: dueRule,
  reminderOffsets: z.array(z.number().int().min(-30).max(60)).max(12).default(DEFAULT_REMINDER_OFFSETS),
  /** Absent: the default texts (texts.ts `DEFAULT_COMMUNICATION`). */
  communication: communication.optional(),
  items: z.array(templateItemInput).max(100),
});
export type TemplateInput = z.output<typeof templateInput>;

/** A stored version's checklist item: the key is always there. */
export type TemplateItem = TemplateItemInput & { key: string };
export type TemplateDefinition = Omit<TemplateInput, 'items' | 'communication'> & {
  communication: Communication;
  items: TemplateItem[];
};

/** What a checklist item asks for, as a model's version and a programação's checklist both answer it. */
const itemAsked = {
  name: z.string(),
  instructions: z.string(),
  kind: z.enum(itemKinds),
  requirement: z.enum(itemRequirements),
  acceptedTypes: z.array(z.string()),
  maxBytes: z.number().int(),
  multiple: z.boolean(),
};

const templateItemSchema = z.object({ key: z.string(), ...itemAsked, professionId: z.string().nullable() });

export const templateSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  active: z.boolean(),
  version: z.number().int(),
  serviceId: z.string().nullable(),
  serviceName: z.string().nullable(),
  itemCount: z.number().int(),
  updatedAt: out.dateTime,
});
export const templateListSchema = z.object({ items: z.array(templateSummarySchema) });

export const templateSchema = templateSummarySchema.omit({ itemCount: true, updatedAt: true }).extend({
  professionId: z.string().nullable(),
  description: z.string().nullable(),
  autoClose: z.boolean(),
  due: z.object({
    day: z.number().int(),
    businessDays: z.boolean(),
    monthOffset: z.number().int(),
    adjust: z.enum(['postpone', 'anticipate']),
  }),
  reminderOffsets: z.array(z.number().int()),
  communication: z.object({
    requestSubject: z.string(),
    requestBody: z.string(),
    reminderSubject: z.string(),
    reminderBody: z.string(),
    receiptSubject: z.string(),
    receiptBody: z.string(),
  }),
  items: z.array(templateItemSchema),
  /** The Liquid variables the communication texts may use. */
  variables: z.array(z.string()),
  createdAt: out.dateTime,
  updatedAt: out.dateTime,
});
export type Template = z.infer<typeof templateSchema>;

export const templateListQuery = z.strictObject({
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export const activeBody = z.strictObject({ active: z.boolean() });

// ---------------------------------------------------------------- scheduling

export const audienceInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('clients'), clientIds: z.array(z.uuid()).min(1).max(20_000) }),
  /** The client class (the office's classes are codes such as `A`). */
  z.strictObject({ kind: z.literal('class'), classId: z.string().trim().min(1).max(20) }),
  /** A client tag, as written on the clients. */
  z.strictObject({ kind: z.literal('tag'), tagId: z.string().trim().min(1).max(40) }),
]);
export type Audience = z.output<typeof audienceInput>;

const scheduleCommon = { templateId: z.uuid(), audience: audienceInput };
export const scheduleBody = z.discriminatedUnion('mode', [
  /** Avulsa: one competência, generated at once. */
  z.strictObject({ ...scheduleCommon, mode: z.literal('once'), competencia }),
  /** Recorrente: a program whose schedule generates each competência on `generateDay` of the month before. */
  z.strictObject({
    ...scheduleCommon,
    mode: z.literal('recurring'),
    recurrence: z.strictObject({
      frequency: z.enum(['monthly', 'quarterly', 'yearly']),
      generateDay: z.number().int().min(1).max(28),
      startCompetencia: competencia,
    }),
  }),
]);
export type ScheduleBody = z.output<typeof scheduleBody>;

export const schedulePreviewSchema = z.object({
  clients: z.number().int(),
  months: z.array(
    z.object({
      competencia: out.period,
      /** Programações this competência would create (clients that already have one are not counted). */
      requests: z.number().int(),
      firstDueDates: z.array(out.date),
      /** When a recurring program generates it (the day of the month before); null: at once. */
      generatesOn: out.date.nullable(),
    }),
  ),
});
/**
 * Programar's answer. 201: generated inside the request (`created`, `run: null`). 202: the audience is
 * larger than `GENERATE_INLINE_MAX` and a run generates it (`run.id`, follow it at `/api/runs/{id}`;
 * `created: 0`).
 */
export const scheduleResultSchema = z.object({
  created: z.number().int(),
  programId: z.string().nullable(),
  run: z.object({ id: z.string() }).nullable(),
});

export const programSchema = z.object({
  id: z.string(),
  template: z.object({ id: z.string(), name: z.string() }),
  audience: audienceInput,
  frequency: z.enum(['monthly', 'quarterly', 'yearly']),
  generateDay: z.number().int(),
  startCompetencia: out.period,
  active: z.boolean(),
  nextRunAt: out.dateTime.nullable(),
  createdAt: out.dateTime,
});
export type Program = z.infer<typeof programSchema>;
export const programListSchema = z.object({ items: z.array(programSchema) });

// ---------------------------------------------------------------- requests

const person = z.object({ id: z.string(), name: z.string() });
const byWhom = z.object({ kind: z.enum(['client', 'staff']), name: z.string() });

export const requestRowSchema = z.object({
  id: z.string(),
  competencia: out.period,
  client: z.object({ id: z.string(), name: z.string(), document: out.taxId }),
  template: z.object({ id: z.string(), name: z.string(), version: z.number().int() }),
  serviceName: z.string().nullable(),
  responsible: person.nullable(),
  dueDate: out.date,
  status: z.enum(requestStatuses),
  closeStatus: z.string().nullable(),
  progress: z.object({ settled: z.number().int(), total: z.number().int() }),
  overdue: z.boolean(),
});
export type RequestRow = z.infer<typeof requestRowSchema>;

export const collectionFileSchema = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number().int(),
  contentType: z.string(),
  sha256: z.string(),
  uploadedAt: out.dateTime,
  uploadedBy: byWhom,
  warnings: z.array(z.string()),
});
export type CollectionFile = z.infer<typeof collectionFileSchema>;

export const requestItemSchema = z.object({
  id: z.string(),
  key: z.string(),
  position: z.number().int(),
  ...itemAsked,
  state: z.enum(itemStates),
  answeredAt: out.dateTime.nullable(),
  answeredBy: byWhom.nullable(),
  sendLaterOn: out.date.nullable(),
  comment: z.string().nullable(),
  responsible: person.nullable(),
  changedAt: out.dateTime,
  changedBy: person.nullable(),
  files: z.array(collectionFileSchema),
});

export const requestDetailSchema = requestRowSchema.extend({
  items: z.array(requestItemSchema),
  createdAt: out.dateTime,
  createdBy: person.nullable(),
  closeNote: z.string().nullable(),
  closedAt: out.dateTime.nullable(),
  closedBy: person.nullable(),
  /** Every item is settled while the request is still open: the screen offers the baixa. */
  offerClose: z.boolean(),
});
export type RequestDetail = z.infer<typeof requestDetailSchema>;

const bool = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const requestFilterQuery = z.strictObject({
  competencia: competencia.optional(),
  status: z.enum(requestStatuses).optional(),
  responsibleId: z.uuid().optional(),
  clientId: z.uuid().optional(),
  templateId: z.uuid().optional(),
  overdue: bool,
  mine: bool,
  q: z.string().trim().max(200).optional(),
});
export type RequestFilter = z.output<typeof requestFilterQuery>;
/** The grid's sort: the same for its pages and its CSV. */
const requestSort = {
  sort: z.enum(requestSortable).default('dueDate'),
  order: z.enum(['asc', 'desc']).default('asc'),
};
export const requestListQuery = requestFilterQuery.extend({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  ...requestSort,
});
export type RequestListQuery = z.output<typeof requestListQuery>;
export const requestExportQuery = requestFilterQuery.extend(requestSort);
export const requestPageSchema = pageOf(requestRowSchema);

export const historySchema = z.object({
  items: z.array(
    z.object({
      at: out.dateTime,
      actor: z.string(),
      action: z.string(),
      itemName: z.string().nullable(),
      text: z.string(),
    }),
  ),
});

export const patchItemBody = z.strictObject({
  requirement: z.enum(itemRequirements).optional(),
  comment: optionalLongText(2000).optional(),
  state: z.enum(['dispensed', 'done', 'pending']).optional(),
});
export type PatchItemBody = z.output<typeof patchItemBody>;
export const reopenItemBody = z.strictObject({
  comment: longText(2000).min(1),
  notify: z.boolean().default(true),
});
export const transferBody = z.strictObject({ responsibleId: z.uuid() });
export const closeBody = z.strictObject({
  /** Entregue, Entregue com pendências or Cancelado (Cancelado cancels the programação). */
  status: z.enum(closeStatuses),
  /** The office's own label for the baixa (≤ 60 characters), shown instead of the status's. */
  customStatus: optionalText(60),
  note: optionalLongText(2000),
});
export const notifyResultSchema = z.object({ messages: z.number().int(), skipped: z.number().int() });

export const itemParams = z.strictObject({ id: z.uuid(), itemId: z.uuid() });
export const fileParams = z.strictObject({ id: z.uuid(), fileId: z.uuid() });
export const fileQuery = z.strictObject({ inline: z.enum(['0', '1']).optional() });
export const clientParams = z.strictObject({ clientId: z.uuid() });
export const skipParams = z.strictObject({ clientId: z.uuid(), itemKey: z.string().min(1).max(60) });
export const contactParams = z.strictObject({ contactId: z.uuid() });

export const skipsSchema = z.object({
  items: z.array(
    z.object({
      itemKey: z.string(),
      itemName: z.string(),
      templateName: z.string(),
      since: out.dateTime,
      by: z.string(),
    }),
  ),
});
export const linkSchema = z.object({ url: z.string(), token: z.string() });

export const staffUploadResultSchema = z.object({
  items: z.array(collectionFileSchema),
  refused: z.array(z.object({ name: z.string(), code: z.string(), reason: z.string() })),
});

// ---------------------------------------------------------------- the client's page

export const portalTokenParam = z.strictObject({ token: z.string().min(10).max(120) });
export const portalItemParams = z.strictObject({ token: z.string().min(10).max(120), itemId: z.uuid() });
export const portalFileParams = z.strictObject({ token: z.string().min(10).max(120), fileId: z.uuid() });

/** A file as the client's page shows it: the office's view without who uploaded it or its media type. */
export const portalFileSchema = collectionFileSchema
  .pick({ id: true, name: true, size: true, sha256: true, uploadedAt: true, warnings: true })
  .extend({
    /** The contact sent it (and may delete it while the request is open). */
    mine: z.boolean(),
  });

/** An item as the client's page shows it: what to send and how it stands, not who answered or changed it. */
export const portalItemSchema = requestItemSchema
  .pick({
    id: true,
    name: true,
    instructions: true,
    kind: true,
    requirement: true,
    acceptedTypes: true,
    maxBytes: true,
    multiple: true,
    state: true,
    sendLaterOn: true,
    comment: true,
  })
  .extend({ files: z.array(portalFileSchema) });

export const portalViewSchema = z.object({
  office: z.object({ name: z.string() }),
  contact: z.object({ name: z.string() }),
  companies: z.array(
    z.object({
      clientId: z.string(),
      name: z.string(),
      document: out.taxId,
      requests: z.array(
        z.object({
          id: z.string(),
          competencia: out.period,
          templateName: z.string(),
          dueDate: out.date,
          overdue: z.boolean(),
          progress: z.object({ settled: z.number().int(), total: z.number().int() }),
          items: z.array(portalItemSchema),
        }),
      ),
    }),
  ),
});
export type PortalView = z.infer<typeof portalViewSchema>;

export const portalUploadResultSchema = z.object({
  file: collectionFileSchema,
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});
export const answerBody = z.strictObject({
  answer: z.enum(clientAnswers),
  sendLaterOn: civilDateField.optional(),
});
export type AnswerBody = z.output<typeof answerBody>;
export const receiptResultSchema = z.object({ sentTo: z.string(), files: z.number().int() });
