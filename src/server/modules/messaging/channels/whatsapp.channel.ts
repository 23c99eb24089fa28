import type { AppContext } from '../../../context.js';
import type { Db } from '../../../db/database.js';
import { writeTransaction } from '../../../db/group-commit.js';
import { newId } from '../../../ids.js';
import { deliveryError, problem } from '../delivery-errors.js';
import { fallBack } from '../fallback.js';
import { PermanentDeliveryError } from '../messaging.errors.js';
import { decryptSecret } from '../secrets.js';
import { storedSettings } from './channel-settings.js';
import { validSha256Signature } from './webhook-signature.js';

/**
 * The WhatsApp Business Cloud API, as documented by Meta: `POST {base}/{version}/{phone-number-id}/messages`
 * with a bearer token; approved template messages with body parameters anywhere, free text only within 24
 * hours of the contact's last inbound message; webhooks signed with X-Hub-Signature-256 (HMAC-SHA256 of the
 * raw body with the app secret) and a GET verify-token handshake. The base URL is configurable, so tests
 * run against a local stand-in that implements the same requests, responses and errors.
 */
export interface WhatsAppSettings {
  baseUrl: string;
  apiVersion: string;
  phoneNumberId: string;
  tokenEnc: string;
  appSecretEnc: string;
  verifyToken: string;
  language: string;
}

export const WINDOW_MS = 24 * 3_600_000;

/** A transient refusal that names when to try again (HTTP 429 / 503 with Retry-After). */
export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/**
 * An interactive list (Cloud API `type: "interactive"`, `interactive.type: "list"`): a body, a button that
 * opens the list, and up to 10 rows in all, in up to 10 sections. Only within the 24-hour window, like text.
 * Limits (Meta's): button 20 characters, section title 24, row title 24, row description 72, row id 200,
 * header and footer 60, body 4096 — {@link listPayload} cuts texts to them.
 */
export interface WhatsAppList {
  header?: string;
  body: string;
  footer?: string;
  button: string;
  sections: { title: string; rows: { id: string; title: string; description?: string }[] }[];
}

export type WhatsAppPayload =
  | { kind: 'text'; body: string }
  | { kind: 'template'; name: string; language: string; params: string[] }
  | ({ kind: 'list' } & WhatsAppList);

/** Rows a list may hold, across its sections (Meta's limit). */
export const LIST_MAX_ROWS = 10;

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** The `interactive` object of a list, its texts cut to Meta's limits; throws past 10 rows or 10 sections. */
function listPayload(list: WhatsAppList) {
  const rows = list.sections.reduce((n, s) => n + s.rows.length, 0);
  if (rows === 0 || rows > LIST_MAX_ROWS || list.sections.length > 10)
    throw new Error(`a WhatsApp list holds 1 to ${LIST_MAX_ROWS} rows in up to 10 sections (got ${rows})`);
  return {
    type: 'list',
    ...(list.header ? { header: { type: 'text', text: cut(list.header, 60) } } : {}),
    body: { text: cut(list.body, 4096) },
    ...(list.footer ? { footer: { text: cut(list.footer, 60) } } : {}),
    action: {
      button: cut(list.button, 20),
      sections: list.sections.map((section) => ({
        // A title is required once there are several sections.
        title: cut(section.title, 24),
        rows: section.rows.map((r) => ({
          id: r.id.slice(0, 200),
          title: cut(r.title, 24),
          ...(r.description ? { description: cut(r.description, 72) } : {}),
        })),
      })),
    },
  };
}

/** Wire digits without '+', as the API wants them. */
const waId = (e164: string) => e164.replace(/\D/g, '');

export const loadWhatsAppSettings = (db: Db, officeId: string) =>
  storedSettings<WhatsAppSettings>(db, officeId, 'whatsapp');

