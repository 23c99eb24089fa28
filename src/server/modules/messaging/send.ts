import { blobStore } from '../../blobs/index.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { MessageRow } from '../../db/schema.js';
import type { Lang, Localized } from '../../http/i18n.js';
import { newId } from '../../ids.js';
import { isMobileBR } from '../br/index.js';
import { enqueue, enqueueMany } from '../engine/index.js';
import { findOffice } from '../platform/index.js';
import { loadSmsSettings } from './channels/sms.channel.js';
import { loadWhatsAppSettings, type WhatsAppList } from './channels/whatsapp.channel.js';
import { deliverMessage } from './deliver.job.js';
import { MessagingError } from './messaging.errors.js';
import type { Channel } from './messaging.schema.js';
import { templateDefinition } from './template-registry.js';
import { renderTemplate } from './templates.js';

/**
 * Who a message is for, with the addresses and consent flags the caller read from its own module
 * (`recipientOfClient`, `recipientOfContact` in clients; `recipientOfUser` here).
 */
export interface Recipient {
  kind: 'client' | 'contact' | 'user' | 'address';
  id?: string | null;
  /** The client the message concerns (for the client's Comunicações tab). */
  clientId?: string | null;
  name?: string | null;
  emails?: string[];
  whatsapp?: string | null;
  phone?: string | null;
  emailOptOut?: boolean;
  whatsappOptIn?: boolean;
}

export interface SendInput {
  officeId: string;
  to: Recipient;
  /** In order of preference: the first channel the recipient can be reached on is used. */
  channels: Channel[];
  template: string;
  vars: Record<string, unknown>;
  /** The recipient's language (a user's own): English gets the template's English defaults, if any. */
  language?: Lang;
  /** Names the logical occurrence: the same key twice in an office is one message. */
  key: string;
  cause: { kind: string; id?: string | null };
  /** Files sent with an e-mail (a PDF invoice…): the bytes, or a blob already stored. At most 20 MiB. */
  attachments?: { filename: string; contentType: string; data?: Buffer; ref?: string }[];
  /**
   * On WhatsApp, send an interactive list instead of the rendered body (an answer in a conversation the
   * contact opened: only inside the 24-hour window; outside it the delivery fails as any free text would).
   */
  whatsappList?: WhatsAppList;
}

/** `messages.fallback`: the channels left to try, in order, and the recipient with its addresses. */
export interface Fallback {
  channels: Channel[];
  to: Recipient;
}

export interface SendResult {
  messageId: string;
  channel: Channel;
  status: 'queued' | 'skipped';
  /** Why it was skipped, for the user to see ("cliente sem e-mail cadastrado"). */
  reason: Localized | null;
  /** True when a message with this key already existed: nothing new was created. */
  duplicate: boolean;
  /**
   * For a duplicate: the existing message has the same cause (`cause.kind` and `cause.id`) — an earlier
   * attempt of the same run made it, so for that run it is not "sent before" but its own message.
   */
  sameCause?: boolean;
}

const noun: Record<Recipient['kind'], Localized> = {
  client: { 'pt-BR': 'cliente', en: 'client' },
  contact: { 'pt-BR': 'contato', en: 'contact' },
  user: { 'pt-BR': 'usuário', en: 'user' },
  address: { 'pt-BR': 'destinatário', en: 'recipient' },
};

/**
 * The address to use on a channel, or why the recipient cannot be reached there. The e-mail opt-out
 * covers informative mail only: a transactional message (a ticket update, an invoice) still goes.
 */
