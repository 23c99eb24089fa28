import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { recipientOfClient } from '../clients/index.js';
import { type SendResult, send } from '../messaging/index.js';
import { portalLink } from './portal-token.js';

/** What every ticket e-mail names of its ticket. */
interface MailedTicket {
  id: string;
  client_id: string;
  client_name: string | null;
  number: number | string;
  subject: string;
}

/**
 * E-mails a ticket's client with one of the ticket templates (tickets.templates.ts), inside `trx`. The
 * client's name and the ticket's number, subject and portal link are filled here; `vars` adds the
 * template's own (`ticket` ones merged). A client without an e-mail gets nothing: the result says why.
 */
export async function emailTicketClient(
  ctx: AppContext,
  trx: Db,
  officeId: string,
  t: MailedTicket,
  mail: {
    template: string;
    key: string;
    vars: { ticket?: Record<string, unknown>; [name: string]: unknown };
  },
): Promise<SendResult> {
  const recipient = (await recipientOfClient(trx, officeId, t.client_id)) ?? {
    kind: 'client' as const,
    id: t.client_id,
    emails: [],
  };
  const { ticket, ...vars } = mail.vars;
  return send(ctx, trx, {
    officeId,
    to: recipient,
    channels: ['email'],
    template: mail.template,
    vars: {
      client: { name: recipient.name ?? t.client_name ?? '' },
      ticket: {
        number: Number(t.number),
        subject: t.subject,
        link: portalLink(ctx, officeId, t.id).url,
        ...ticket,
      },
      ...vars,
    },
    key: mail.key,
    cause: { kind: 'ticket', id: t.id },
  });
}
