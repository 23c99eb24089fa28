import { DateTime } from 'luxon';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { writeTransaction } from '../../db/group-commit.js';
import type { TicketRow } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { interpolate, type Lang } from '../../http/i18n.js';
import { fieldsError } from '../../http/validation.js';
import { newId } from '../../ids.js';
import { emitEvent } from '../automation/index.js';
import type { Actor } from '../platform/index.js';
import { ticketsAudit } from './audit.js';
import { checkDebtFields, checkReferences, type TicketReferences } from './references.js';
import { replaySla, type SlaTargets, slaAfterMove, startSla } from './sla.js';
import {
  type EmailResult,
  emailResultOf,
  statusEmailOutcome,
  TICKETS_PIPELINE,
  type TicketStageEntered,
} from './status-email.rule.js';
import { allowedMoves, canMove, isClosed, statusLabel } from './status-machine.js';
import { emailTicketClient } from './ticket-email.js';
import { toTicket } from './ticket-view.js';
import { invalidMoveMessages, TicketsError } from './tickets.errors.js';
import {
  countByStatus,
  countMove,
  countNewTicket,
  findSlaTargets,
  findTicket,
  findTicketRow,
  foldText,
  insertTicket,
  listMovementRows,
  listTicketRows,
  nextTicketNumber,
  type ResolvedFilter,
  selectTickets,
  slaColumns,
  slaStateOf,
} from './tickets.repo.js';
import {
  type CreateTicketParsed,
  type Movement,
  type Ticket,
  type TicketBoard,
  type TicketFilter,
  type TicketListQuery,
  type TicketPage,
  type TicketStatus,
  ticketStatuses,
  type UpdateTicketInput,
} from './tickets.schema.js';
import { workCalendarOf } from './work-calendar.js';

/** Who is asking, for the "Meus atendimentos" view (an API token has no user). */
export interface Viewer {
  officeId: string;
  userId: string | null;
}

/** The answer of a move: the ticket now, the movement, and the status e-mail's outcome. */
export interface MoveOutcome {
  ticket: Ticket;
  movement: Movement;
  email: EmailResult;
}

/** Reads a ticket through `db` (inside a transaction: the transaction) as the API shows it. */
export async function readTicket(ctx: AppContext, db: Db, officeId: string, id: string): Promise<Ticket> {
  const row = await findTicket(db, officeId, id);
  if (!row) throw new TicketsError('not_found');
  return toTicket(row, await workCalendarOf(db, officeId), ctx.clock.now());
}

export const getTicket = (ctx: AppContext, officeId: string, id: string) =>
  readTicket(ctx, ctx.db, officeId, id);

function conflict(given: number, current: number) {
  return new TicketsError('version_conflict', { params: { given, current } });
}

/** The change of a versioned ticket row, guarded by the version the caller read (optimistic locking). */
async function updateVersioned(db: Db, row: TicketRow, version: number, patch: Partial<TicketRow>) {
  const r = await db
    .updateTable('tickets')
    .set({ ...patch, version: version + 1 })
    .where('office_id', '=', row.office_id)
    .where('id', '=', row.id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) {
    const now = await db.selectFrom('tickets').select('version').where('id', '=', row.id).executeTakeFirst();
    throw conflict(version, Number(now?.version ?? version + 1));
  }
}

// ---------------------------------------------------------------- create / edit

/**
 * Opens a ticket (status `open`) with the office's next number. The value defaults to the service's
 * default value; the responsible defaults to the creating user; the SLA targets come from the service.
 */
