import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../../context.js';
import { decryptSecret } from '../secrets.js';

/**
 * Whether a webhook's signature header is `sha256=` and the hex HMAC-SHA256 of the raw body with the
 * channel's secret (`secretEnc`, decrypted with SECRET_KEY), compared in constant time. WhatsApp signs so
 * (X-Hub-Signature-256, the app secret) and so does the SMS gateway (X-Signature, its token).
 */
export function validSha256Signature(
  ctx: AppContext,
  secretEnc: string,
  raw: string,
  header: string | undefined,
): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', decryptSecret(secretEnc, ctx.config.secretKey))
    .update(raw)
    .digest('hex');
  const given = header.slice(7);
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