function addressFor(
  to: Recipient,
  channel: Channel,
  ready: { whatsapp: boolean; sms: boolean },
  transactional: boolean,
): { address: string } | { reason: Localized } {
  const who = noun[to.kind];
  if (channel === 'email') {
    if (to.emailOptOut && !transactional) {
      return {
        reason: {
          'pt-BR': `o ${who['pt-BR']} optou por não receber e-mails`,
          en: `the ${who.en} opted out of e-mail`,
        },
      };
    }
    const emails = (to.emails ?? []).filter(Boolean);
    if (emails.length === 0) {
      return {
        reason: { 'pt-BR': `${who['pt-BR']} sem e-mail cadastrado`, en: `${who.en} has no e-mail address` },
      };
    }
    return { address: emails.join(', ') };
  }
  if (channel === 'whatsapp') {
    if (!ready.whatsapp) {
      return {
        reason: {
          'pt-BR': 'WhatsApp não configurado no escritório',
          en: 'WhatsApp is not set up for the office',
        },
      };
    }
    if (!to.whatsapp) {
      return {
        reason: {
          'pt-BR': `${who['pt-BR']} sem WhatsApp cadastrado`,
          en: `${who.en} has no WhatsApp number`,
        },
      };
    }
    // Meta's policy and the LGPD: business-initiated WhatsApp needs the person's opt-in (staff excepted).
    if (to.kind !== 'user' && !to.whatsappOptIn) {
      return {
        reason: {
          'pt-BR': `${who['pt-BR']} sem autorização (opt-in) para WhatsApp`,
          en: `${who.en} has not opted in to WhatsApp`,
        },
      };
    }
    return { address: to.whatsapp };
  }
  // SMS
  if (!ready.sms)
    return {
      reason: { 'pt-BR': 'SMS não configurado no escritório', en: 'SMS is not set up for the office' },
    };
  const mobile = [to.whatsapp, to.phone].find((n) => n && isMobileBR(n));
  if (!mobile)
    return {
      reason: { 'pt-BR': `${who['pt-BR']} sem celular cadastrado`, en: `${who.en} has no mobile number` },
    };
  return { address: mobile };
}

