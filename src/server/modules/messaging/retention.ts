import type { AppContext } from '../../context.js';
import type { JobContext } from '../engine/index.js';
import type { Channel } from './messaging.schema.js';

/**
 * Reserves a send within the office's per-minute limit on `channel`, or says how long to wait. Counted in
 * the database under a lock on the office's channel settings, so the limit holds across every worker on
 * every machine: a reservation stamps the message's `sent_at`, and stamps count toward the window.
 */
export async function rateLimitDelay(
  ctx: JobContext,
  officeId: string,
  channel: Channel,
  messageId: string,
): Promise<number> {
  const limit = ctx.app.config.rateLimitPerMinute[channel];
  return ctx.tx(async (trx) => {
    let lock = trx
      .selectFrom('channel_settings')
      .select('channel')
      .where('office_id', '=', officeId)
      .where('channel', '=', channel);
    if (ctx.app.dialect === 'postgres') lock = lock.forUpdate();
    await lock.execute();
    const now = ctx.clock.now().getTime();
    const recent = await trx
      .selectFrom('messages')
      .select('sent_at')
      .where('office_id', '=', officeId)
      .where('channel', '=', channel)
      .where('sent_at', '>=', new Date(now - 60_000).toISOString())
      .where('id', '!=', messageId)
      .orderBy('sent_at')
      .limit(limit)
      .execute();
    if (recent.length >= limit) return Math.max(1000, Date.parse(recent[0]!.sent_at!) + 60_000 - now);
    await trx
      .updateTable('messages')
      .set({ sent_at: new Date(now).toISOString() })
      .where('id', '=', messageId)
      .execute();
    return 0;
  });
}

/**
 * Privacy: after `days`, message bodies (subject, text, HTML, variables) and local-mailbox copies are
 * removed; the delivery metadata (who, when, channel, status, key, cause) is kept. In batches.
 */
export async function redactOldMessages(app: AppContext, days: number, batch = 1000): Promise<number> {
  const before = new Date(app.clock.now().getTime() - days * 86_400_000).toISOString();
  let total = 0;
  for (;;) {
    const rows = await app.db
      .selectFrom('messages')
      .select('id')
      .where('created_at', '<', before)
      .where('vars', '!=', '{}')
      .limit(batch)
      .execute();
    if (rows.length === 0) break;
    const ids = rows.map((r) => r.id);
    await app.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('messages')
        .set({
          subject: null,
          body_text: '[conteúdo removido após o prazo de retenção]',
          body_html: null,
          vars: '{}',
          channel_payload: null,
        })
        .where('id', 'in', ids)
        .execute();
      await trx.deleteFrom('mailbox').where('message_id', 'in', ids).execute();
    });
    total += ids.length;
  }
  return total;
}
