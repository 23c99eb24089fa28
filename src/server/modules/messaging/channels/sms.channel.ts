import type { AppContext } from '../../../context.js';
import type { Db } from '../../../db/database.js';
import { writeTransaction } from '../../../db/group-commit.js';
import { deliveryError, problem } from '../delivery-errors.js';
import { fallBack } from '../fallback.js';
import { PermanentDeliveryError } from '../messaging.errors.js';
import { decryptSecret } from '../secrets.js';
import { storedSettings } from './channel-settings.js';
import { validSha256Signature } from './webhook-signature.js';
import { RetryLaterError } from './whatsapp.channel.js';

/**
 * One HTTP SMS provider, behind the same channel interface as e-mail and WhatsApp. The contract (most
 * Brazilian SMS gateways offer it, or a thin proxy adapts to it):
 *   POST {url}  Authorization: Bearer {token}  {"from": sender, "to": "+5511…", "text": "…"}
 *   → 200/201 {"id": "…"};  429/503 with Retry-After: later;  other 4xx: permanent;  5xx: retry.
 * Delivery reports arrive at POST /api/webhooks/sms/{office} as {"id", "status": "delivered"|"failed",
 * "error"?}, signed with X-Signature: sha256=HMAC-SHA256(raw body, token).
 */
export interface SmsSettings {
  url: string;
  tokenEnc: string;
  sender: string;
}

export const loadSmsSettings = (db: Db, officeId: string) => storedSettings<SmsSettings>(db, officeId, 'sms');

export async function sendSms(ctx: AppContext, s: SmsSettings, to: string, text: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(s.url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${decryptSecret(s.tokenEnc, ctx.config.secretKey)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ from: s.sender, to, text }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw new Error(`SMS provider unreachable: ${(err as Error).message}`);
  }
  const json = (await res.json().catch(() => ({}))) as { id?: string; error?: string };
  if (res.ok && json.id) return json.id;
  const text_ = `SMS ${res.status}: ${json.error ?? res.statusText}`;
  if (res.status === 429 || res.status === 503) {
    const after = Number(res.headers.get('retry-after'));
    throw new RetryLaterError(text_, Number.isFinite(after) && after > 0 ? after * 1000 : 60_000);
  }
  if (res.status >= 500) throw new Error(text_);
  throw new PermanentDeliveryError(text_);
}

export const validSmsSignature = (ctx: AppContext, s: SmsSettings, raw: string, header: string | undefined) =>
  validSha256Signature(ctx, s.tokenEnc, raw, header);

/** Applies a delivery report: forward only (`sent` → `delivered`), `failed` final. */
export async function applySmsReport(
  ctx: AppContext,
  officeId: string,
  r: { id: string; status: string; error?: string },
) {
  const now = ctx.clock.now().toISOString();
  if (r.status === 'failed') {
    // The failure and the message on the next channel (if the sender listed one) in one commit.
    await writeTransaction(ctx, async (trx) => {
      const failed = await trx
        .updateTable('messages')
        .set({
          status: 'failed',
          error: deliveryError(problem.reportedFailed, `SMS: ${r.error ?? 'failed'}`),
          updated_at: now,
        })
        .where('office_id', '=', officeId)
        .where('provider_message_id', '=', r.id)
        .where('channel', '=', 'sms')
        .returning('id')
        .executeTakeFirst();
      if (failed) await fallBack(ctx, trx, failed.id);
    });
  } else if (r.status === 'delivered') {
    await ctx.db
      .updateTable('messages')
      .set({ status: 'delivered', updated_at: now })
      .where('office_id', '=', officeId)
      .where('provider_message_id', '=', r.id)
      .where('channel', '=', 'sms')
      .where('status', 'in', ['sending', 'sent'])
      .execute();
  }
}
