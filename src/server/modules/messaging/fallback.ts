import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { type Fallback, type SendResult, send } from './send.js';

/**
 * Sends a message that failed for good (`failed`, `bounced`) on the next channel its sender listed —
 * `send({ channels: ['whatsapp', 'email'] })` reaches a client whose number cannot receive WhatsApp by
 * e-mail instead. Inside the caller's transaction, the one that records the failure. The new message
 * has the same template, variables, attachments and cause; its key is the original's plus `:fallback`,
 * so a second failure report (a repeated webhook, a retried message failing again) sends nothing new.
 * Returns the new message, or null when there is nowhere else to go or the variables are gone
 * (redacted after the retention period).
 */
export async function fallBack(ctx: AppContext, db: Db, messageId: string): Promise<SendResult | null> {
  const m = await db
    .selectFrom('messages')
    .select([
      'office_id',
      'template',
      'vars',
      'attachments',
      'fallback',
      'idempotency_key',
      'cause_kind',
      'cause_id',
    ])
    .where('id', '=', messageId)
    .executeTakeFirst();
  if (!m?.fallback || m.vars === '{}') return null;
  const { channels, to } = JSON.parse(m.fallback) as Fallback;
  // `office` is the snapshot's; send() adds the office's current one.
  const { office: _office, ...vars } = JSON.parse(m.vars) as Record<string, unknown>;
  const attachments = JSON.parse(m.attachments) as { filename: string; contentType: string; ref: string }[];
  return send(ctx, db, {
    officeId: m.office_id,
    to,
    channels,
    template: m.template,
    vars,
    key: `${m.idempotency_key}:fallback`,
    cause: { kind: m.cause_kind, id: m.cause_id },
    attachments: attachments.map(({ filename, contentType, ref }) => ({ filename, contentType, ref })),
  });
}
