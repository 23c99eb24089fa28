import { IconAlertTriangle, IconCheck, IconMailForward, IconMailOff, IconRefresh } from '@tabler/icons-react';
import type { QueryClient } from '@tanstack/react-query';
import { isApiError } from '../../api/client.js';
import { type EmailOutcome, type Ticket, ticketKeys } from '../../api/tickets.js';
import type { Dictionary } from '../../i18n/index.js';
import { errorMessage, notify, notifyError } from '../../lib/notify.js';

/** The first of a move's two messages: the status changed. */
export function notifyDone(t: Dictionary, message: string): void {
  notify('teal', IconCheck, t.common.savedTitle, message, 4000);
}

/**
 * The second message: what became of the e-mail to the client. Queued is good news; skipped (no e-mail on
 * file, opted out…) is a warning that stays a while, with the server's reason in the user's language.
 */
export function notifyEmailOutcome(t: Dictionary, email: EmailOutcome | null): void {
  if (!email) return;
  if (email.status === 'queued') {
    notify('blue', IconMailForward, t.tickets.emailQueuedTitle, t.tickets.emailQueued, 4000);
  } else if (email.status === 'skipped') {
    notify(
      'yellow',
      IconAlertTriangle,
      t.tickets.emailSkippedTitle,
      email.reason ?? t.tickets.emailSkippedFallback,
      9000,
    );
  } else {
    notify('gray', IconMailOff, t.tickets.emailDisabledTitle, email.reason ?? t.tickets.moveEmailOff, 6000);
  }
}

/** After any write on a ticket: its page, its tabs, the grid and the board read it again. */
export function refreshTicket(queryClient: QueryClient, id: string): void {
  void queryClient.invalidateQueries({ queryKey: ticketKeys.all });
  void queryClient.invalidateQueries({ queryKey: ticketKeys.ticket(id) });
}

/** Puts a ticket the server just returned into the cache, then refreshes what depends on it. */
export function storeTicket(queryClient: QueryClient, ticket: Ticket): void {
  queryClient.setQueryData(ticketKeys.ticket(ticket.id), ticket);
  void queryClient.invalidateQueries({ queryKey: ticketKeys.all });
  void queryClient.invalidateQueries({
    queryKey: ticketKeys.ticket(ticket.id),
    predicate: (q) => q.queryKey.length > 2,
  });
}

/** True for the optimistic-locking refusal: someone else changed the ticket since it was read. */
export function isConflict(error: unknown): boolean {
  return isApiError(error) && error.status === 409 && error.code === 'tickets.version_conflict';
}

/**
 * A failed write on a ticket: a version conflict gets its own message and the screens are refreshed with
 * the current data; any other failure is reported as usual (and refreshed too: the workflow may have moved).
 */
export function reportTicketError(t: Dictionary, queryClient: QueryClient, id: string, error: unknown): void {
  if (isConflict(error)) {
    notify(
      'orange',
      IconRefresh,
      t.tickets.conflictTitle,
      `${errorMessage(error, t)} ${t.tickets.conflict}`,
      9000,
    );
  } else {
    notifyError(error);
  }
  refreshTicket(queryClient, id);
}
