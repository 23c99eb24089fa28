import { appLink } from '../../config.js';
import type { AppContext } from '../../context.js';
import { openToken, signToken, uuidBytes, uuidOf } from '../../http/signed-token.js';
import { TicketsError } from './tickets.errors.js';

/**
 * The client's portal link to one ticket: `<PUBLIC_URL>/portal/tickets/<token>`. The token is signed
 * (http/signed-token.ts: HMAC-SHA256 with the secret key), expires, and serves one purpose (its signature
 * covers the `ticket-portal:` prefix, so an unsubscribe or any other signed token can never be replayed
 * here). Compact, to fit in a URL path segment (81 characters): it signs the office id and the ticket id
 * (16 bytes each) and the expiry in epoch seconds (4 bytes).
 */

/** How long a link in an e-mail stays valid. */
export const PORTAL_LINK_TTL_DAYS = 30;

const PURPOSE = 'ticket-portal:';

export function portalToken(ctx: AppContext, officeId: string, ticketId: string, expiresAt: Date): string {
  const payload = Buffer.alloc(36);
  uuidBytes(officeId).copy(payload, 0);
  uuidBytes(ticketId).copy(payload, 16);
  payload.writeUInt32BE(Math.floor(expiresAt.getTime() / 1000), 32);
  return signToken(ctx, PURPOSE, payload);
}

/** A fresh link for the ticket, valid for {@link PORTAL_LINK_TTL_DAYS} from the application clock's now. */
export function portalLink(ctx: AppContext, officeId: string, ticketId: string) {
  const expiresAt = new Date(ctx.clock.now().getTime() + PORTAL_LINK_TTL_DAYS * 86_400_000);
  const token = portalToken(ctx, officeId, ticketId, expiresAt);
  return {
    url: appLink(ctx.config, `/portal/tickets/${token}`),
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
  const payload = openToken(ctx, PURPOSE, token, 36);
  if (!payload) throw new TicketsError('portal_link_invalid');
  const expiresAt = new Date(payload.readUInt32BE(32) * 1000);
  if (ctx.clock.now() >= expiresAt) throw new TicketsError('portal_link_expired');
  return { officeId: uuidOf(payload.subarray(0, 16)), ticketId: uuidOf(payload.subarray(16, 32)), expiresAt };
}
