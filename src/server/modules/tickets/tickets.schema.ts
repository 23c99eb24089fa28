/**
 * tickets (atendimentos) — terminology:
 * - ticket: a service request from a client (the requester, "Solicitante"), numbered per office (#123).
 *   `kind` is `service` (atendimento) or `debt_collection` (cobrança de débito, with a due date and amount).
 * - status: a stage of the ticket's workflow (Aberto, Reaberto, Analisando, Aguardando, Cancelado, Rejeitado,
 *   Finalizado); the allowed moves live in ONE place, `status-machine.ts`.
 * - movement (movimentação): one status change, with who, when, from, to and an optional comment. Each
 *   movement emits an `item.stage_entered` event; the built-in rule `tickets.status-email` e-mails the
 *   requester about it.
 * - chat message: staff ↔ client conversation on a ticket; `internal` notes are never shown to the client.
 *   The client answers through the public portal link (a signed, expiring, single-purpose token).
 * - file: an attachment stored in the blob store (Arquivos tab).
 * - SLA: first-response and resolution targets per service, in business hours of the office's calendar;
 *   Aguardando (and a closed status) stops the resolution clock.
 *
 * Money is integer cents (`valueCents`, `debtCents`); instants are ISO 8601 UTC strings; civil dates are
 * `YYYY-MM-DD`. Every write that changes a ticket takes the `version` the client read (optimistic locking):
 * a stale version is refused with 409 `tickets.version_conflict`.
 *
 * This file is the contract of the HTTP API (the web UI codes against it): shapes only grow.
 */
import { z } from 'zod';
import { civilDay as civilDateField } from '../../../shared/schemas/fields.js';
import {
  type createTicketBody,
  ticketKind,
  ticketSortable,
  ticketStatus,
  type updateTicketBody,
} from '../../../shared/schemas/tickets.js';
import { longText, optionalLongText, out, pageOf } from '../../http/schemas.js';

// ------------------------------------------------------------------ enums

// The request bodies live in src/shared/schemas/tickets.ts (the web's ticket form validates with them).
export {
  createTicketBody,
  ticketStatus,
  ticketStatuses,
  updateTicketBody,
} from '../../../shared/schemas/tickets.js';
export { civilDateField };
export type TicketStatus = z.infer<typeof ticketStatus>;

// ------------------------------------------------------------------ ticket

/**
 * The SLA view of a ticket, computed by the server (sla.ts). All instants ISO or null.
 * - `firstResponseDueAt`: when the first response is due (null: no policy for the service).
 * - `resolutionDueAt`: when resolution is due; while `paused`, the projected due date if the clock restarted now.
 * - `firstRespondedAt`: the first status move or the first non-internal staff chat message.
 * - `paused`: the resolution clock is stopped (status Aguardando, or a closed status).
 * - `overdue`: an open ticket past a due date; a closed ticket that was closed after its resolution due date.
 */
export const slaSchema = z.object({
  firstResponseDueAt: out.dateTime.nullable(),
  resolutionDueAt: out.dateTime.nullable(),
  firstRespondedAt: out.dateTime.nullable(),
  paused: z.boolean(),
  overdue: z.boolean(),
});
export type TicketSla = z.infer<typeof slaSchema>;

/**
 * One ticket as the grid, the kanban and the ticket page show it.
 * - `number`: per-office sequential (#123), assigned at creation.
 * - `clientName`: the requester's legal name; `contactId`/`contactName`: the person at the client the chat is
 *   with (optional; shown as the author of the client's portal messages). E-mails about the ticket go to the
 *   client's company e-mails (clients.emails).
 * - `accountantName`: filled in by the server from `accountantId` (a user with the Contador profession).
 * - `movementCount`: 0 means "never moved": Notificar is only allowed then.
 * - `allowedMoves`: the statuses the ticket may move to now (from status-machine.ts).
 * - `closed`: status is cancelled, rejected or done (Reabrir is allowed then).
 */