/** Escapes text and turns paragraphs and line breaks into HTML, with links made clickable. */
export function textToHtml(text: string): string {
  const esc = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return esc
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>').replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>')}</p>`)
    .join('\n');
}

/**
 * What a sender that sends many messages in one go (a routine's run) may read once and reuse: the office,
 * its channel settings and its template sources. Create one per run with `newSendMemo()`; a change to the
 * office's settings during the run applies from the next run.
 */
export type SendMemo = Map<string, Promise<unknown>>;
export const newSendMemo = (): SendMemo => new Map();

/** `read()` once per memo and key (no memo: every time). */
export function remember<T>(memo: SendMemo | undefined, key: string, read: () => Promise<T>): Promise<T> {
  if (!memo) return read();
  let hit = memo.get(key) as Promise<T> | undefined;
  if (!hit) {
    hit = read();
    memo.set(key, hit);
    // A failed read is not remembered.
    hit.catch(() => memo.delete(key));
  }
  return hit;
}

/** A message ready to insert: its row, and what `send()` answers once the row is in. */
interface Prepared {
  row: MessageRow;
  result: SendResult;
}

/**
 * Everything `send()` decides before it writes: the template, the first channel that reaches the recipient
 * (or why none does — consent, opt-out, missing addresses), the rendered texts, the attachments stored, the
 * fallback channels. Shared by `send()` and `sendMany()`, so both decide alike.
 */
async function prepare(ctx: AppContext, db: Db, input: SendInput, memo?: SendMemo): Promise<Prepared> {
  const def = templateDefinition(input.template);
  if (!def) throw new MessagingError('unknown_template', { params: { key: input.template } });
  let channel: Channel = input.channels[0] ?? 'email';
  let address: string | null = null;
  let reason: Localized | null = null;
  const ready = {
    whatsapp:
      input.channels.includes('whatsapp') &&
      !!(await remember(memo, `whatsapp:${input.officeId}`, () => loadWhatsAppSettings(db, input.officeId))),
    sms:
      input.channels.includes('sms') &&
      !!(await remember(memo, `sms:${input.officeId}`, () => loadSmsSettings(db, input.officeId))),
  };
  for (const c of input.channels) {
    const r = addressFor(input.to, c, ready, def.transactional);
    if ('address' in r) {
      channel = c;
      address = r.address;
      reason = null;
      break;
    }
    reason ??= r.reason;
  }

  // Inside the caller's transaction: read through `db` only (SQLite has one connection).
  const office = await remember(memo, `office:${input.officeId}`, () => findOffice(db, input.officeId));
  if (!office) throw new MessagingError('office_not_found');
  const vars = {
    office: { name: office.name, cnpj: office.cnpj, city: office.city, state: office.state },
    ...input.vars,
  };
  const language = input.language ?? 'pt-BR';
  const source = await remember(
    memo,
    `template:${input.officeId}:${input.template}:${channel}:${language}`,
    () => templateSource(db, input.officeId, input.template, channel, language),
  );
  const subject = channel === 'email' && source.subject ? renderTemplate(source.subject, vars).trim() : null;
  const bodyText = renderTemplate(source.body, vars).trim();
  const channelPayload =
    channel === 'whatsapp' && input.whatsappList
      ? { list: input.whatsappList }
      : channel === 'whatsapp' && source.templateName
        ? {
            templateName: source.templateName,
            params: (source.params ?? []).map((p) => renderTemplate(p, vars).trim()),
          }
        : null;
  const attachments = await storeAttachments(ctx, input.attachments ?? []);
  // The channels after the one chosen that can reach the recipient: where the message goes instead if
  // this delivery fails for good (fallback.ts).
  const later = address
    ? input.channels
        .slice(input.channels.indexOf(channel) + 1)
        .filter((c) => 'address' in addressFor(input.to, c, ready, def.transactional))
    : [];
  const now = ctx.clock.now().toISOString();
  const row: MessageRow = {
    id: newId(),
    office_id: input.officeId,
    channel,
    recipient_kind: input.to.kind,
    recipient_id: input.to.id ?? null,
    client_id: input.to.clientId ?? (input.to.kind === 'client' ? (input.to.id ?? null) : null),
    address,
    template: input.template,
    vars: JSON.stringify(vars),
    subject,
    body_text: bodyText,
    body_html: channel === 'email' ? textToHtml(bodyText) : null,
    channel_payload: channelPayload ? JSON.stringify(channelPayload) : null,
    attachments: JSON.stringify(attachments),
    fallback: later.length ? JSON.stringify({ channels: later, to: input.to } satisfies Fallback) : null,
    idempotency_key: input.key,
    cause_kind: input.cause.kind,
    cause_id: input.cause.id ?? null,
    status: address ? 'queued' : 'skipped',
    skip_reason: reason ? JSON.stringify(reason) : null,
    attempts: 0,
    possible_duplicate: 0,
    provider_message_id: null,
    error: null,
    created_at: now,
    sent_at: null,
    updated_at: now,
  };
  return {
    row,
    result: { messageId: row.id, channel, status: address ? 'queued' : 'skipped', reason, duplicate: false },
  };
}

/** What a send whose key was used before answers: the existing message, marked a duplicate. */
function duplicateOf(
  existing: Pick<MessageRow, 'id' | 'channel' | 'status' | 'skip_reason' | 'cause_kind' | 'cause_id'>,
  input: SendInput,
): SendResult {
  return {
    messageId: existing.id,
    channel: existing.channel,
    status: existing.status === 'skipped' ? 'skipped' : 'queued',
    reason: existing.skip_reason ? (JSON.parse(existing.skip_reason) as Localized) : null,
    duplicate: true,
    sameCause:
      !!input.cause.id && existing.cause_kind === input.cause.kind && existing.cause_id === input.cause.id,
  };
}

const existingColumns = ['id', 'channel', 'status', 'skip_reason', 'cause_kind', 'cause_id'] as const;

/**
 * The one sending API for every module. Runs inside the caller's transaction: the outbox row and its
 * delivery job exist if and only if that transaction commits. A recipient that cannot be reached gets a
 * visible `skipped` row with the reason, returned for the caller to show. Rendering errors throw.
 */
export async function send(ctx: AppContext, db: Db, input: SendInput, memo?: SendMemo): Promise<SendResult> {
  const { row, result } = await prepare(ctx, db, input, memo);
  const inserted = await db
    .insertInto('messages')
    .values(row)
    .onConflict((oc) => oc.columns(['office_id', 'idempotency_key']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) {
    // The key was sent before (or by a concurrent send): that message is the one. Checking after the
    // insert, not before, saves a statement on the common path, where the key is new.
    const existing = await db
      .selectFrom('messages')
      .select(existingColumns)
      .where('office_id', '=', input.officeId)
      .where('idempotency_key', '=', input.key)
      .executeTakeFirstOrThrow();
    return duplicateOf(existing, input);
  }
  if (row.address) {
    await enqueue(
      ctx,
      db,
      deliverMessage,
      { messageId: row.id, channel: row.channel },
      { officeId: input.officeId, uniqueKey: `deliver:${row.id}` },
    );
  }
  return result;
}

/** What `send()` would write, without writing it: the channel, address (or why none), subject and body. */
export interface SendPreview {
  channel: Channel;
  address: string | null;
  subject: string | null;
  body: string;
  reason: Localized | null;
}

/**
 * Decides and renders a message exactly as `send()` would, and writes nothing (no outbox row, no job, no
 * attachment stored): the test mode of Automações shows it instead of sending. Rendering errors throw.
 */
export async function previewSend(ctx: AppContext, db: Db, input: SendInput): Promise<SendPreview> {
  const { row, result } = await prepare(ctx, db, { ...input, attachments: [] });
  return {
    channel: row.channel,
    address: row.address,
    subject: row.subject,
    body: row.body_text,
    reason: result.reason,
  };
}

/** Rows per INSERT: 500 × 27 columns stays under SQLite's 32,766 bound parameters. */
const ROWS_PER_STATEMENT = 500;

/**
 * Sends many messages at once, inside the caller's transaction, deciding each exactly as `send()` does
 * (channel choice and fallback channels, e-mail opt-out, WhatsApp opt-in, skipped rows with their reason,
 * rendering) but writing them in bulk: one `INSERT … ON CONFLICT DO NOTHING` on `messages` and one on
 * `jobs` (the deliveries) per 500 messages, plus one read of the existing rows when some keys were used
 * before. On PostgreSQL that is two round trips for 500 messages where `send()` pays two or three per
 * message.
 *
 * Returns one result per input, in order. A key used before (by an earlier send, or by an earlier input
 * of the same call) answers `duplicate: true` with the existing message, as the same sends one by one
 * would. Nothing is written unless the caller's transaction commits; a rendering error or an unknown
 * template throws before anything is written.
 *
 * @example
 * await app.db.transaction().execute(async (trx) => {
 *   const results = await sendMany(app, trx, invoices.map((i) => ({ officeId, to: i.recipient,
 *     channels: ['email'], template: 'billing.reminder', vars: { invoice: i }, key: `reminder:${i.id}`,
 *     cause: { kind: 'billing', id: i.id } })));
 *   const duplicates = results.filter((r) => r.duplicate).length;
 * });
 */
export async function sendMany(
  ctx: AppContext,
  db: Db,
  inputs: readonly SendInput[],
  memo: SendMemo = newSendMemo(),
): Promise<SendResult[]> {
  const prepared: Prepared[] = [];
  for (const input of inputs) prepared.push(await prepare(ctx, db, input, memo));
  const results: (SendResult | null)[] = prepared.map(() => null);

  // An input whose key an earlier input of this call holds is that input's duplicate (as one by one).
  const firstOfKey = new Map<string, number>();
  const fresh: number[] = [];
  prepared.forEach((p, i) => {
    const k = `${p.row.office_id}\u0000${p.row.idempotency_key}`;
    if (!firstOfKey.has(k)) {
      firstOfKey.set(k, i);
      fresh.push(i);
    }
  });

  const inserted = new Set<string>();
  for (let s = 0; s < fresh.length; s += ROWS_PER_STATEMENT) {
    const rows = fresh.slice(s, s + ROWS_PER_STATEMENT).map((i) => prepared[i]!.row);
    const out = await db
      .insertInto('messages')
      .values(rows)
      .onConflict((oc) => oc.columns(['office_id', 'idempotency_key']).doNothing())
      .returning('id')
      .execute();
    for (const r of out) inserted.add(r.id);
  }

  // Keys sent before this call: read their messages, per office, in one statement per 500 keys.
  const taken = fresh.filter((i) => !inserted.has(prepared[i]!.row.id));
  const existing = new Map<string, Parameters<typeof duplicateOf>[0]>();
  const byOffice = new Map<string, string[]>();
  for (const i of taken) {
    const { office_id, idempotency_key } = prepared[i]!.row;
    const keys = byOffice.get(office_id);
    if (keys) keys.push(idempotency_key);
    else byOffice.set(office_id, [idempotency_key]);
  }
  for (const [officeId, keys] of byOffice) {
    for (let s = 0; s < keys.length; s += ROWS_PER_STATEMENT) {
      const rows = await db
        .selectFrom('messages')
        .select([...existingColumns, 'idempotency_key'])
        .where('office_id', '=', officeId)
        .where('idempotency_key', 'in', keys.slice(s, s + ROWS_PER_STATEMENT))
        .execute();
      for (const r of rows) existing.set(`${officeId}\u0000${r.idempotency_key}`, r);
    }
  }

  const jobs = [];
  for (const [i, p] of prepared.entries()) {
    const k = `${p.row.office_id}\u0000${p.row.idempotency_key}`;
    const first = prepared[firstOfKey.get(k)!]!;
    if (first === p && inserted.has(p.row.id)) {
      results[i] = p.result;
      if (p.row.address)
        jobs.push({
          payload: { messageId: p.row.id, channel: p.row.channel },
          options: { officeId: p.row.office_id, uniqueKey: `deliver:${p.row.id}` },
        });
      continue;
    }
    // Held by an earlier input of this call (inserted now) or by a message sent before.
    const holder = inserted.has(first.row.id) ? first.row : existing.get(k);
    if (!holder) throw new Error(`message key ${p.row.idempotency_key} conflicted but no message holds it`);
    results[i] = duplicateOf(holder, inputs[i]!);
  }
  await enqueueMany(ctx, db, deliverMessage, jobs);
  return results as SendResult[];
}

const MAX_ATTACHMENTS_BYTES = 20 * 1024 * 1024;

/**
 * Puts attachment bytes in the blob store (content-addressed, so a retry stores nothing twice); an
 * attachment already stored (`ref`) is only measured, never read.
 */
async function storeAttachments(ctx: AppContext, list: NonNullable<SendInput['attachments']>) {
  const out: { filename: string; contentType: string; ref: string; size: number }[] = [];
  let total = 0;
  for (const a of list) {
    let size: number;
    if (a.ref) {
      const stat = await blobStore(ctx).stat(a.ref);
      if (!stat) throw new Error(`attachment ${a.filename}: blob ${a.ref} not found`);
      size = stat.size;
    } else if (a.data) size = a.data.length;
    else throw new Error(`attachment ${a.filename} has neither data nor ref`);
    total += size;
    if (total > MAX_ATTACHMENTS_BYTES)
      throw new MessagingError('attachments_too_large', { params: { max: '20 MiB' } });
    // Path characters never reach a mail client's save dialog.
    const filename = a.filename.replace(/[\\/\0]/g, '_').slice(0, 200);
    out.push({
      filename,
      contentType: a.contentType,
      ref: a.ref ?? (await blobStore(ctx).put(a.data!)).ref,
      size,
    });
  }
  return out;
}

/** The office's template for a key and channel, or the built-in default. */
export async function templateSource(
  db: Db,
  officeId: string,
  key: string,
  channel: Channel,
  language: Lang = 'pt-BR',
) {
  const own = await db
    .selectFrom('message_templates')
    .select(['subject', 'body'])
    .where('office_id', '=', officeId)
    .where('key', '=', key)
    .where('channel', '=', channel)
    .executeTakeFirst();
  const def = templateDefinition(key)?.defaults[channel] ?? templateDefinition(key)?.defaults.email;
  if (!def) throw new MessagingError('unknown_template', { params: { key } });
  // The approved WhatsApp template (name and parameters) is not editable by the office: Meta approves it.
  const fixed = { templateName: def.templateName ?? null, params: def.params ?? [] };
  if (own) return { ...own, ...fixed };
  const english = language === 'en' ? templateDefinition(key)?.defaultsEn?.[channel] : undefined;
  if (english) return { subject: english.subject ?? null, body: english.body, ...fixed };
  return { subject: def.subject ?? null, body: def.body, ...fixed };
}
