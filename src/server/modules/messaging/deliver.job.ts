import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { MessageRow } from '../../db/schema.js';
import { interpolate, type Localized } from '../../http/i18n.js';
import { newId } from '../../ids.js';
import {
  defineJob,
  enqueue,
  groupedWrite,
  type JobContext,
  localizedSummary,
  PermanentJobError,
} from '../engine/index.js';
import { getRecentOffice } from '../platform/index.js';
import {
  buildMime,
  type ComposedEmail,
  composeEmail,
  loadEmailSettings,
  officeReplyTo,
  sendSmtp,
} from './channels/email.channel.js';
import { loadSmsSettings, type SmsSettings, sendSms } from './channels/sms.channel.js';
import {
  lastInboundAt,
  loadWhatsAppSettings,
  RetryLaterError,
  sendWhatsApp,
  type WhatsAppList,
  type WhatsAppSettings,
  WINDOW_MS,
} from './channels/whatsapp.channel.js';
import { unsubscribeKinds, unsubscribeToken } from './consent.js';
import { deliveryError, problem } from './delivery-errors.js';
import { fallBack } from './fallback.js';
import { readAndTakeMessage, readMessageToDeliver, takeMessage } from './message-reads.js';
import { PermanentDeliveryError } from './messaging.errors.js';
import type { EmailSettings } from './messaging.schema.js';
import { reserveSend } from './rate-limit.js';
import { type Provider, providerKey, recentProviders } from './recent-providers.js';
import { acceptances } from './record-sent.js';
import { templateDefinition } from './template-registry.js';

/**
 * The unsubscribe link of a non-transactional e-mail, for recipients with an e-mail opt-out (clients and
 * contacts); null for staff and bare addresses, who have none to set.
 */
function unsubscribeUrl(
  ctx: AppContext,
  officeId: string,
  recipientKind: string,
  recipientId: string | null,
) {
  const kind = unsubscribeKinds.find((k) => k === recipientKind);
  if (!kind || !recipientId) return null;
  const base = ctx.config.publicUrl ?? `http://${ctx.config.host}:${ctx.config.port}`;
  return `${base}/api/unsubscribe/${unsubscribeToken(ctx, officeId, kind, recipientId)}`;
}

const MAX_ATTEMPTS = 8;

/** Records a delivery failure on the message (fenced) and rethrows it as the job's outcome. */
async function failDelivery(ctx: JobContext, msg: MessageRow, err: unknown): Promise<never> {
  const permanent = err instanceof PermanentDeliveryError;
  const last = ctx.job.attempt >= MAX_ATTEMPTS;
  const what = permanent
    ? (err.reason ?? (err.bounced ? problem.bounced : problem.refused))
    : last
      ? problem.exhausted
      : problem.retrying;
  // Our words, then the provider's answer as it came: the error's own message, or — when the reason is
  // ours — the answer that caused it, if any.
  const answer =
    permanent && err.reason
      ? err.cause instanceof Error
        ? err.cause.message
        : null
      : (err as Error).message;
  const error = deliveryError(what, answer);
  const status = permanent && err.bounced ? 'bounced' : permanent || last ? 'failed' : 'queued';
  await ctx.tx(async (trx) => {
    await trx
      .updateTable('messages')
      .set({ status, error, updated_at: ctx.clock.now().toISOString() })
      .where('id', '=', msg.id)
      .execute();
    // Failed for good: on to the next channel the sender listed, in the same commit.
    if (status !== 'queued') await fallBack(ctx.app, trx, msg.id);
  });
  if (permanent) throw new PermanentJobError(error, { cause: err });
  throw err;
}