export const ticketSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  clientId: z.string(),
  clientName: z.string(),
  contactId: z.string().nullable(),
  contactName: z.string().nullable(),
  serviceId: z.string().nullable(),
  serviceName: z.string().nullable(),
  accountantId: z.string().nullable(),
  accountantName: z.string().nullable(),
  responsibleId: z.string().nullable(),
  responsibleName: z.string().nullable(),
  subject: z.string(),
  description: z.string().nullable(),
  valueCents: out.cents,
  kind: ticketKind,
  dueDate: out.date.nullable(),
  debtCents: out.cents.nullable(),
  status: ticketStatus,
  closed: z.boolean(),
  allowedMoves: z.array(ticketStatus),
  openedAt: out.dateTime,
  updatedAt: out.dateTime,
  closedAt: out.dateTime.nullable(),
  version: z.number().int(),
  movementCount: z.number().int(),
  /** When the requester was last notified with Notificar (null: never). */
  notifiedAt: out.dateTime.nullable(),
  sla: slaSchema,
});
export type Ticket = z.infer<typeof ticketSchema>;

// ------------------------------------------------------------------ create / edit

export type CreateTicketParsed = z.output<typeof createTicketBody>;
export type UpdateTicketInput = z.output<typeof updateTicketBody>;

// ------------------------------------------------------------------ list / board / export

export type TicketSort = (typeof ticketSortable)[number];

/** `a,b,c` in a query string (or repeated `?status=a&status=b`) → a de-duplicated list of statuses. */
const statusNames = ticketStatus.options.join('|');
const statusList = z
  .union([
    z.string().meta({ pattern: `^(?:${statusNames})(?:,(?:${statusNames}))*$` }),
    z.array(z.string().meta({ enum: [...ticketStatus.options] })),
  ])
  .transform((v, ctx) => {
    const parts = (Array.isArray(v) ? v : [v])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean);
    const statuses: TicketStatus[] = [];
    for (const p of parts) {
      const r = ticketStatus.safeParse(p);
      if (!r.success) {
        ctx.addIssue({ code: 'custom', message: `unknown status ${p}`, input: p });
        return z.NEVER;
      }
      if (!statuses.includes(r.data)) statuses.push(r.data);
    }
    return statuses;
  });

/**
 * The grid's filters, shared by GET /api/tickets, /board and /export.csv.
 * - `status`: one or several, comma-separated (`open,reopened`).
 * - `openedFrom`/`openedTo`: civil dates, inclusive, in the office's time zone.
 * - `mine=true`: only tickets whose responsible is the caller ("Meus atendimentos").
 * - `overdue=true`: only tickets whose SLA is overdue (open tickets past a due date).
 * - `q`: the ticket number (`123` or `#123`), or text in the subject or the requester's name.
 */
export const ticketFilterQuery = z.strictObject({
  status: statusList.optional(),
  responsibleId: z.uuid().optional(),
  clientId: z.uuid().optional(),
  serviceId: z.uuid().optional(),
  kind: ticketKind.optional(),
  openedFrom: civilDateField.optional(),
  openedTo: civilDateField.optional(),
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: z.string().trim().max(200).optional(),
});
export type TicketFilter = z.output<typeof ticketFilterQuery>;

/** The grid's sort: the same for its pages and its CSV. */
const ticketSort = {
  sort: z.enum(ticketSortable).default('number'),
  order: z.enum(['asc', 'desc']).default('desc'),
};

/** GET /api/tickets: filters + paging + sort. Default sort: `number` descending (newest first). */
export const ticketListQuery = ticketFilterQuery.extend({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  ...ticketSort,
});
export type TicketListQuery = z.output<typeof ticketListQuery>;

/** GET /api/tickets/export.csv: the filters and the sort of the grid (no paging: every matching ticket). */
export const ticketExportQuery = ticketFilterQuery.extend(ticketSort);
export type TicketExportQuery = z.output<typeof ticketExportQuery>;

/** GET /api/tickets response. */
export const ticketPageSchema = pageOf(ticketSchema);
export type TicketPage = z.infer<typeof ticketPageSchema>;