export async function createTicket(
  ctx: AppContext,
  actor: Actor,
  input: CreateTicketParsed,
): Promise<Ticket> {
  const refs: TicketReferences = {
    clientId: input.clientId,
    contactId: input.contactId ?? null,
    serviceId: input.serviceId ?? null,
    accountantId: input.accountantId ?? null,
    responsibleId: input.responsibleId === undefined ? actor.userId : input.responsibleId,
  };
  // Every reference given is checked. A responsible left to its default is the actor, whose account the
  // request's authentication has just found active in this office: checking it again would read the office's
  // every user and profession for nothing.
  const toCheck = new Set(Object.keys(refs) as (keyof TicketReferences)[]);
  if (input.responsibleId === undefined) toCheck.delete('responsibleId');
  const checked = await checkReferences(ctx, actor.officeId, refs, toCheck);
  const dueDate = input.dueDate ?? null;
  const debtCents = input.debtCents ?? null;
  const issues = [
    ...checked.issues,
    ...checkDebtFields(input.kind, dueDate, debtCents, {
      dueDate: input.dueDate !== undefined,
      debtCents: input.debtCents !== undefined,
    }),
  ];
  if (issues.length) throw fieldsError(...issues);

  // The number. On PostgreSQL it is taken here, in a statement of its own (autocommit) before the opening's
  // transaction: the office's counter row is locked for that one statement, where inside the transaction it
  // stayed locked until the commit and every concurrent opening of the office queued behind it. An opening
  // that fails after this point leaves a gap in the numbering (docs/tickets.md, *Numbers*). SQLite has one
  // writer at a time, so there is no lock to queue on: the number is taken inside the transaction, gapless.
  const taken = ctx.dialect === 'postgres' ? await nextTicketNumber(ctx.db, actor.officeId) : null;

  return writeTransaction(ctx, async (trx) => {
    const now = ctx.clock.now();
    const targets = await findSlaTargets(trx, actor.officeId, refs.serviceId);
    const wc = await workCalendarOf(trx, actor.officeId);
    const sla = startSla(wc, targets, now);
    const id = newId();
    // The row comes back with the names the answer shows: no read-back.
    const inserted = await insertTicket(trx, {
      id,
      office_id: actor.officeId,
      number: taken ?? (await nextTicketNumber(trx, actor.officeId)),
      client_id: refs.clientId,
      contact_id: refs.contactId,
      service_id: refs.serviceId,
      accountant_id: refs.accountantId,
      responsible_id: refs.responsibleId,
      subject: input.subject,
      subject_key: foldText(input.subject),
      description: input.description ?? null,
      value_cents: input.valueCents ?? checked.serviceDefaultCents ?? 0,
      kind: input.kind,
      due_date: input.kind === 'debt_collection' ? dueDate : null,
      debt_cents: input.kind === 'debt_collection' ? debtCents : null,
      status: 'open',
      opened_at: now.toISOString(),
      updated_at: now.toISOString(),
      closed_at: null,
      version: 1,
      movement_count: 0,
      notify_count: 0,
      notified_at: null,
      created_by: actor.userId,
      sla_first_response_minutes: targets.firstResponseMinutes,
      sla_resolution_minutes: targets.resolutionMinutes,
      ...slaColumns(sla),
    });
    const ticket = toTicket(inserted, wc, now);
    await ticketsAudit.ticket.create(trx, { ...actor, at: now }, id, ticket);
    // Last write before the commit: the office's `open` count row is locked the shortest time; its shard
    // follows the number, so that concurrent openings write different rows.
    await countNewTicket(trx, actor.officeId, Number(inserted.number));
    return ticket;
  });
}

/**
 * Edits a ticket's fields (not its status: that is a move). `version` must be the one the caller read.
 * A new service brings its SLA targets (the moves are replayed); the value is only changed when given.
 */
