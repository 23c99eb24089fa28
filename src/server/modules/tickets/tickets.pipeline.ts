import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { TicketRow } from '../../db/schema.js';
import { HttpError } from '../../http/errors.js';
import {
  type AutomationCause,
  type AutomationItem,
  definePipelineKind,
  emitEvent,
  type ItemField,
  type PipelineView,
} from '../automation/index.js';
import { ticketsAudit } from './audit.js';
import { TICKETS_PIPELINE } from './status-email.rule.js';
import { statusLabels } from './status-machine.js';
import { foldText } from './tickets.repo.js';
import { ticketStatuses } from './tickets.schema.js';
import { moveTicketIn } from './tickets.service.js';

const l = (pt: string, en: string) => ({ 'pt-BR': pt, en });

/** The fields of a ticket that rules read (conditions, templates) and, where writable, change. */
const fields: ItemField[] = [
  { key: 'number', label: l('Número', 'Number'), type: 'number', writable: false },
  { key: 'subject', label: l('Assunto', 'Subject'), type: 'text', writable: true },
  {
    key: 'kind',
    label: l('Tipo', 'Kind'),
    type: 'select',
    writable: false,
    options: [
      { value: 'service', label: l('Atendimento', 'Service') },
      { value: 'debt_collection', label: l('Cobrança de débito', 'Debt collection') },
    ],
  },
  { key: 'value', label: l('Valor', 'Value'), type: 'money', writable: true },
  { key: 'dueDate', label: l('Vencimento', 'Due date'), type: 'date', writable: true },
  { key: 'debt', label: l('Valor do débito', 'Debt amount'), type: 'money', writable: true },
  { key: 'openedOn', label: l('Aberto em', 'Opened on'), type: 'date', writable: false },
  { key: 'clientId', label: l('Cliente', 'Client'), type: 'client', writable: false },
  { key: 'responsibleId', label: l('Responsável', 'Responsible'), type: 'user', writable: false },
];

/** Field key → ticket column, for the writable ones. */
const columns = {
  subject: 'subject',
  value: 'value_cents',
  dueDate: 'due_date',
  debt: 'debt_cents',
} as const satisfies Record<string, keyof TicketRow>;

const view: PipelineView = {
  id: TICKETS_PIPELINE,
  kind: 'tickets',
  name: l('Atendimentos', 'Tickets'),
  stages: ticketStatuses.map((s) => ({ id: s, name: statusLabels[s], color: null })),
  fields,
};

/** A ticket row with when it entered its current status (its last movement, or its opening). */
type TicketWithEntry = TicketRow & { entered_at: string | null };

/**
 * Tickets with `entered_at`: the time of the ticket's last movement (every movement changes the status),
 * or its opening when it never moved — what the "no movement for N business days" sweep counts from.
 */
function selectTickets(db: Db) {
  return db
    .selectFrom('tickets')
    .selectAll('tickets')
    .select((eb) =>
      eb
        .selectFrom('ticket_movements')
        .select((m) => m.fn.max('ticket_movements.at').as('at'))
        .whereRef('ticket_movements.ticket_id', '=', 'tickets.id')
        .as('entered_at'),
    );
}

function itemOf(r: TicketWithEntry): AutomationItem {
  return {
    pipelineId: TICKETS_PIPELINE,
    id: r.id,
    stageId: r.status,
    title: `#${r.number} ${r.subject}`,
    clientId: r.client_id,
    responsibleId: r.responsible_id,
    fields: {
      number: Number(r.number),
      subject: r.subject,
      kind: r.kind,
      value: Number(r.value_cents),
      dueDate: r.due_date,
      debt: r.debt_cents === null ? null : Number(r.debt_cents),
      openedOn: r.opened_at.slice(0, 10),
      clientId: r.client_id,
      responsibleId: r.responsible_id,
    },
    path: `/tickets/${r.id}`,
    enteredAt: r.entered_at ?? r.opened_at,
  };
}

const automationActor = (officeId: string) => ({ officeId, userId: null });

async function updateTicket(
  ctx: AppContext,
  trx: Db,
  officeId: string,
  item: AutomationItem,
  patch: Partial<TicketRow>,
  field: string,
  before: unknown,
  after: unknown,
  cause: AutomationCause,
) {
  const now = ctx.clock.now();
  const r = await trx
    .updateTable('tickets')
    .set((eb) => ({ ...patch, updated_at: now.toISOString(), version: eb('version', '+', 1) }))
    .where('office_id', '=', officeId)
    .where('id', '=', item.id)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new HttpError('not_found');
  await ticketsAudit.ticket.update(
    trx,
    { officeId, userId: null, at: now },
    item.id,
    { [field]: before },
    { [field]: after },
  );
  await emitEvent(ctx, trx, {
    officeId,
    type: 'item.field_changed',
    entity: 'ticket',
    entityId: item.id,
    payload: {
      pipelineId: TICKETS_PIPELINE,
      itemId: item.id,
      field,
      from: before ?? null,
      to: after ?? null,
      chain: { id: cause.chainId, depth: cause.depth },
    },
    at: now,
  });
}

/** Tickets as an automation pipeline: stages are the statuses, moves follow the status workflow. */
export const ticketsPipeline = definePipelineKind({
  kind: 'tickets',
  owns: (id) => id === TICKETS_PIPELINE,
  list: async () => [view],
  async loadItem(db, officeId, _pipelineId, itemId) {
    const r = await selectTickets(db)
      .where('tickets.office_id', '=', officeId)
      .where('tickets.id', '=', itemId)
      .executeTakeFirst();
    return r ? itemOf(r) : null;
  },
  async itemsInStage(db, officeId, _pipelineId, stageId, page) {
    let q = selectTickets(db)
      .where('tickets.office_id', '=', officeId)
      .where('tickets.status', '=', stageId as TicketRow['status'])
      .orderBy('tickets.id')
      .limit(page.limit);
    if (page.afterId) q = q.where('tickets.id', '>', page.afterId);
    return (await q.execute()).map(itemOf);
  },
  async itemsOfClient(db, officeId, _pipelineId, clientId) {
    const rows = await selectTickets(db)
      .where('tickets.office_id', '=', officeId)
      .where('tickets.client_id', '=', clientId)
      .where('tickets.status', 'not in', ['cancelled', 'rejected', 'done'])
      .orderBy('tickets.id')
      .limit(1000)
      .execute();
    return rows.map(itemOf);
  },
  async moveItem(app, trx, officeId, item, toStageId, cause) {
    const to = ticketStatuses.find((s) => s === toStageId);
    if (!to) throw new HttpError('not_found');
    await moveTicketIn(
      app,
      trx,
      automationActor(officeId),
      item.id,
      { to, comment: null, version: null },
      {
        id: cause.chainId,
        depth: cause.depth,
      },
    );
  },
  async setField(app, trx, officeId, item, key, value, cause) {
    const column = columns[key as keyof typeof columns];
    if (!column) throw new HttpError('not_found');
    const patch: Partial<TicketRow> =
      column === 'subject'
        ? { subject: String(value), subject_key: foldText(String(value)) }
        : { [column]: value as never };
    await updateTicket(app, trx, officeId, item, patch, key, item.fields[key], value, cause);
  },
  async setResponsible(app, trx, officeId, item, userId, cause) {
    await updateTicket(
      app,
      trx,
      officeId,
      item,
      { responsible_id: userId },
      'responsibleId',
      item.responsibleId,
      userId,
      cause,
    );
  },
});
