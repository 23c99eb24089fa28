import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../context.js';
import { fromBase64Url } from '../ids.js';

/**
 * Compact signed tokens for a public link's URL path segment: `base64url(payload) "." the first 32
 * characters (192 bits) of base64url(HMAC-SHA256(purpose + payload))`, keyed by the secret key. The purpose
 * (`ticket-portal:`, `collection-portal:`) is inside the signature, so a token signed for one purpose can
 * never be replayed for another.
 *
 * @example
 * const token = signToken(ctx, 'collection-portal:', Buffer.concat([uuidBytes(officeId), uuidBytes(linkId)]));
 * const payload = openToken(ctx, 'collection-portal:', token, 32); // the 32 bytes, or null
 */

const signature = (ctx: AppContext, purpose: string, payload: Buffer) =>
  createHmac('sha256', ctx.config.secretKey).update(purpose).update(payload).digest('base64url').slice(0, 32);

export function signToken(ctx: AppContext, purpose: string, payload: Buffer): string {
  return `${payload.toString('base64url')}.${signature(ctx, purpose, payload)}`;
}

/**
 * The payload of a token signed for `purpose`, when it is well formed, `bytes` long and its signature
 * matches (compared in constant time); null otherwise (tampered, truncated, or signed for another purpose).
 */
export function openToken(ctx: AppContext, purpose: string, token: string, bytes: number): Buffer | null {
  const [encoded, sig, extra] = token.split('.');
  if (!encoded || !sig || extra !== undefined) return null;
  const payload = fromBase64Url(encoded);
  if (payload?.length !== bytes) return null;
  const expected = signature(ctx, purpose, payload);
  if (expected.length !== sig.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(sig)))
    return null;
  return payload;
}

/** A UUID's 16 bytes (a token's payload carries ids in binary). */
export const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');

/** The UUID of 16 bytes, in its usual form. */
export function uuidOf(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
