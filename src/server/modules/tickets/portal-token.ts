import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { fromBase64Url } from '../../ids.js';
import { TicketsError } from './tickets.errors.js';

/**
 * The client's portal link to one ticket: `<PUBLIC_URL>/portal/tickets/<token>`. The token is signed
 * (HMAC-SHA256 with the secret key), expires, and serves one purpose (its signature covers the
 * `ticket-portal:` prefix, so an unsubscribe or any other signed token can never be replayed here).
 * Compact, to fit in a URL path segment (81 characters): `base64url(office id 16 bytes + ticket id 16 bytes +
 * expiry in epoch seconds 4 bytes) "." the first 32 characters (192 bits) of base64url(hmac)`.
 */

/** How long a link in an e-mail stays valid. */
export const PORTAL_LINK_TTL_DAYS = 30;

const sign = (ctx: AppContext, payload: Buffer) =>
  createHmac('sha256', ctx.config.secretKey)
    .update('ticket-portal:')
    .update(payload)
    .digest('base64url')
    .slice(0, 32);

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidOf = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

export function portalToken(ctx: AppContext, officeId: string, ticketId: string, expiresAt: Date): string {
  const payload = Buffer.alloc(36);
  uuidBytes(officeId).copy(payload, 0);
  uuidBytes(ticketId).copy(payload, 16);
  payload.writeUInt32BE(Math.floor(expiresAt.getTime() / 1000), 32);
  return `${payload.toString('base64url')}.${sign(ctx, payload)}`;
}

/** A fresh link for the ticket, valid for {@link PORTAL_LINK_TTL_DAYS} from the application clock's now. */
export function portalLink(ctx: AppContext, officeId: string, ticketId: string) {
  const expiresAt = new Date(ctx.clock.now().getTime() + PORTAL_LINK_TTL_DAYS * 86_400_000);
  const token = portalToken(ctx, officeId, ticketId, expiresAt);
  const base = ctx.config.publicUrl ?? `http://${ctx.config.host}:${ctx.config.port}`;
  return {
    url: `${base.replace(/\/$/, '')}/portal/tickets/${token}`,
    token,
    expiresAt: expiresAt.toISOString(),
  };
}

/**
 * Checks a token: the office and ticket it opens, and until when. A token whose signature does not match
 * (tampered, or signed for another purpose) is `portal_link_invalid` (404); a genuine one past its expiry is
 * `portal_link_expired` (410).
 */
export function verifyPortalToken(ctx: AppContext, token: string) {
  const [encoded, sig, extra] = token.split('.');
  if (!encoded || !sig || extra !== undefined) throw new TicketsError('portal_link_invalid');
  const payload = fromBase64Url(encoded);
  if (payload?.length !== 36) throw new TicketsError('portal_link_invalid');
  const expected = sign(ctx, payload);
  if (expected.length !== sig.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(sig)))
    throw new TicketsError('portal_link_invalid');
  const expiresAt = new Date(payload.readUInt32BE(32) * 1000);
  if (ctx.clock.now() >= expiresAt) throw new TicketsError('portal_link_expired');
  return { officeId: uuidOf(payload.subarray(0, 16)), ticketId: uuidOf(payload.subarray(16, 32)), expiresAt };
}
