import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { newId } from '../../ids.js';
import { defineJob, PermanentJobError } from '../engine/index.js';
import { getOffice } from '../platform/index.js';
import { buildMime, composeEmail, loadEmailSettings, sendSmtp } from './channels/email.channel.js';
import { PermanentDeliveryError } from './messaging.errors.js';
import { templateDefinition } from './template-registry.js';

/** A signed, single-purpose token for a contact's one-click unsubscribe link. */
export function unsubscribeToken(app: AppContext, officeId: string, contactId: string): string {
  const sig = createHmac('sha256', app.config.secretKey)
    .update(`unsubscribe:${officeId}:${contactId}`)
    .digest('base64url');
  return `${Buffer.from(`${officeId}:${contactId}`).toString('base64url')}.${sig.slice(0, 32)}`;
}

function unsubscribeUrl(
  app: AppContext,
  officeId: string,
  recipientKind: string,
  recipientId: string | null,
) {
  if (recipientKind !== 'contact' || !recipientId) return null;
  const base = app.config.publicUrl ?? `http://${app.config.host}:${app.config.port}`;
  return `${base}/api/unsubscribe/${unsubscribeToken(app, officeId, recipientId)}`;
}

const MAX_ATTEMPTS = 8;

/**
 * Delivers one outbox message. Without SMTP settings the e-mail lands in the local mailbox in the same
 * transaction that marks it delivered — no duplicate is possible. With SMTP, the message is marked sent
 * right after the server accepts it; a crash between the two is the documented duplicate window.
 */
export const deliverMessage = defineJob({
  kind: 'messaging.deliver',
  payload: z.object({ messageId: z.string() }),
  maxAttempts: MAX_ATTEMPTS,
  backoff: { baseMs: 10_000, maxMs: 3_600_000 },
  async run({ messageId }, ctx) {
    const app = ctx.app;
    const msg = await ctx.tx(async (trx) => {
      const row = await trx.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();
      if (!row || (row.status !== 'queued' && row.status !== 'sending')) return null;
      await trx
        .updateTable('messages')
        .set({ status: 'sending', attempts: row.attempts + 1, updated_at: ctx.clock.now().toISOString() })
        .where('id', '=', messageId)
        .execute();
      return row;
    });
    if (!msg) return { summary: 'nothing to deliver' };
    if (msg.channel !== 'email') throw new PermanentJobError(`channel ${msg.channel} is not available`);

    const office = await getOffice(app, msg.office_id);
    const settings = await loadEmailSettings(app.db, msg.office_id);
    const transactional = templateDefinition(msg.template)?.transactional ?? true;
    const mail = composeEmail(
      msg,
      office,
      settings,
      transactional ? null : unsubscribeUrl(app, msg.office_id, msg.recipient_kind, msg.recipient_id),
    );
    const now = () => ctx.clock.now().toISOString();

    if (!settings) {
      const raw = await buildMime(mail);
      await ctx.tx(async (trx) => {
        await trx
          .insertInto('mailbox')
          .values({
            id: newId(),
            office_id: msg.office_id,
            message_id: msg.id,
            to_address: mail.to,
            subject: mail.subject,
            raw,
            created_at: now(),
          })
          .onConflict((oc) => oc.column('message_id').doNothing())
          .execute();
        await trx
          .updateTable('messages')
          .set({
            status: 'delivered',
            sent_at: now(),
            provider_message_id: mail.messageId,
            error: null,
            updated_at: now(),
          })
          .where('id', '=', msg.id)
          .execute();
      });
      return { summary: `entregue na caixa local para ${mail.to}` };
    }

    try {
      const sent = await sendSmtp(app, msg.office_id, settings, mail);
      await ctx.tx(async (trx) => {
        await trx
          .updateTable('messages')
          .set({
            status: 'sent',
            sent_at: now(),
            provider_message_id: sent.providerMessageId,
            error: null,
            updated_at: now(),
          })
          .where('id', '=', msg.id)
          .execute();
      });
      return { summary: `aceito pelo servidor SMTP para ${mail.to}` };
    } catch (err) {
      const permanent = err instanceof PermanentDeliveryError;
      const last = ctx.job.attempt >= MAX_ATTEMPTS;
      const error = (err as Error).message.slice(0, 1000);
      await ctx.tx(async (trx) => {
        await trx
          .updateTable('messages')
          .set({ status: permanent || last ? 'failed' : 'queued', error, updated_at: now() })
          .where('id', '=', msg.id)
          .execute();
      });
      if (permanent) throw new PermanentJobError(error, { cause: err });
      throw err;
    }
  },
});
