import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { writeTransaction } from '../../db/group-commit.js';
import type { Lang } from '../../http/i18n.js';
import { newId } from '../../ids.js';
import { type Actor, findOffice, notifyUser } from '../platform/index.js';
import { portalLink, verifyPortalToken } from './portal-token.js';
import { slaAfterResponse } from './sla.js';
import { type EmailResult, emailResultOf } from './status-email.rule.js';
import { isClosed, statusLabel } from './status-machine.js';
import { emailTicketClient } from './ticket-email.js';
import { TicketsError } from './tickets.errors.js';
import {
  findTicket,
  insertInternalNotePg,
  insertStaffMessage,
  listMessageRows,
  nextSeq,
  slaColumns,
  slaStateOf,
} from './tickets.repo.js';
import type { ChatMessage, PortalTicket } from './tickets.schema.js';

/**
 * The ticket's chat: staff ↔ the client. Staff messages that are not internal are e-mailed to the
 * requester with the portal link; the client answers on the portal (a signed, expiring link). Internal
 * notes never leave the office: not e-mailed, not on the portal.
 */

type MessageRow = Awaited<ReturnType<typeof listMessageRows>>[number];

const toMessage = (m: MessageRow): ChatMessage => ({
  id: m.id,
  author: m.author,
  authorName: m.author_name,
  body: m.body,
  internal: m.internal === 1,
  at: m.at,
});

export async function listChat(ctx: AppContext, officeId: string, ticketId: string): Promise<ChatMessage[]> {
  if (!(await findTicket(ctx.db, officeId, ticketId))) throw new TicketsError('not_found');
  return (await listMessageRows(ctx.db, officeId, ticketId)).map(toMessage);
}

/**
 * Posts a staff message. Not internal: e-mailed to the requester (template `tickets.message`) and counted
 * as the ticket's first response for the SLA. Returns the message and the e-mail's outcome (null if internal).
 */
export async function postChat(
  ctx: AppContext,
  actor: Actor,
  ticketId: string,
  input: { body: string; internal: boolean },
): Promise<ChatMessage & { email: EmailResult | null }> {
  if (input.internal && ctx.dialect === 'postgres') {
    // An internal note reads nothing else and writes nothing else: one statement (see insertInternalNotePg).
    const row = {
      id: newId(),
      office_id: actor.officeId,
      ticket_id: ticketId,
      user_id: actor.userId,
      body: input.body,
      at: ctx.clock.now().toISOString(),
    };
    const r = await insertInternalNotePg(ctx.db, row);
    if (!r) throw new TicketsError('not_found');
    return { ...toMessage({ ...row, ...r, author: 'staff', internal: 1 }), email: null };
  }
  return writeTransaction(ctx, async (trx) => {
    const t = await findTicket(trx, actor.officeId, ticketId);
    if (!t) throw new TicketsError('not_found');
    const now = ctx.clock.now();
    const base = {
      id: newId(),
      office_id: actor.officeId,
      ticket_id: ticketId,
      user_id: actor.userId,
      body: input.body,
      internal: input.internal ? 1 : 0,
      at: now.toISOString(),
    };
    // The message's seq and its author's name come back from the insert itself.
    const row = { ...base, author: 'staff' as const, ...(await insertStaffMessage(trx, base)) };
    const authorName = row.author_name;
    let email: EmailResult | null = null;
    const patch: Record<string, unknown> = { updated_at: row.at };
    if (!input.internal) {
      Object.assign(patch, slaColumns(slaAfterResponse(slaStateOf(t), now)));
      email = emailResultOf(
        await emailTicketClient(ctx, trx, actor.officeId, t, {
          template: 'tickets.message',
          key: `ticket-chat:${row.id}`,
          vars: { message: { author: authorName ?? '', body: input.body } },
        }),
      );
    }
    await trx
      .updateTable('tickets')
      .set(patch)
      .where('office_id', '=', actor.officeId)
      .where('id', '=', ticketId)
      .execute();
    return { ...toMessage(row), email };
  });
}

// ---------------------------------------------------------------- the client's portal

async function portalTicketRow(db: Db, officeId: string, ticketId: string) {
  const t = await findTicket(db, officeId, ticketId);
  // A deleted ticket behind a genuine link: the link no longer opens anything.
  if (!t) throw new TicketsError('portal_link_invalid');
  return t;
}

/** What the client sees through the link: the ticket's public face and its non-internal conversation. */
export async function getPortalTicket(ctx: AppContext, token: string, lang: Lang): Promise<PortalTicket> {
  const { officeId, ticketId, expiresAt } = verifyPortalToken(ctx, token);
  const t = await portalTicketRow(ctx.db, officeId, ticketId);
  const office = await findOffice(ctx.db, officeId);
  const messages = await listMessageRows(ctx.db, officeId, ticketId, true);
  return {
    office: { name: office?.name ?? '' },
    ticket: {
      number: Number(t.number),
      subject: t.subject,
      status: t.status,
      statusLabel: statusLabel(t.status, lang),
      clientName: t.client_name ?? '',
      openedAt: t.opened_at,
      updatedAt: t.updated_at,
      closed: isClosed(t.status),
    },
    messages: messages.map((m) => {
      const { internal: _internal, ...rest } = toMessage(m);
      return rest;
    }),
    expiresAt: expiresAt.toISOString(),
  };
}

/** The client's answer through the link; the responsible user is told in the app. */
export async function postPortalMessage(
  ctx: AppContext,
  token: string,
  body: string,
): Promise<Omit<ChatMessage, 'internal'>> {
  const { officeId, ticketId } = verifyPortalToken(ctx, token);
  return writeTransaction(ctx, async (trx) => {
    const t = await portalTicketRow(trx, officeId, ticketId);
    const now = ctx.clock.now();
    const row = {
      id: newId(),
      office_id: officeId,
      ticket_id: ticketId,
      seq: await nextSeq(trx, 'ticket_messages', ticketId),
      author: 'client' as const,
      user_id: null,
      author_name: t.contact_name ?? t.client_name,
      body,
      internal: 0,
      at: now.toISOString(),
    };
    await trx.insertInto('ticket_messages').values(row).execute();
    await trx
      .updateTable('tickets')
      .set({ updated_at: row.at })
      .where('office_id', '=', officeId)
      .where('id', '=', ticketId)
      .execute();
    if (t.responsible_id) {
      await notifyUser(trx, {
        officeId,
        userId: t.responsible_id,
        title: `Nova mensagem do cliente no atendimento nº ${t.number}`,
        body: `${row.author_name ?? 'O cliente'}: ${body.slice(0, 500)}`,
        link: `/tickets/${ticketId}`,
        at: now,
      });
    }
    const { internal: _internal, ...message } = toMessage(row);
    return message;
  });
}

/** A fresh portal link for staff to copy (the same kind of link the e-mails carry). */
export async function getPortalLink(ctx: AppContext, officeId: string, ticketId: string) {
  if (!(await findTicket(ctx.db, officeId, ticketId))) throw new TicketsError('not_found');
  const { url, expiresAt } = portalLink(ctx, officeId, ticketId);
  return { url, expiresAt };
}
