import type { AppContext } from '../../../context.js';
import type { Db } from '../../../db/database.js';
import { contactsOfWhatsApp } from '../../clients/index.js';
import type { InboundMessage } from '../../messaging/index.js';
import { emitEvent } from '../events.js';

/**
 * `message.received` — "the client replied": messaging's `onInboundMessage` hook (registered in
 * catalog.ts) hands over each new inbound message in the transaction that stores it; this emits one event
 * per client the sender is a contact of (a contact may answer for several companies), in that transaction:
 * `{ channel, from, contactId, clientId, providerMessageId, type, text }`. A number that is no client's
 * contact emits nothing (the message stays in the inbound log).
 */
export async function emitMessageReceived(ctx: AppContext, trx: Db, m: InboundMessage): Promise<void> {
  const contacts = await contactsOfWhatsApp(trx, m.officeId, m.from);
  const seen = new Set<string>();
  for (const c of contacts) {
    if (seen.has(c.clientId)) continue;
    seen.add(c.clientId);
    await emitEvent(ctx, trx, {
      officeId: m.officeId,
      type: 'message.received',
      entity: 'client',
      entityId: c.clientId,
      payload: {
        channel: m.channel,
        from: m.from,
        contactId: c.contactId,
        clientId: c.clientId,
        providerMessageId: m.providerMessageId,
        type: m.type,
        text: m.text.slice(0, 1000),
      },
      at: new Date(m.receivedAt),
    });
  }
}
