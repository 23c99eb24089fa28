import { slaView, type WorkCalendar } from './sla.js';
import { allowedMoves, isClosed } from './status-machine.js';
import { slaStateOf, type TicketJoinedRow } from './tickets.repo.js';
import type { Ticket } from './tickets.schema.js';

/** A ticket as the API shows it, with its SLA computed at `now` in the office's working time. */
export function toTicket(r: TicketJoinedRow, wc: WorkCalendar, now: Date): Ticket {
  return {
    id: r.id,
    number: Number(r.number),
    clientId: r.client_id,
    clientName: r.client_name ?? '—',
    contactId: r.contact_id,
    contactName: r.contact_name,
    serviceId: r.service_id,
    serviceName: r.service_name,
    accountantId: r.accountant_id,
    accountantName: r.accountant_name,
    responsibleId: r.responsible_id,
    responsibleName: r.responsible_name,
    subject: r.subject,
    description: r.description,
    valueCents: Number(r.value_cents),
    kind: r.kind,
    dueDate: r.due_date,
    debtCents: r.debt_cents === null ? null : Number(r.debt_cents),
    status: r.status,
    closed: isClosed(r.status),
    allowedMoves: [...allowedMoves(r.status)],
    openedAt: r.opened_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    version: Number(r.version),
    movementCount: Number(r.movement_count),
    notifiedAt: r.notified_at,
    sla: slaView(wc, slaStateOf(r), r.status, now),
  };
}