/** GET /api/tickets/board: one column per status (workflow order), each with its total and first 50 tickets. */
export const boardSchema = z.object({
  columns: z.array(
    z.object({
      status: ticketStatus,
      /** The status label in the request's language. */
      label: z.string(),
      total: z.number().int(),
      items: z.array(ticketSchema),
    }),
  ),
});
export type TicketBoard = z.infer<typeof boardSchema>;

/** GET /api/tickets/workflow: every status with its label (request language), closed flag and allowed moves. */
export const workflowSchema = z.object({
  statuses: z.array(
    z.object({
      status: ticketStatus,
      label: z.string(),
      closed: z.boolean(),
      allowed: z.array(ticketStatus),
    }),
  ),
});

/** GET /api/tickets/accountants: the users with the Contador profession (for the Contador select). */
export const accountantsSchema = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string() })),
});

// ------------------------------------------------------------------ moves

/**
 * The outcome of an e-mail the server tried to send (status change, Notificar, chat):
 * - `queued`: in the outbox, delivered by the worker;
 * - `skipped`: not sent, `reason` says why (e.g. "Não foi possível enviar o e-mail: cliente sem e-mail
 *   cadastrado"), in the request's language;
 * - `disabled`: the office switched the rule off (`reason` says so).
 * `messageId` is the outbox row (null when disabled).
 */
export const emailOutcomeSchema = z.object({
  status: z.enum(['queued', 'skipped', 'disabled']),
  reason: z.string().nullable(),
  messageId: z.string().nullable(),
});
export type EmailOutcome = z.infer<typeof emailOutcomeSchema>;

/**
 * POST /api/tickets/:id/moves. `to` must be one of the ticket's `allowedMoves`; otherwise 422
 * `tickets.invalid_move` with `allowed` (the allowed statuses) in the problem document. A stale `version`
 * → 409 `tickets.version_conflict`.
 */
export const moveBody = z.strictObject({
  to: ticketStatus,
  comment: optionalLongText(5000),
  version: z.number().int().min(1),
});

/** POST /api/tickets/:id/reopen: moves a closed ticket (cancelled/rejected/done) to `reopened`. */
export const reopenBody = z.strictObject({
  comment: optionalLongText(5000),
  version: z.number().int().min(1),
});

