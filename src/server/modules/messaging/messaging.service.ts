import { sql, type Updateable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { writeTransaction } from '../../db/group-commit.js';
import { readPage } from '../../db/list-query.js';
import { officeRow } from '../../db/office-row.js';
import type { MessageRow, MessagesTable } from '../../db/schema.js';
import type { Lang, Localized } from '../../http/i18n.js';
import { newId } from '../../ids.js';
import { enqueue } from '../engine/index.js';
import { type Actor, findUserForMessaging } from '../platform/index.js';
import { messagingAudit } from './audit.js';
import { storedSettings } from './channels/channel-settings.js';
import { deliverMessage } from './deliver.job.js';
import { localizeDeliveryError } from './delivery-errors.js';
import { MessagingError } from './messaging.errors.js';
import type { Channel, EmailSettings, EmailSettingsInput, Message } from './messaging.schema.js';
import { forgetProvider } from './recent-providers.js';
import { encryptSecret } from './secrets.js';
import { send } from './send.js';

export const toMessage = (r: MessageRow, lang: Lang = 'pt-BR'): Message => ({
  id: r.id,
  channel: r.channel,
  recipientKind: r.recipient_kind,
  recipientId: r.recipient_id,
  clientId: r.client_id,
  address: r.address,
  template: r.template,
  subject: r.subject,
  bodyText: r.body_text,
  idempotencyKey: r.idempotency_key,
  causeKind: r.cause_kind,
  causeId: r.cause_id,
  status: r.status,
  skipReason: r.skip_reason ? (JSON.parse(r.skip_reason) as Localized)[lang] : null,
  attempts: r.attempts,
  possibleDuplicate: r.possible_duplicate === 1,
  providerMessageId: r.provider_message_id,
  error: localizeDeliveryError(r.error, lang),
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

export interface MessageQuery {
  page: number;
  pageSize: number;
  status?: MessageRow['status'] | undefined;
  channel?: MessageRow['channel'] | undefined;
  clientId?: string | undefined;
  cause?: string | undefined;
}

/** The outbox (Mensagens), newest first. */
export async function listMessages(ctx: AppContext, officeId: string, q: MessageQuery, lang: Lang = 'pt-BR') {
  let base = ctx.db.selectFrom('messages').where('office_id', '=', officeId);
  if (q.status) base = base.where('status', '=', q.status);
  if (q.channel) base = base.where('channel', '=', q.channel);
  if (q.clientId) base = base.where('client_id', '=', q.clientId);
  if (q.cause) base = base.where('cause_kind', '=', q.cause);
  const rows = base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
  return readPage(q, rows, base, (r) => toMessage(r, lang));
}

const findMessage = (ctx: AppContext, officeId: string, id: string) =>
  ctx.db
    .selectFrom('messages')
    .selectAll()
    .where(officeRow(officeId, id))
    .executeTakeFirstOrThrow(() => new MessagingError('message_not_found'));

export async function getMessage(ctx: AppContext, officeId: string, id: string, lang: Lang = 'pt-BR') {
  return toMessage(await findMessage(ctx, officeId, id), lang);
}

/** The statuses a user may send again: a permanent failure, or an address the provider refused. */
const retryable = ['failed', 'bounced'] as const;

/**
 * A person's change to one message's status, allowed only from the statuses `from` (else `refusal`, 409).
 * In one transaction: the update `change` makes of the message's row, fenced on the status (the message
 * may have moved since it was read; of two changes at once only one applies), then its `alongside` work
 * (a job to enqueue), then the audit entry of `action`. The use case answers the message as it is now.
 */
function statusChange(rule: {
  from: readonly MessageRow['status'][];
  refusal: 'not_retryable' | 'not_cancellable';
  action: string;
  change: (
    ctx: AppContext,
    actor: Actor,
    row: MessageRow,
  ) => { set: Updateable<MessagesTable>; before?: object; alongside?: (trx: Db) => Promise<unknown> };
}) {
  return async (ctx: AppContext, actor: Actor, id: string, lang: Lang = 'pt-BR'): Promise<Message> => {
    const row = await findMessage(ctx, actor.officeId, id);
    if (!(rule.from as readonly string[]).includes(row.status)) throw new MessagingError(rule.refusal);
    const { set, before, alongside } = rule.change(ctx, actor, row);
    await writeTransaction(ctx, async (trx) => {
      const updated = await trx
        .updateTable('messages')
        .set({ ...set, updated_at: ctx.clock.now().toISOString() })
        .where('office_id', '=', actor.officeId)
        .where('id', '=', id)
        .where('status', 'in', rule.from)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new MessagingError(rule.refusal);
      await alongside?.(trx);
      await messagingAudit.message.record(trx, { ...actor, at: ctx.clock.now() }, id, rule.action, {
        before,
      });
    });
    return getMessage(ctx, actor.officeId, id, lang);
  };
}

/**
 * Sends a failed or bounced message again: back to `queued` with a new delivery job (the same outbox row
 * and key, so the same Message-ID; `attempts` keeps counting across tries). The previous attempt's error,
 * send time and provider id are cleared, so a late status report about it can no longer touch the message.
 * Refused (409) for any other status.
 */
export const retryMessage = statusChange({
  from: retryable,
  refusal: 'not_retryable',
  action: 'retry',
  change: (ctx, actor, row) => ({
    set: { status: 'queued', error: null, sent_at: null, provider_message_id: null },
    before: { status: row.status, error: row.error },
    // A key of its own: the job of the attempt that just failed may still be live (finishing its failure),
    // and would swallow an enqueue under the message's first key, leaving the message queued with no job.
    alongside: (trx) =>
      enqueue(
        ctx,
        trx,
        deliverMessage,
        { messageId: row.id, channel: row.channel },
        { officeId: actor.officeId, uniqueKey: `deliver:${row.id}:retry:${newId()}` },
      ),
  }),
});

/**
 * Cancels a queued message: it is marked `cancelled` and its pending delivery job, when it runs, finds
 * nothing to deliver (the job only takes a message that is queued). Refused (409) once a worker has taken
 * it (`sending`) or it has ended.
 */
export const cancelMessage = statusChange({
  from: ['queued'],
  refusal: 'not_cancellable',
  action: 'cancel',
  change: () => ({ set: { status: 'cancelled' } }),
});

/**
 * The local mailbox: e-mail that landed in Expediente because no SMTP server is configured, newest first.
 * `q` searches the recipient and the subject, case-insensitively (`%` and `_` match themselves).
 */
export async function listMailbox(
  ctx: AppContext,
  officeId: string,
  page: number,
  pageSize: number,
  q?: string | undefined,
) {
  let base = ctx.db.selectFrom('mailbox').where('office_id', '=', officeId);
  const text = q?.trim().toLowerCase();
  if (text) {
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) =>
      eb.or([
        sql<boolean>`lower(to_address) like ${pattern} escape '\\'`,
        sql<boolean>`lower(subject) like ${pattern} escape '\\'`,
      ]),
    );
  }
  const rows = base
    .select(['id', 'message_id', 'to_address', 'subject', 'created_at'])
    .orderBy('created_at', 'desc');
  return readPage({ page, pageSize }, rows, base, (r) => ({
    id: r.id,
    messageId: r.message_id,
    to: r.to_address,
    subject: r.subject,
    receivedAt: r.created_at,
  }));
}

export async function getMailboxRaw(ctx: AppContext, officeId: string, id: string): Promise<string> {
  const row = await ctx.db
    .selectFrom('mailbox')
    .select('raw')
    .where(officeRow(officeId, id))
    .executeTakeFirstOrThrow(() => new MessagingError('message_not_found'));
  return row.raw;
}

/** Saves the office's SMTP settings; the password is encrypted with SECRET_KEY and never returned. */
export async function saveEmailSettings(ctx: AppContext, actor: Actor, input: EmailSettingsInput) {
  const before = await storedSettings<EmailSettings>(ctx.db, actor.officeId, 'email');
  const settings: EmailSettings = {
    host: input.host,
    port: input.port,
    security: input.security,
    user: input.user ?? null,
    passwordEnc:
      input.password === undefined || input.password === null
        ? (before?.passwordEnc ?? null)
        : input.password === ''
          ? null
          : encryptSecret(input.password, ctx.config.secretKey),
    fromName: input.fromName,
    fromAddress: input.fromAddress,
    replyTo: input.replyTo ?? null,
  };
  const { passwordEnc: _a, ...safeBefore } = before ?? ({} as EmailSettings);
  const { passwordEnc: _b, ...safeAfter } = settings;
  await storeChannelSettings(ctx, actor, 'email', settings, {
    before: before ? safeBefore : null,
    after: safeAfter,
  });
  return publicEmailSettings(settings);
}

export async function removeEmailSettings(ctx: AppContext, actor: Actor) {
  await ctx.db
    .deleteFrom('channel_settings')
    .where('office_id', '=', actor.officeId)
    .where('channel', '=', 'email')
    .execute();
  forgetProvider(ctx.db, actor.officeId, 'email');
}

export const publicEmailSettings = (s: EmailSettings | null) =>
  s
    ? {
        mode: 'smtp' as const,
        host: s.host,
        port: s.port,
        security: s.security,
        user: s.user,
        hasPassword: !!s.passwordEnc,
        fromName: s.fromName,
        fromAddress: s.fromAddress,
        replyTo: s.replyTo,
      }
    : { mode: 'mailbox' as const };

/** "Enviar mensagem de teste": a test e-mail to the user who asked, through the real pipeline. */
export async function sendTestEmail(ctx: AppContext, actor: Actor) {
  const user = await findUserForMessaging(ctx, actor.officeId, actor.userId!);
  return writeTransaction(ctx, (trx) =>
    send(ctx, trx, {
      officeId: actor.officeId,
      to: { kind: 'user', id: user.id, name: user.name, emails: [user.email] },
      channels: ['email'],
      template: 'messaging.test',
      vars: { user: { name: user.name } },
      key: `test:${user.id}:${newId()}`,
      cause: { kind: 'manual', id: actor.userId },
    }),
  );
}

/**
 * Stores a channel's settings (secrets already encrypted) and audits the change with the public view only,
 * so no secret ever reaches the audit log.
 */
export async function storeChannelSettings(
  ctx: AppContext,
  actor: Actor,
  channel: Channel,
  settings: object,
  publicView: { before: object | null; after: object },
): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await writeTransaction(ctx, async (trx) => {
    await trx
      .insertInto('channel_settings')
      .values({ office_id: actor.officeId, channel, settings: JSON.stringify(settings), updated_at: now })
      .onConflict((oc) =>
        oc
          .columns(['office_id', 'channel'])
          .doUpdateSet({ settings: JSON.stringify(settings), updated_at: now }),
      )
      .execute();
    await messagingAudit.channelSettings.record(
      trx,
      { ...actor, at: new Date(now) },
      channel,
      'update',
      publicView,
    );
  });
  forgetProvider(ctx.db, actor.officeId, channel);
}

/**
 * The channels that reach people: e-mail once an SMTP server is set up (without one, e-mail stays in the
 * local mailbox), WhatsApp and SMS once their provider is. A routine's form and grid warn about the others.
 */
export async function configuredChannels(ctx: AppContext, officeId: string): Promise<Channel[]> {
  const rows = await ctx.db
    .selectFrom('channel_settings')
    .select('channel')
    .where('office_id', '=', officeId)
    .execute();
  const set = new Set(rows.map((r) => r.channel));
  return (['email', 'whatsapp', 'sms'] as const).filter((c) => set.has(c));
}
