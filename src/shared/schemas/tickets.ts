/**
 * What a request may send to create or edit a ticket (atendimento): the tickets module's route bodies and
 * the schema the web's ticket form validates with.
 */
import { z } from 'zod';
import { civilDay, optionalLongText, text } from './fields.js';

/** The ticket statuses, in workflow order. Labels: `statusLabels` in the server's status-machine.ts. */
export const ticketStatuses = [
  'open',
  'reopened',
  'analyzing',
  'waiting',
  'cancelled',
  'rejected',
  'done',
] as const;
/** A ticket status: Aberto, Reaberto, Analisando, Aguardando, Cancelado, Rejeitado, Finalizado. */
export const ticketStatus = z.enum(ticketStatuses);

/**
 * What the tickets list may be sorted by (GET /api/tickets' `sort`): the server's enum and the web grid's
 * sortable columns both read this one list.
 */
export const ticketSortable = [
  'number',
  'openedAt',
  'updatedAt',
  'value',
  'subject',
  'status',
  'requester',
  'responsible',
  'service',
] as const;

/** `service` = atendimento; `debt_collection` = cobrança de débito (requires `dueDate` and `debtCents`). */
export const ticketKind = z.enum(['service', 'debt_collection']);

const cents = z.number().int().min(0).max(100_000_000_00);
/** An optional reference (a contact, a service, a user): absent or null is none. */
const optionalId = () =>
  z
    .uuid()
    .nullish()
    .transform((v) => v ?? null);

/** The writable fields of a ticket. */
const ticketFields = {
  /** Solicitante: a client of the office. */
  clientId: z.uuid(),
  /** A contact of that client, the chat's counterpart (optional). */
  contactId: optionalId(),
  /** Serviço: from the catalog (GET /api/services). Its default value fills `valueCents` when that is omitted. */
  serviceId: optionalId(),
  /** Contador: a user with the Contador profession (GET /api/tickets/accountants). */
  accountantId: optionalId(),
  /** Responsável: an active user of the office. On create, omitted (undefined) means the creating user. */
  responsibleId: optionalId(),
  subject: text(200).min(2),
  description: optionalLongText(20_000),
  /** Valor do serviço, in cents. On create, omitted means the service's default value (0 without service). */
  valueCents: cents,
  kind: ticketKind,
  /** Vencimento (cobrança de débito only; required then). */
  dueDate: civilDay
    .nullish()
    .transform((v) => v ?? null)
    .meta({ description: 'Vencimento: required when `kind` is `debt_collection`' }),
  /** Valor do débito in cents (cobrança de débito only; required then). */
  debtCents: cents
    .nullish()
    .transform((v) => v ?? null)
    .meta({ description: 'Valor do débito in cents: required when `kind` is `debt_collection`' }),
};

/**
 * POST /api/tickets. Required: `clientId`, `subject`. `kind` defaults to `service`. The ticket starts `open`.
 * @example { "clientId": "…", "serviceId": "…", "subject": "Alteração contratual", "responsibleId": "…" }
 */
export const createTicketBody = z.strictObject({
  ...ticketFields,
  responsibleId: ticketFields.responsibleId.optional(),
  valueCents: cents.optional(),
  kind: ticketKind.default('service'),
  contactId: ticketFields.contactId.optional(),
  serviceId: ticketFields.serviceId.optional(),
  accountantId: ticketFields.accountantId.optional(),
  dueDate: ticketFields.dueDate.optional(),
  debtCents: ticketFields.debtCents.optional(),
});

/**
 * PATCH /api/tickets/:id: `version` (the one read) plus any subset of the fields. The status is not
 * editable here: use the moves endpoint. Changing `serviceId` does not change `valueCents` by itself.
 */
export const updateTicketBody = z.strictObject({
  version: z.number().int().min(1),
  clientId: ticketFields.clientId.optional(),
  contactId: z.uuid().nullable().optional(),
  serviceId: z.uuid().nullable().optional(),
  accountantId: z.uuid().nullable().optional(),
  responsibleId: z.uuid().nullable().optional(),
  subject: ticketFields.subject.optional(),
  description: optionalLongText(20_000).optional(),
  valueCents: cents.optional(),
  kind: ticketKind.optional(),
  dueDate: civilDay.nullable().optional(),
  debtCents: cents.nullable().optional(),
});