/**
 * Records the provider's acceptance with the job's success (`ctx.onSuccess`), which the engine writes as
 * soon as the handler returns — the handler returns right after this, so the acceptance is the attempt's
 * next write after the provider's answer (for SMTP, the 250 to DATA), before any other work, and it commits
 * with the job's finish: on SQLite in the transaction that finishes the job, on PostgreSQL in the statement
 * that finishes it, shared with the deliveries finishing at that moment (`acceptances`, record-sent.ts). A
 * delivery cut before that commit leaves its message `sending`, which the next attempt's take flags as a
 * possible duplicate.
 */
function markSent(ctx: JobContext, msg: MessageRow, providerId: string) {
  const at = ctx.clock.now().toISOString();
  ctx.onSuccess(groupedWrite(acceptances, { id: msg.id, providerId, at }, ctx.holdsJob));
}

/**
 * Takes the message for one call to its provider, in one fenced statement made just before the call:
 * `sending`, one more attempt. A message found `sending` already was taken by an earlier attempt that was
 * cut (a crash, a worker declared dead) after it called the provider and before the answer was recorded —
 * every recorded outcome moves a message out of `sending` — so the recipient may already have it: it is
 * marked a possible duplicate (the documented duplicate window, counted and shown in the outbox). False
 * when this attempt no longer holds the job, or the message was meanwhile dealt with.
 */
async function takeForSend(ctx: JobContext, msg: MessageRow): Promise<boolean> {
  // One statement with the takes of the deliveries started beside this one on PostgreSQL (message-reads.ts).
  const row = await takeMessage(
    ctx.app.db,
    ctx.app.dialect,
    msg.id,
    ctx.holdsJob,
    ctx.clock.now().toISOString(),
  );
  if (row?.possible_duplicate === 1 && msg.possible_duplicate !== 1)
    ctx.log.warn(
      { messageId: msg.id },
      'an earlier attempt was cut after calling the provider: possible duplicate',
    );
  return !!row;
}

/**
 * A delivery run's summaries, in both languages (`localizedSummary` stores both; the runs API shows the
 * reader's). `{seconds}`, `{to}` and `{via}` are filled in by `delivered`.
 */
const deliverTexts = {
  nothing: { 'pt-BR': 'nada a entregar', en: 'nothing to deliver' },
  providerLimit: {
    'pt-BR': 'limite do provedor: nova tentativa em {seconds} s',
    en: 'provider limit: trying again in {seconds} s',
  },
  minuteLimit: {
    'pt-BR': 'limite por minuto: nova tentativa em {seconds} s',
    en: 'per-minute limit: trying again in {seconds} s',
  },
  smsAccepted: { 'pt-BR': 'SMS aceito pelo provedor para {to}', en: 'SMS accepted by the provider for {to}' },
  whatsappText: { 'pt-BR': 'aceito pelo WhatsApp (texto)', en: 'accepted by WhatsApp (text)' },
  whatsappList: {
    'pt-BR': 'aceito pelo WhatsApp (lista interativa)',
    en: 'accepted by WhatsApp (interactive list)',
  },
  whatsappTemplate: {
    'pt-BR': 'aceito pelo WhatsApp (modelo {template})',
    en: 'accepted by WhatsApp (template {template})',
  },
  localMailbox: {
    'pt-BR': 'entregue na caixa local para {to}',
    en: 'delivered to the local mailbox for {to}',
  },
  smtpAccepted: {
    'pt-BR': 'aceito pelo servidor SMTP para {to}',
    en: 'accepted by the SMTP server for {to}',
  },
} satisfies Record<string, Localized>;

/** A delivery run's result: its summary in both languages. */
const delivered = (key: keyof typeof deliverTexts, params: Record<string, string | number> = {}) =>
  localizedSummary({
    'pt-BR': interpolate(deliverTexts[key]['pt-BR'], params),
    en: interpolate(deliverTexts[key].en, params),
  });

const nothingToDeliver = delivered('nothing');

/**
 * Puts the message back in the queue, to be delivered by a new job in `waitMs` (a provider's Retry-After,
 * or the end of a full minute). Inside the attempt's fenced transaction, so only the holder can do it.
 */
