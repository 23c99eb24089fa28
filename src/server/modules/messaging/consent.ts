/**
 * consent — the e-mail opt-out a recipient sets from an unsubscribe link.
 * - unsubscribe token: `<payload>.<signature>`, 77 characters, to fit in one URL path segment (the router
 *   refuses a parameter over 100). The payload is base64url of 33 bytes: the kind (1 = client,
 *   2 = contact), the office id and the recipient id (16 bytes each); the signature the first 32 characters
 *   (192 bits) of base64url(HMAC-SHA256) under the server's secret key, over `unsubscribe:` + the payload
 *   bytes. The prefix keeps it single-purpose: no other signed token of the product (the ticket portal's…)
 *   verifies here, nor this one there.
 * - legacy token: links sent before clients had consent carry the text `officeId:contactId` as payload
 *   (131 characters; served by a catch-all route); it still verifies, as a contact's.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { fromBase64Url } from '../../ids.js';

/** The recipients an unsubscribe link can be for: the ones with an e-mail opt-out flag. */
export const unsubscribeKinds = ['client', 'contact'] as const;
export type UnsubscribeKind = (typeof unsubscribeKinds)[number];

/** Whom a verified token names. */
export interface UnsubscribeTarget {
  officeId: string;
  kind: UnsubscribeKind;
  id: string;
}

const sign = (ctx: AppContext, payload: Buffer) =>
  createHmac('sha256', ctx.config.secretKey)
    .update('unsubscribe:')
    .update(payload)
    .digest('base64url')
    .slice(0, 32);

const kindByte: Record<UnsubscribeKind, number> = { client: 1, contact: 2 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidOf = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/**
 * A signed, single-purpose token for a recipient's unsubscribe link (ids are UUIDs).
 * @example `${publicUrl}/api/unsubscribe/${unsubscribeToken(app, officeId, 'client', clientId)}`
 */
export function unsubscribeToken(
  ctx: AppContext,
  officeId: string,
  kind: UnsubscribeKind,
  id: string,
): string {
  if (!UUID.test(officeId) || !UUID.test(id)) throw new Error('unsubscribe tokens name UUIDs');
  const payload = Buffer.alloc(33);
  payload[0] = kindByte[kind];
  uuidBytes(officeId).copy(payload, 1);
  uuidBytes(id).copy(payload, 17);
  return `${payload.toString('base64url')}.${sign(ctx, payload)}`;
}

/** Whom a payload names, before its signature is checked; null when it names no one. */
function targetOf(payload: Buffer): UnsubscribeTarget | null {
  if (payload.length === 33) {
    const kind = unsubscribeKinds.find((k) => kindByte[k] === payload[0]);
    if (!kind) return null;
    return { kind, officeId: uuidOf(payload.subarray(1, 17)), id: uuidOf(payload.subarray(17)) };
  }
  // Legacy: `officeId:contactId`, as text.
  const [officeId, id, extra] = payload.toString('utf8').split(':');
  if (!officeId || !id || extra !== undefined) return null;
  return { kind: 'contact', officeId, id };
}

/** Verifies a token; null when it is malformed, forged or names an unknown kind of recipient. */
export function readUnsubscribeToken(ctx: AppContext, token: string): UnsubscribeTarget | null {
  const [encoded, sig, extra] = token.split('.');
  if (!encoded || !sig || extra !== undefined) return null;
  const payload = fromBase64Url(encoded);
  if (!payload) return null;
  const target = targetOf(payload);
  if (!target) return null;
  const expected = Buffer.from(sign(ctx, payload));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return target;
}
