import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../../context.js';
import type { Db } from '../../../db/database.js';
import { writeTransaction } from '../../../db/group-commit.js';
import { newId } from '../../../ids.js';
import { deliveryError, problem } from '../delivery-errors.js';
import { fallBack } from '../fallback.js';
import { PermanentDeliveryError } from '../messaging.errors.js';
import { decryptSecret } from '../secrets.js';

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

export type WhatsAppPayload =
  | { kind: 'text'; body: string }
  | { kind: 'template'; name: string; language: string; params: string[] };

/** Wire digits without '+', as the API wants them. */
const waId = (e164: string) => e164.replace(/\D/g, '');

export async function loadWhatsAppSettings(db: Db, officeId: string): Promise<WhatsAppSettings | null> {
  const row = await db
    .selectFrom('channel_settings')
    .select('settings')
    .where('office_id', '=', officeId)
    .where('channel', '=', 'whatsapp')
    .executeTakeFirst();
  return row ? (JSON.parse(row.settings) as WhatsAppSettings) : null;
}

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
  app: AppContext,
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
        authorization: `Bearer ${decryptSecret(s.tokenEnc, app.config.secretKey)}`,
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

/** Verifies X-Hub-Signature-256 over the raw body with the app secret, in constant time. */
export function validSignature(
  app: AppContext,
  s: WhatsAppSettings,
  raw: string,
  header: string | undefined,
): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', decryptSecret(s.appSecretEnc, app.config.secretKey))
    .update(raw)
    .digest('hex');
  const given = header.slice(7);
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

const statusRank = { queued: 0, sending: 1, sent: 2, delivered: 3, read: 4 } as const;

interface WebhookBody {
  entry?: {
    changes?: {
      value?: {
        messages?: { from: string; id: string; timestamp: string; type: string; text?: { body: string } }[];
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

/**
 * Applies a webhook: inbound messages are stored (opening the 24-hour window) once each; statuses move
 * the outbox forward (never backward: a late "delivered" after "read" is ignored), "failed" is final.
 */
export async function applyWebhook(
  app: AppContext,
  officeId: string,
  body: WebhookBody,
): Promise<{ inbound: number; statuses: number }> {
  let inbound = 0;
  let statuses = 0;
  await writeTransaction(app, async (trx) => {
    for (const entry of body.entry ?? []) {
      for (const change of entry.changes ?? []) {
        for (const m of change.value?.messages ?? []) {
          const r = await trx
            .insertInto('inbound_messages')
            .values({
              id: newId(),
              office_id: officeId,
              channel: 'whatsapp',
              from_address: `+${waId(m.from)}`,
              provider_message_id: m.id,
              body: m.text?.body ?? `[${m.type}]`,
              received_at: new Date(Number(m.timestamp) * 1000).toISOString(),
            })
            .onConflict((oc) => oc.columns(['office_id', 'channel', 'provider_message_id']).doNothing())
            .executeTakeFirst();
          inbound += Number(r.numInsertedOrUpdatedRows ?? 0);
        }
        for (const st of change.value?.statuses ?? []) {
          const msg = await trx
            .selectFrom('messages')
            .select(['id', 'status'])
            .where('office_id', '=', officeId)
            .where('provider_message_id', '=', st.id)
            .executeTakeFirst();
          if (!msg) continue;
          const now = app.clock.now().toISOString();
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
            await fallBack(app, trx, msg.id);
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