/** One movement (movimentação). */
export const movementSchema = z.object({
  id: z.string(),
  from: ticketStatus,
  to: ticketStatus,
  comment: z.string().nullable(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  at: out.dateTime,
});
export type Movement = z.infer<typeof movementSchema>;

/** The answer of a move or a reopen: the ticket as it is now, the movement, and the e-mail's outcome. */
export const moveResultSchema = z.object({
  ticket: ticketSchema,
  movement: movementSchema,
  email: emailOutcomeSchema,
});

/** POST /api/tickets/:id/notify (no body). 409 `tickets.notify_after_movement` once the ticket has moved. */
export const notifyResultSchema = z.object({ email: emailOutcomeSchema, ticket: ticketSchema });

// ------------------------------------------------------------------ chat

/** One chat message. `author` is who wrote it; `internal` staff notes are never shown to the client. */
export const chatMessageSchema = z.object({
  id: z.string(),
  author: z.enum(['staff', 'client']),
  authorName: z.string().nullable(),
  body: z.string(),
  internal: z.boolean(),
  at: out.dateTime,
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** POST /api/tickets/:id/chat. `internal: true` is a staff note (not e-mailed, not on the portal). */
export const chatBody = z.strictObject({
  body: longText(10_000).min(1),
  internal: z.boolean().default(false),
});

/** The posted message, plus the outcome of the e-mail to the requester (null for an internal note). */
export const chatPostResultSchema = chatMessageSchema.extend({ email: emailOutcomeSchema.nullable() });

/**
 * GET /api/tickets/:id/portal-link: the client's portal link for this ticket (for staff to copy), valid 30 days.
 * The link is `<PUBLIC_URL>/portal/tickets/<token>`: the web app serves that public page, which reads
 * GET /api/portal/tickets/<token> and posts to /api/portal/tickets/<token>/chat.
 */
export const portalLinkSchema = z.object({
  url: z.string().meta({ format: 'uri' }),
  expiresAt: out.dateTime,
});

// ------------------------------------------------------------------ files

/** One attached file. `uploadedBy` is the uploader's name (null for the client through the portal). */
export const ticketFileSchema = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number().int(),
  contentType: z.string(),
  uploadedBy: z.string().nullable(),
  at: out.dateTime,
});
export type TicketFile = z.infer<typeof ticketFileSchema>;

/**
 * POST /api/tickets/:id/files body, for the OpenAPI (and the web's generated types) only: a
 * `multipart/form-data` form with one `file` part per file. The route reads the parts as a stream
 * (`req.files()`), so the validator sees no parsed body and accepts anything here; the shape is stated
 * with `.meta()`, as zod has no type for a file part.
 */
export const uploadFilesBody = z.unknown().meta({
  type: 'object',
  properties: {
    file: { type: 'array', items: { type: 'string', format: 'binary' }, description: 'One part per file' },
  },
  required: ['file'],
});

/** POST /api/tickets/:id/files answer (201): the stored files, in upload order. */
/**
 * The files attached, and those of the same upload that were refused (`code`, `reason` in the request's
 * language: a forbidden type, a disguised file, over the size limit).
 */
export const uploadResultSchema = z.object({
  items: z.array(ticketFileSchema),
  refused: z.array(z.object({ name: z.string(), code: z.string(), reason: z.string() })),
});

export const fileParams = z.strictObject({ id: z.uuid(), fileId: z.uuid() });

// ------------------------------------------------------------------ history

/** One line of the Histórico tab: when, who, and what happened in plain words (request language). */
export const historyEntrySchema = z.object({
  at: out.dateTime,
  actorName: z.string().nullable(),
  text: z.string(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

// ------------------------------------------------------------------ SLA policies

/**
 * One SLA policy: targets in business hours of the office calendar (null: no target of that kind).
 * GET /api/tickets/sla-policies → `{ items }` (one per service with a policy);
 * PUT /api/tickets/sla-policies takes `{ items }` and REPLACES the whole set (admin only).
 */
export const slaPolicySchema = z.object({
  serviceId: z.string(),
  serviceName: z.string(),
  firstResponseHours: z.number().nullable(),
  resolutionHours: z.number().nullable(),
});
export type SlaPolicy = z.infer<typeof slaPolicySchema>;
export const slaPoliciesSchema = z.object({ items: z.array(slaPolicySchema) });

const hours = z.number().min(0.25).max(10_000).multipleOf(0.25);
export const putSlaPoliciesBody = z.strictObject({
  items: z
    .array(
      z.strictObject({
        serviceId: z.uuid(),
        firstResponseHours: hours.nullable(),
        resolutionHours: hours.nullable(),
      }),
    )
    .max(1000),
});
export type PutSlaPoliciesInput = z.output<typeof putSlaPoliciesBody>;

// ------------------------------------------------------------------ public portal

/** GET /api/portal/tickets/:token (public): the ticket's public face and its non-internal conversation. */
export const portalTicketSchema = z.object({
  office: z.object({ name: z.string() }),
  ticket: z.object({
    number: z.number().int(),
    subject: z.string(),
    status: ticketStatus,
    /** The status label in the request's language. */
    statusLabel: z.string(),
    clientName: z.string(),
    openedAt: out.dateTime,
    updatedAt: out.dateTime,
    closed: z.boolean(),
  }),
  messages: z.array(chatMessageSchema.omit({ internal: true })),
  expiresAt: out.dateTime,
});
export type PortalTicket = z.infer<typeof portalTicketSchema>;

/** POST /api/portal/tickets/:token/chat (public): the client's message. */
export const portalChatBody = z.strictObject({ body: longText(10_000).min(1) });
export const portalTokenParam = z.strictObject({ token: z.string().min(10).max(100) });