async function waitInQueue(
  ctx: JobContext,
  trx: Db,
  msg: MessageRow,
  reason: string,
  waitMs: number,
  providerWaits = 0,
) {
  const at = new Date(ctx.clock.now().getTime() + waitMs);
  await trx
    .updateTable('messages')
    .set({ status: 'queued', error: reason, updated_at: ctx.clock.now().toISOString() })
    .where('id', '=', msg.id)
    .execute();
  await enqueue(
    ctx.app,
    trx,
    deliverMessage,
    { messageId: msg.id, providerWaits, channel: msg.channel },
    { officeId: msg.office_id, runAt: at, uniqueKey: `deliver:${msg.id}:at:${at.toISOString()}` },
  );
}

/**
 * How many times in a row a message waits for a provider that answers 429 or 503 (each wait its
 * Retry-After) before it fails: the provider's limit is not lifting, and someone should look.
 */
export const MAX_PROVIDER_WAITS = 20;

async function retryLater(ctx: JobContext, msg: MessageRow, err: RetryLaterError, waits: number) {
  if (waits >= MAX_PROVIDER_WAITS) {
    return failDelivery(
      ctx,
      msg,
      new PermanentDeliveryError(err.message, { reason: problem.providerLimitStuck, cause: err }),
    );
  }
  await ctx.tx((trx) =>
    waitInQueue(
      ctx,
      trx,
      msg,
      deliveryError(problem.providerLimit, err.message),
      err.retryAfterMs,
      waits + 1,
    ),
  );
  return delivered('providerLimit', { seconds: Math.round(err.retryAfterMs / 1000) });
}

/**
 * The channel's provider settings of the message's office (null: the local mailbox, or not set up), as
 * recent deliveries read them: saving or removing a channel's settings forgets them (`forgetProvider`).
 */
function providerOf(db: Db, msg: MessageRow): Promise<Provider> {
  return providerFor(db, msg.office_id, msg.channel);
}

function providerFor(db: Db, officeId: string, channel: MessageRow['channel']): Promise<Provider> {
  return recentProviders.get(db, providerKey(officeId, channel), async () => {
    switch (channel) {
      case 'email':
        return { channel: 'email', settings: await loadEmailSettings(db, officeId) };
      case 'whatsapp':
        return { channel: 'whatsapp', settings: await loadWhatsAppSettings(db, officeId) };
      case 'sms':
        return { channel: 'sms', settings: await loadSmsSettings(db, officeId) };
    }
  });
}

/**
 * PostgreSQL: an e-mail whose provider call follows its read at once — its job names the office and the
 * channel, the office's SMTP settings are known, and no per-minute limit is to be reserved — is read and
 * taken in one statement (`readAndTakeMessage`, gathered with the other deliveries of its claim): one round
 * trip instead of two before the SMTP call. The take then comes before the e-mail is composed instead of
 * just after (composing reads the office, recently read, the administrators for a message that asks for an
 * answer, and attachments from the blob store; a failure there is recorded as the attempt's). Null: the usual
 * path (SQLite, whose statements cost no round trip; another channel; a job enqueued before its payload
 * named the channel; a message this statement did not take).
 */
async function readAndTakeEmail(
  ctx: JobContext,
  messageId: string,
  channel: MessageRow['channel'] | undefined,
): Promise<{ msg: MessageRow; settings: EmailSettings } | null> {
  const app = ctx.app;
  const officeId = ctx.job.officeId;
  if (app.dialect !== 'postgres' || channel !== 'email' || !officeId) return null;
  if (app.config.rateLimitPerMinute.email > 0) return null;
  const provider = await providerFor(app.db, officeId, 'email');
  if (provider.channel !== 'email' || !provider.settings) return null;
  const msg = await readAndTakeMessage(
    app.db,
    messageId,
    officeId,
    ctx.holdsJob,
    ctx.clock.now().toISOString(),
  );
  if (!msg) return null;
  if (msg.possible_duplicate === 1 && msg.attempts > 1)
    ctx.log.warn(
      { messageId: msg.id },
      'an earlier attempt was cut after calling the provider: possible duplicate',
    );
  return { msg, settings: provider.settings };
}