/** When the contact last wrote to us on WhatsApp (the 24-hour customer-service window). */
export async function lastInboundAt(db: Db, officeId: string, e164: string): Promise<Date | null> {
  const row = await db
    .selectFrom('inbound_messages')
    .select('received_at')
    .where('office_id', '=', officeId)
    .where('channel', '=', 'whatsapp')
    .where('from_address', '=', e164)
    .orderBy('received_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? new Date(row.received_at) : null;
}

function parseRetryAfter(header: string | null): number {
  if (!header) return 60_000;
  const s = Number(header);
  if (Number.isFinite(s)) return Math.max(1000, s * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? 60_000 : Math.max(1000, at - Date.now());
}

/** Cloud API error code of a message that cannot be delivered to the number (not on WhatsApp…). */
const UNDELIVERABLE = 131026;

/** Sends one message; returns the provider's message id (`wamid…`). Classifies failures. */
export async function sendWhatsApp(
  ctx: AppContext,
  s: WhatsAppSettings,
  to: string,
  payload: WhatsAppPayload,
): Promise<string> {
  const body =
    payload.kind === 'text'
      ? {
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: waId(to),
          type: 'text',
          text: { preview_url: false, body: payload.body },
        }
      : payload.kind === 'list'
        ? {
            messaging_product: 'whatsapp',
            recipient_type: 'individual',
            to: waId(to),
            type: 'interactive',
            interactive: listPayload(payload),
          }
        : {
            messaging_product: 'whatsapp',
            recipient_type: 'individual',
            to: waId(to),
            type: 'template',
            template: {
              name: payload.name,
              language: { code: payload.language },
              components: payload.params.length
                ? [{ type: 'body', parameters: payload.params.map((text) => ({ type: 'text', text })) }]
                : [],
            },
          };
  let res: Response;
  try {
    res = await fetch(`${s.baseUrl.replace(/\/$/, '')}/${s.apiVersion}/${s.phoneNumberId}/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${decryptSecret(s.tokenEnc, ctx.config.secretKey)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw new Error(`WhatsApp unreachable: ${(err as Error).message}`);
  }
  const json = (await res.json().catch(() => ({}))) as {
    messages?: { id: string }[];
    error?: { message?: string; code?: number };
  };
  if (res.ok && json.messages?.[0]?.id) return json.messages[0].id;
  const code = json.error?.code;
  const text = `WhatsApp ${res.status}${code ? ` (${code})` : ''}: ${json.error?.message ?? res.statusText}`;
  if (res.status === 429 || code === 130429 || code === 80007 || res.status === 503) {
    throw new RetryLaterError(text, parseRetryAfter(res.headers.get('retry-after')));
  }
  if (res.status >= 500) throw new Error(text);
  // 401 invalid token (190), an undeliverable number (131026), outside the 24-hour window (131047), bad
  // template.
  throw new PermanentDeliveryError(text, { bounced: code === UNDELIVERABLE });
}

/** A media object of the Cloud API, ready to stream. */
export interface WhatsAppMedia {
  mimeType: string;
  size: number | null;
  body: ReadableStream<Uint8Array>;
}

/**
 * Downloads an inbound media the Cloud API way: `GET /{version}/{media-id}` (with the bearer token) answers
 * a short-lived `url`, and `GET url` (with the same token) the bytes — returned as a stream, never read
 * whole. Failures are classified as for sends: 429/5xx retry later, 4xx (an expired or unknown id) is
 * permanent.
 */
export async function openWhatsAppMedia(
  ctx: AppContext,
  s: WhatsAppSettings,
  mediaId: string,
): Promise<WhatsAppMedia> {
  const auth = { authorization: `Bearer ${decryptSecret(s.tokenEnc, ctx.config.secretKey)}` };
  const fail = async (res: Response, what: string): Promise<never> => {
    const json = (await res.json().catch(() => ({}))) as { error?: { message?: string; code?: number } };
    const text = `WhatsApp ${what} ${res.status}${json.error?.code ? ` (${json.error.code})` : ''}: ${json.error?.message ?? res.statusText}`;
    if (res.status === 429 || res.status === 503)
      throw new RetryLaterError(text, parseRetryAfter(res.headers.get('retry-after')));
    if (res.status >= 500) throw new Error(text);
    throw new PermanentDeliveryError(text);
  };
  let meta: Response;
  try {
    meta = await fetch(`${s.baseUrl.replace(/\/$/, '')}/${s.apiVersion}/${encodeURIComponent(mediaId)}`, {
      headers: auth,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw new Error(`WhatsApp unreachable: ${(err as Error).message}`);
  }
  if (!meta.ok) return fail(meta, 'media');
  const info = (await meta.json()) as { url?: string; mime_type?: string; file_size?: number };
  if (!info.url) throw new PermanentDeliveryError('WhatsApp media: no url in the answer');
  let res: Response;
  try {
    // No overall timeout on the body: a large document may take a while; the socket's own errors end it.
    res = await fetch(info.url, { headers: auth });
  } catch (err) {
    throw new Error(`WhatsApp media unreachable: ${(err as Error).message}`);
  }
  if (!res.ok || !res.body) return fail(res, 'media download');
  const length = Number(res.headers.get('content-length') ?? info.file_size ?? Number.NaN);
  return {
    mimeType: info.mime_type ?? res.headers.get('content-type') ?? 'application/octet-stream',
    size: Number.isFinite(length) ? length : null,
    body: res.body,
  };
}

/** Verifies X-Hub-Signature-256 over the raw body with the app secret, in constant time. */
export const validSignature = (
  ctx: AppContext,
  s: WhatsAppSettings,
  raw: string,
  header: string | undefined,
) => validSha256Signature(ctx, s.appSecretEnc, raw, header);

const statusRank = { queued: 0, sending: 1, sent: 2, delivered: 3, read: 4 } as const;

/** A media reference in a webhook (`document` or `image`): the id to download it by. */
interface WebhookMedia {
  id: string;
  mime_type?: string;
  sha256?: string;
  filename?: string;
  caption?: string;
}

/** An inbound message as the webhook carries it (the kinds we read; others keep their type only). */
export interface WebhookMessage {
  from: string;
  id: string;
  timestamp: string;
  type: string;
  text?: { body: string };
  document?: WebhookMedia;
  image?: WebhookMedia;
  interactive?: { type: string; list_reply?: { id: string; title: string; description?: string } };
  context?: { from?: string; id?: string };
}

/** A new inbound message (stored for the first time), with the profile name the webhook gave. */
export type NewInbound = {
  message: WebhookMessage;
  from: string;
  profileName: string | null;
  receivedAt: string;
};

interface WebhookBody {
  entry?: {
    changes?: {
      value?: {
        contacts?: { wa_id?: string; profile?: { name?: string } }[];
        messages?: WebhookMessage[];
        statuses?: {
          id: string;
          status: 'sent' | 'delivered' | 'read' | 'failed';
          timestamp: string;
          errors?: { code: number; title?: string; message?: string }[];
        }[];
      };
    }[];
  }[];
}

/** What an inbound message reads as in the inbound log: its text, or its kind and what names it. */
export function inboundText(m: WebhookMessage): string {
  if (m.text) return m.text.body;
  const media = m.document ?? m.image;
  if (media) return [`[${m.type}]`, media.filename, media.caption].filter(Boolean).join(' ');
  if (m.interactive?.list_reply) return `[list] ${m.interactive.list_reply.title}`;
  return `[${m.type}]`;
}

/**
 * Applies a webhook: inbound messages are stored (opening the 24-hour window) once each; statuses move
 * the outbox forward (never backward: a late "delivered" after "read" is ignored), "failed" is final.
 * `onNew` sees each inbound message stored for the first time, in the same transaction (the route
 * enqueues the work on documents, photos and list replies there, so a duplicate delivery does nothing).
 */
export async function applyWebhook(
  ctx: AppContext,
  officeId: string,
  body: WebhookBody,
  onNew?: (trx: Db, inbound: NewInbound) => Promise<void>,
): Promise<{ inbound: number; statuses: number }> {
  let inbound = 0;
  let statuses = 0;
  await writeTransaction(ctx, async (trx) => {
    for (const entry of body.entry ?? []) {
      for (const change of entry.changes ?? []) {
        for (const m of change.value?.messages ?? []) {
          const receivedAt = new Date(Number(m.timestamp) * 1000).toISOString();
          const r = await trx
            .insertInto('inbound_messages')
            .values({
              id: newId(),
              office_id: officeId,
              channel: 'whatsapp',
              from_address: `+${waId(m.from)}`,
              provider_message_id: m.id,
              body: inboundText(m),
              received_at: receivedAt,
            })
            .onConflict((oc) => oc.columns(['office_id', 'channel', 'provider_message_id']).doNothing())
            .executeTakeFirst();
          const stored = Number(r.numInsertedOrUpdatedRows ?? 0);
          inbound += stored;
          if (stored && onNew) {
            const profile = change.value?.contacts?.find((c) => c.wa_id === m.from)?.profile?.name;
            await onNew(trx, {
              message: m,
              from: `+${waId(m.from)}`,
              profileName: profile ?? null,
              receivedAt,
            });
          }
        }
        for (const st of change.value?.statuses ?? []) {
          const msg = await trx
            .selectFrom('messages')
            .select(['id', 'status'])
            .where('office_id', '=', officeId)
            .where('provider_message_id', '=', st.id)
            .executeTakeFirst();
          if (!msg) continue;
          const now = ctx.clock.now().toISOString();
          if (st.status === 'failed') {
            const e = st.errors?.[0];
            await trx
              .updateTable('messages')
              .set({
                // 131026: undeliverable — the number is not on WhatsApp (or cannot receive): the address bounced.
                status: e?.code === UNDELIVERABLE ? 'bounced' : 'failed',
                error: deliveryError(
                  e?.code === UNDELIVERABLE ? problem.bounced : problem.reportedFailed,
                  `WhatsApp ${e?.code ?? ''}: ${e?.message ?? e?.title ?? 'failed'}`,
                ),
                updated_at: now,
              })
              .where('id', '=', msg.id)
              .execute();
            await fallBack(ctx, trx, msg.id);
            statuses++;
            continue;
          }
          const current = statusRank[msg.status as keyof typeof statusRank];
          if (current === undefined || statusRank[st.status] <= current) continue;
          await trx
            .updateTable('messages')
            .set({ status: st.status, updated_at: now })
            .where('id', '=', msg.id)
            .execute();
          statuses++;
        }
      }
    }
  });
  return { inbound, statuses };
}