export async function updateTicket(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: UpdateTicketInput,
): Promise<Ticket> {
  const current = await findTicketRow(ctx.db, actor.officeId, id);
  if (!current) throw new TicketsError('not_found');
  if (Number(current.version) !== input.version) throw conflict(input.version, Number(current.version));

  const clientChanged = input.clientId !== undefined && input.clientId !== current.client_id;
  const refs: TicketReferences = {
    clientId: input.clientId ?? current.client_id,
    // A contact belongs to one client: a new client without a contact clears it.
    contactId: input.contactId !== undefined ? input.contactId : clientChanged ? null : current.contact_id,
    serviceId: input.serviceId !== undefined ? input.serviceId : current.service_id,
    accountantId: input.accountantId !== undefined ? input.accountantId : current.accountant_id,
    responsibleId: input.responsibleId !== undefined ? input.responsibleId : current.responsible_id,
  };
  const changed = new Set<keyof TicketReferences>();
  if (clientChanged) changed.add('clientId');
  if (input.contactId !== undefined && input.contactId !== current.contact_id) changed.add('contactId');
  if (input.serviceId !== undefined && input.serviceId !== current.service_id) changed.add('serviceId');
  if (input.accountantId !== undefined && input.accountantId !== current.accountant_id)
    changed.add('accountantId');
  if (input.responsibleId !== undefined && input.responsibleId !== current.responsible_id)
    changed.add('responsibleId');
  const checked = await checkReferences(ctx, actor.officeId, refs, changed);
  const kind = input.kind ?? current.kind;
  const dueDate =
    kind === 'debt_collection' ? (input.dueDate !== undefined ? input.dueDate : current.due_date) : null;
  const debtCents =
    kind === 'debt_collection'
      ? input.debtCents !== undefined
        ? input.debtCents
        : current.debt_cents === null
          ? null
          : Number(current.debt_cents)
      : null;
  const issues = [
    ...checked.issues,
    ...checkDebtFields(
      kind,
      kind === 'debt_collection' ? dueDate : (input.dueDate ?? null),
      kind === 'debt_collection' ? debtCents : (input.debtCents ?? null),
      {
        dueDate: input.dueDate !== undefined,
        debtCents: input.debtCents !== undefined,
      },
    ),
  ];
  if (issues.length) throw fieldsError(...issues);

  return writeTransaction(ctx, async (trx) => {
    const row = await findTicketRow(trx, actor.officeId, id);
    if (!row) throw new TicketsError('not_found');
    if (Number(row.version) !== input.version) throw conflict(input.version, Number(row.version));
    const before = await readTicket(ctx, trx, actor.officeId, id);
    const now = ctx.clock.now();
    const patch: Partial<TicketRow> = {
      client_id: refs.clientId,
      contact_id: refs.contactId,
      service_id: refs.serviceId,
      accountant_id: refs.accountantId,
      responsible_id: refs.responsibleId,
      kind,
      due_date: dueDate,
      debt_cents: debtCents,
      updated_at: now.toISOString(),
    };
    if (input.subject !== undefined)
      Object.assign(patch, { subject: input.subject, subject_key: foldText(input.subject) });
    if (input.description !== undefined) patch.description = input.description;
    if (input.valueCents !== undefined) patch.value_cents = input.valueCents;
    if (refs.serviceId !== row.service_id) {
      const targets: SlaTargets = await findSlaTargets(trx, actor.officeId, refs.serviceId);
      const moves = (await listMovementRows(trx, actor.officeId, id)).map((m) => ({
        at: new Date(m.at),
        from: m.from_status,
        to: m.to_status,
      }));
      const sla = replaySla(
        await workCalendarOf(trx, actor.officeId),
        targets,
        new Date(row.opened_at),
        moves,
        row.first_responded_at,
      );
      Object.assign(patch, {
        sla_first_response_minutes: targets.firstResponseMinutes,
        sla_resolution_minutes: targets.resolutionMinutes,
        ...slaColumns(sla),
      });
    }
    await updateVersioned(trx, row, input.version, patch);
    const after = await readTicket(ctx, trx, actor.officeId, id);
    await ticketsAudit.ticket.update(trx, { ...actor, at: now }, id, before, after);
    return after;
  });
}

// ---------------------------------------------------------------- moves

/**
 * Moves a ticket to `to` (Movimentar). In one transaction: checks the version and the workflow
 * (status-machine.ts), updates the ticket and its SLA, records the movement, and emits
 * `item.stage_entered`, whose built-in rule e-mails the requester. The move succeeds whatever the e-mail's
 * outcome (a client without e-mail: `skipped` with the reason).
 */
export async function moveTicket(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { to: TicketStatus; comment?: string | null | undefined; version: number },
): Promise<MoveOutcome> {
  return writeTransaction(ctx, (trx) => moveTicketIn(ctx, trx, actor, id, input, null));
}

/**
 * A move inside the caller's transaction (the automation engine's `item.move`): `version` null moves
 * whatever version the ticket has; `chain` is the automation chain the move belongs to (loop guard).
 */