async function deliverSms(ctx: JobContext, msg: MessageRow, settings: SmsSettings, waits: number) {
  if (!(await takeForSend(ctx, msg))) return nothingToDeliver;
  try {
    markSent(ctx, msg, await sendSms(ctx.app, settings, msg.address!, msg.body_text));
    return delivered('smsAccepted', { to: msg.address ?? '—' });
  } catch (err) {
    if (err instanceof RetryLaterError) return retryLater(ctx, msg, err, waits);
    return failDelivery(ctx, msg, err);
  }
}

/**
 * WhatsApp: free text inside the 24-hour window that the contact's last message opened, the approved
 * template otherwise. A 429 is honoured: the message waits for its Retry-After in a new delivery job.
 */
async function deliverWhatsApp(ctx: JobContext, msg: MessageRow, settings: WhatsAppSettings, waits: number) {
  const app = ctx.app;
  const last = await lastInboundAt(app.db, msg.office_id, msg.address!);
  const inWindow = !!last && ctx.clock.now().getTime() - last.getTime() < WINDOW_MS;
  const payload = msg.channel_payload
    ? (JSON.parse(msg.channel_payload) as
        | { templateName: string; params: string[]; list?: undefined }
        | { list: WhatsAppList; templateName?: undefined })
    : null;
  // An interactive list answers the conversation: there is no approved template to fall back on.
  const list = payload?.list ?? null;
  const approved = payload && !payload.list ? payload : null;
  if (!inWindow && !approved) {
    return failDelivery(
      ctx,
      msg,
      new PermanentDeliveryError('outside the 24-hour window, no approved template', {
        reason: problem.outsideWindow,
      }),
    );
  }
  if (!(await takeForSend(ctx, msg))) return nothingToDeliver;
  try {
    const providerId = await sendWhatsApp(
      app,
      settings,
      msg.address!,
      list && inWindow
        ? { kind: 'list', ...list }
        : inWindow
          ? { kind: 'text', body: msg.body_text }
          : {
              kind: 'template',
              name: approved!.templateName,
              language: settings.language,
              params: approved!.params,
            },
    );
    markSent(ctx, msg, providerId);
    return list
      ? delivered('whatsappList')
      : inWindow
        ? delivered('whatsappText')
        : delivered('whatsappTemplate', { template: approved!.templateName });
  } catch (err) {
    if (err instanceof RetryLaterError) return retryLater(ctx, msg, err, waits);
    return failDelivery(ctx, msg, err);
  }
}

/**
 * Delivers one outbox message. Without SMTP settings the e-mail lands in the local mailbox in the same
 * transaction that marks it delivered — no duplicate is possible. With SMTP, the message is marked sent
 * right after the server accepts it; a crash between the two is the documented duplicate window.
 */
