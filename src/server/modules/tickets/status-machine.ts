/**
 * The ticket workflow: which status may move to which. This is the ONE place that defines it; the service,
 * the HTTP API (`GET /api/tickets/workflow`), the docs (docs/tickets.md) and the tests read it from here.
 *
 * | from        | allowed moves                                   |
 * |-------------|-------------------------------------------------|
 * | open        | analyzing, waiting, cancelled, rejected, done   |
 * | reopened    | analyzing, waiting, cancelled, rejected, done   |
 * | analyzing   | waiting, cancelled, rejected, done              |
 * | waiting     | analyzing, cancelled, rejected, done            |
 * | cancelled   | reopened                                        |
 * | rejected    | reopened                                        |
 * | done        | reopened                                        |
 *
 * `open` is only the initial status (nothing moves back to it); `reopened` is only reached from a closed
 * status (Reabrir); a move to the same status is not a move.
 */
import type { Lang, Localized } from '../../http/i18n.js';
import { type TicketStatus, ticketStatuses } from './tickets.schema.js';

const working = ['analyzing', 'waiting', 'cancelled', 'rejected', 'done'] as const;

/** Allowed moves per status. */
export const transitions: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  open: working,
  reopened: working,
  analyzing: ['waiting', 'cancelled', 'rejected', 'done'],
  waiting: ['analyzing', 'cancelled', 'rejected', 'done'],
  cancelled: ['reopened'],
  rejected: ['reopened'],
  done: ['reopened'],
};

/** The closed statuses: Reabrir moves them to `reopened`. */
export const closedStatuses: readonly TicketStatus[] = ['cancelled', 'rejected', 'done'];

/** Statuses in which the SLA resolution clock runs (Aguardando and the closed ones stop it). */
export const clockRunningStatuses: readonly TicketStatus[] = ['open', 'reopened', 'analyzing'];

export const isClosed = (s: TicketStatus): boolean => closedStatuses.includes(s);
export const clockRuns = (s: TicketStatus): boolean => clockRunningStatuses.includes(s);
export const allowedMoves = (from: TicketStatus): readonly TicketStatus[] => transitions[from];
export const canMove = (from: TicketStatus, to: TicketStatus): boolean => transitions[from].includes(to);

/** The status labels the office sees. */
export const statusLabels: Readonly<Record<TicketStatus, Localized>> = {
  open: { 'pt-BR': 'Aberto', en: 'Open' },
  reopened: { 'pt-BR': 'Reaberto', en: 'Reopened' },
  analyzing: { 'pt-BR': 'Analisando', en: 'Analyzing' },
  waiting: { 'pt-BR': 'Aguardando', en: 'Waiting' },
  cancelled: { 'pt-BR': 'Cancelado', en: 'Cancelled' },
  rejected: { 'pt-BR': 'Rejeitado', en: 'Rejected' },
  done: { 'pt-BR': 'Finalizado', en: 'Done' },
};

export const statusLabel = (s: TicketStatus, lang: Lang): string => statusLabels[s][lang];

/** The whole workflow, for `GET /api/tickets/workflow` and the docs. */
export function workflow(lang: Lang) {
  return {
    statuses: ticketStatuses.map((status) => ({
      status,
      label: statusLabel(status, lang),
      closed: isClosed(status),
      allowed: [...transitions[status]],
    })),
  };
}
