/** Small pure rules of the tickets screens (unit-tested in ticket-rules.test.ts). */
import type { TicketSla } from '../../api/tickets.js';

/** `1536` → `1,5 KB`; Brazilian decimal comma whichever the language. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = value >= 10 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, '');
  return `${text.replace('.', ',')} ${units[unit]}`;
}

/**
 * The amount a list shows for a ticket (its Valor column, a board card): the debt of a cobrança de débito —
 * whose service value (`valueCents`) is usually 0 —, otherwise the service value. The server sorts by the
 * same amount.
 */
export function ticketAmountCents(ticket: {
  kind: 'service' | 'debt_collection';
  valueCents: number;
  debtCents: number | null;
}): number {
  return ticket.kind === 'debt_collection' && ticket.debtCents !== null
    ? ticket.debtCents
    : ticket.valueCents;
}

/**
 * What a money input holds (a number of reais, or the text `1.234,56`) → cents; `null` when empty or not a
 * number.
 */
export function reaisToCents(value: number | string | null | undefined): number | null {
  if (value === '' || value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(value.replace(/\./g, '').replace(',', '.'));
  return Number.isFinite(n) ? Math.round(n * 100) : null;
}

/**
 * The SLA target an overdue ticket missed first: the first response while unanswered, else the resolution;
 * when none is past yet (a closed ticket closed late), the resolution target.
 */
export function missedTarget(sla: TicketSla, now = Date.now()): string | null {
  const { firstResponseDueAt, firstRespondedAt, resolutionDueAt } = sla;
  const missed = [firstRespondedAt === null ? firstResponseDueAt : null, resolutionDueAt]
    .filter((d): d is string => d !== null && Date.parse(d) <= now)
    .sort();
  return missed[0] ?? resolutionDueAt ?? firstResponseDueAt;
}