export const deliverMessage = defineJob({
  kind: 'messaging.deliver',
  // providerWaits: how many 429/503 answers in a row this message has waited out (see retryLater).
  // channel: the message's, so that an e-mail can be read and taken in one statement (readAndTakeEmail);
  // jobs enqueued before it was named run without it.
  payload: z.object({
    messageId: z.string(),
    providerWaits: z.number().int().min(0).default(0),
    channel: z.enum(['email', 'whatsapp', 'sms']).optional(),
  }),
  hidden: true,
  maxAttempts: MAX_ATTEMPTS,
  backoff: { baseMs: 10_000, maxMs: 3_600_000 },
  async run({ messageId, providerWaits, channel }, ctx) {
    const app = ctx.app;
    const early = await readAndTakeEmail(ctx, messageId, channel);
    if (early) return deliverEmail(ctx, early.msg, early.settings, true);
    // Read the message and, for a provider with a per-minute limit, reserve its send within the office's
    // limit; a full minute puts the message back to wait in a later job instead. The message is taken
    // (`sending`, fenced) only just before the provider is called (`takeForSend`), so that `sending` means
    // "the provider may have been called". Without a transaction: on SQLite the connection is not held
    // while other deliveries wait for it.
    const taken = await (async () => {
      // Gathered with the reads of the deliveries started beside this one (one statement per claim).
      const row = await readMessageToDeliver(app.db, messageId);
      if (!row) return null;
      const provider = await providerOf(app.db, row);
      const limit = app.config.rateLimitPerMinute[row.channel];
      if (provider.settings && limit > 0) {
        const wait = await reserveSend(app.db, row.office_id, row.channel, limit, ctx.clock.now());
        if (wait > 0) {
          await ctx.tx((trx) =>
            waitInQueue(ctx, trx, row, deliveryError(problem.officeLimit, row.channel), wait),
          );
          return { row, provider, waitMs: wait };
        }
      }
      return { row, provider, waitMs: 0 };
    })();
    if (!taken) return nothingToDeliver;
    const { row: msg, provider, waitMs } = taken;
    if (waitMs > 0) return delivered('minuteLimit', { seconds: Math.round(waitMs / 1000) });
    if (provider.channel === 'whatsapp') {
      if (!provider.settings)
        return failDelivery(
          ctx,
          msg,
          new PermanentDeliveryError('WhatsApp is not set up', { reason: problem.whatsappNotSetUp }),
        );
      return deliverWhatsApp(ctx, msg, provider.settings, providerWaits);
    }
    if (provider.channel === 'sms') {
      if (!provider.settings)
        return failDelivery(
          ctx,
          msg,
          new PermanentDeliveryError('SMS is not set up', { reason: problem.smsNotSetUp }),
        );
      return deliverSms(ctx, msg, provider.settings, providerWaits);
    }

    return deliverEmail(ctx, msg, provider.settings, false);
  },
});

/**
 * An e-mail: to the office's SMTP server, or — without SMTP settings — into the local mailbox, in the same
 * transaction that marks it delivered (no duplicate is possible). `taken`: the message was taken already,
 * with its read (`readAndTakeEmail`).
 */
async function deliverEmail(
  ctx: JobContext,
  msg: MessageRow,
  settings: EmailSettings | null,
  taken: boolean,
): Promise<ReturnType<typeof delivered>> {
  const app = ctx.app;
  let mail: ComposedEmail;
  try {
    const office = await getRecentOffice(app, msg.office_id);
    const template = templateDefinition(msg.template);
    const transactional = template?.transactional ?? true;
    mail = await composeEmail(
      app,
      msg,
      office,
      settings,
      transactional ? null : unsubscribeUrl(app, msg.office_id, msg.recipient_kind, msg.recipient_id),
      template?.expectsReply ? await officeReplyTo(app, msg.office_id, settings) : null,
    );
  } catch (err) {
    // Taken with its read, and the provider not called: recorded as a failed attempt (back to `queued`, or
    // failed on the last one) rather than left `sending`, which the next attempt would flag as a possible
    // duplicate.
    if (taken) return failDelivery(ctx, msg, err);
    throw err;
  }
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
        .set((eb) => ({
          status: 'delivered',
          attempts: eb('attempts', '+', 1),
          sent_at: now(),
          provider_message_id: mail.messageId,
          error: null,
          updated_at: now(),
        }))
        .where('id', '=', msg.id)
        .execute();
    });
    return delivered('localMailbox', { to: mail.to });
  }

  if (!taken && !(await takeForSend(ctx, msg))) return nothingToDeliver;
  try {
    const sent = await sendSmtp(app, msg.office_id, settings, mail);
    markSent(ctx, msg, sent.providerMessageId);
    return delivered('smtpAccepted', { to: mail.to });
  } catch (err) {
    return failDelivery(ctx, msg, err);
  }
}