export async function moveTicketIn(
  ctx: AppContext,
  trx: Db,
  actor: Actor,
  id: string,
  input: { to: TicketStatus; comment?: string | null | undefined; version: number | null },
  chain: { id: string; depth: number } | null,
): Promise<MoveOutcome> {
  // One read: the ticket with its names (for the answer) and the actor's name (for the e-mail).
  const row = await selectTickets(trx)
    .select((eb) =>
      eb
        .selectFrom('users as actor')
        .select('actor.name')
        .where('actor.office_id', '=', actor.officeId)
        .where('actor.id', '=', actor.userId ?? '')
        .as('actor_name'),
    )
    .where('t.office_id', '=', actor.officeId)
    .where('t.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new TicketsError('not_found');
  if (input.version !== null && Number(row.version) !== input.version)
    throw conflict(input.version, Number(row.version));
  const version = input.version ?? Number(row.version);
  const from = row.status;
  if (!canMove(from, input.to)) throw invalidMove(from, input.to);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const wc = await workCalendarOf(trx, actor.officeId);
  const patch = {
    status: input.to,
    updated_at: at,
    closed_at: isClosed(input.to) ? at : null,
    movement_count: Number(row.movement_count) + 1,
    ...slaColumns(slaAfterMove(wc, slaStateOf(row), now, from, input.to)),
  };
  await updateVersioned(trx, row, version, patch);
  const movementId = newId();
  const comment = input.comment ?? null;
  await trx
    .insertInto('ticket_movements')
    .values({
      id: movementId,
      office_id: actor.officeId,
      ticket_id: id,
      // The version lock serialises a ticket's moves: the count is the order.
      seq: Number(row.movement_count) + 1,
      from_status: from,
      to_status: input.to,
      comment,
      actor_id: actor.userId,
      at,
    })
    .execute();
  const actorName = row.actor_name ?? null;
  const { outcomes } = await emitEvent<TicketStageEntered>(ctx, trx, {
    officeId: actor.officeId,
    type: 'item.stage_entered',
    entity: 'ticket',
    entityId: id,
    payload: {
      ticketId: id,
      number: Number(row.number),
      subject: row.subject,
      clientId: row.client_id,
      from,
      to: input.to,
      comment,
      movementId,
      actorName,
      pipelineId: TICKETS_PIPELINE,
      stageId: input.to,
      fromStageId: from,
      chain,
      // The stage's immediate rules run in this transaction: the answer tells what the e-mail rule did.
      inline: ['message.email'],
    },
    actorId: actor.userId,
    at: now,
  });
  // Last write before the commit: on PostgreSQL the office's count rows stay locked the shortest time.
  await countMove(trx, actor.officeId, from, input.to);
  const { actor_name: _actorName, ...ticketRow } = row;
  return {
    // A move changes only the ticket's own columns: the answer needs no second read.
    ticket: toTicket({ ...ticketRow, ...patch, version: version + 1 }, wc, now),
    movement: { id: movementId, from, to: input.to, comment, actorId: actor.userId, actorName, at },
    email: statusEmailOutcome(outcomes),
  };
}

/** Reabrir: moves a closed ticket (Cancelado, Rejeitado, Finalizado) to Reaberto. */
export const reopenTicket = (
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { comment?: string | null | undefined; version: number },
) => moveTicket(ctx, actor, id, { to: 'reopened', comment: input.comment ?? null, version: input.version });

/** The 422 of a move the workflow does not allow, listing the allowed moves in the message and the params. */
export function invalidMove(from: TicketStatus, to: TicketStatus): AppError {
  const allowed = [...allowedMoves(from)];
  const text = (lang: Lang) =>
    interpolate(invalidMoveMessages[lang], {
      fromLabel: statusLabel(from, lang),
      toLabel: statusLabel(to, lang),
      allowedLabels: allowed.map((s) => statusLabel(s, lang)).join(', '),
    });
  return new AppError(
    'tickets.invalid_move',
    { status: 422, 'pt-BR': text('pt-BR'), en: text('en') },
    { extra: { params: { from, to, allowed }, allowed } },
  );
}

export async function listMovements(ctx: AppContext, officeId: string, id: string): Promise<Movement[]> {
  if (!(await findTicketRow(ctx.db, officeId, id))) throw new TicketsError('not_found');
  return (await listMovementRows(ctx.db, officeId, id)).map((m) => ({
    id: m.id,
    from: m.from_status,
    to: m.to_status,
    comment: m.comment,
    actorId: m.actor_id,
    actorName: m.actor_name,
    at: m.at,
  }));
}

// ---------------------------------------------------------------- notify

/**
 * Notificar: e-mails the requester that the ticket was opened (template `tickets.opened`). Only while the
 * ticket has no movement (409 afterwards). Each press is one message (keyed by the ticket and the count).
 * `notifiedAt` moves only when the e-mail was queued; a skipped one is audited as an attempt, with why.
 */
export async function notifyTicket(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<{ email: EmailResult; ticket: Ticket }> {
  return writeTransaction(ctx, async (trx) => {
    const row = await findTicket(trx, actor.officeId, id);
    if (!row) throw new TicketsError('not_found');
    if (Number(row.movement_count) > 0)
      throw new TicketsError('notify_after_movement', { params: { count: Number(row.movement_count) } });
    const now = ctx.clock.now();
    const count = Number(row.notify_count) + 1;
    const sent = await emailTicketClient(ctx, trx, actor.officeId, row, {
      template: 'tickets.opened',
      key: `ticket-opened:${id}:${count}`,
      vars: {
        ticket: {
          openedAt: row.opened_at,
          service: row.service_name,
          responsible: row.responsible_name,
          debt: row.kind === 'debt_collection' && row.debt_cents !== null ? Number(row.debt_cents) : null,
          dueDate: row.kind === 'debt_collection' ? row.due_date : null,
        },
      },
    });
    const email = emailResultOf(sent);
    // Only a queued e-mail notifies the client; the count still moves so the next press is a new message.
    await trx
      .updateTable('tickets')
      .set({
        notify_count: count,
        ...(email.status === 'queued' ? { notified_at: now.toISOString() } : {}),
      })
      .where('office_id', '=', actor.officeId)
      .where('id', '=', id)
      .execute();
    await ticketsAudit.ticket.record(trx, { ...actor, at: now }, id, 'notify', {
      after: { email: email.status, reason: email.reason },
    });
    return { email, ticket: await readTicket(ctx, trx, actor.officeId, id) };
  });
}

// ---------------------------------------------------------------- grid, kanban

/** The grid's filters as the repository takes them: civil dates in the office's zone, "mine", "overdue". */
export async function resolveFilter(
  ctx: AppContext,
  viewer: Viewer,
  f: TicketFilter,
): Promise<ResolvedFilter> {
  const out: ResolvedFilter = {
    officeId: viewer.officeId,
    statuses: f.status,
    responsibleId: f.responsibleId,
    clientId: f.clientId,
    serviceId: f.serviceId,
    kind: f.kind,
    q: f.q || undefined,
  };
  if (f.mine) {
    if (!viewer.userId || (f.responsibleId && f.responsibleId !== viewer.userId)) out.none = true;
    else out.responsibleId = viewer.userId;
  }
  if (f.openedFrom || f.openedTo) {
    const { timeZone } = await workCalendarOf(ctx.db, viewer.officeId);
    const startOf = (d: string) =>
      new Date(DateTime.fromISO(d, { zone: timeZone }).startOf('day').toMillis());
    if (f.openedFrom) out.openedFrom = startOf(f.openedFrom).toISOString();
    if (f.openedTo)
      out.openedBefore = new Date(
        DateTime.fromISO(f.openedTo, { zone: timeZone }).startOf('day').plus({ days: 1 }).toMillis(),
      ).toISOString();
  }
  if (f.overdue) out.overdueAt = ctx.clock.now().toISOString();
  return out;
}

export async function listTickets(ctx: AppContext, viewer: Viewer, q: TicketListQuery): Promise<TicketPage> {
  const [filter, wc] = await Promise.all([
    resolveFilter(ctx, viewer, q),
    workCalendarOf(ctx.db, viewer.officeId),
  ]);
  const { rows, total } = await listTicketRows(ctx.db, filter, {
    sort: q.sort,
    order: q.order,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
    serialCount: ctx.dialect === 'postgres',
  });
  const now = ctx.clock.now();
  return { items: rows.map((r) => toTicket(r, wc, now)), total, page: q.page, pageSize: q.pageSize };
}

/** Tickets shown per kanban column. */
export const BOARD_COLUMN_SIZE = 50;

/** The kanban: one column per status (only the filtered ones when `status` is given), newest first. */
export async function ticketBoard(
  ctx: AppContext,
  viewer: Viewer,
  f: TicketFilter,
  lang: Lang,
): Promise<TicketBoard> {
  const [filter, wc] = await Promise.all([
    resolveFilter(ctx, viewer, f),
    workCalendarOf(ctx.db, viewer.officeId),
  ]);
  const statuses = filter.statuses?.length
    ? ticketStatuses.filter((s) => filter.statuses!.includes(s))
    : ticketStatuses;
  const totals = await countByStatus(ctx.db, filter);
  const now = ctx.clock.now();
  const columns = [];
  for (const status of statuses) {
    const total = totals.get(status) ?? 0;
    const rows = total
      ? (
          await listTicketRows(
            ctx.db,
            { ...filter, statuses: [status] },
            { sort: 'number', order: 'desc', limit: BOARD_COLUMN_SIZE, offset: 0 },
            false,
          )
        ).rows
      : [];
    columns.push({
      status,
      label: statusLabel(status, lang),
      total,
      items: rows.map((r) => toTicket(r, wc, now)),
    });
  }
  return { columns };
}
