import { appLink } from '../../config.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { officeRow } from '../../db/office-row.js';
import { found } from '../../http/found.js';
import { openToken, signToken, uuidBytes, uuidOf } from '../../http/signed-token.js';
import { newId } from '../../ids.js';
import type { Actor } from '../platform/index.js';
import { collectionAudit } from './audit.js';
import { CollectionError } from './collection.errors.js';

/**
 * A contact's link to the client page: `<PUBLIC_URL>/portal/arquivos/<token>`. The token signs (see
 * http/signed-token.ts) the office id and the link id, 16 bytes each, under its own purpose
 * (`collection-portal:`), so no other signed token (a ticket's portal link, an unsubscribe link) can be
 * replayed here. It names a `collection_links` row: revoking the row
 * (or issuing a new link, which revokes the old) ends the token at once.
 */

const PURPOSE = 'collection-portal:';

export function linkToken(ctx: AppContext, officeId: string, linkId: string): string {
  return signToken(ctx, PURPOSE, Buffer.concat([uuidBytes(officeId), uuidBytes(linkId)]));
}

export function linkUrl(ctx: AppContext, token: string): string {
  return appLink(ctx.config, `/portal/arquivos/${token}`);
}

/**
 * The link row a token opens. Tampered or foreign tokens: `link_invalid` (404); a revoked link:
 * `link_expired` (410).
 */
export async function verifyLinkToken(ctx: AppContext, db: Db, token: string) {
  const payload = openToken(ctx, PURPOSE, token, 32);
  if (!payload) throw new CollectionError('link_invalid');
  const officeId = uuidOf(payload.subarray(0, 16));
  const linkId = uuidOf(payload.subarray(16, 32));
  const link = await db
    .selectFrom('collection_links')
    .selectAll()
    .where(officeRow(officeId, linkId))
    .executeTakeFirstOrThrow(() => new CollectionError('link_invalid'));
  if (link.revoked_at) throw new CollectionError('link_expired');
  return link;
}

async function findContact(db: Db, officeId: string, contactId: string) {
  return db
    .selectFrom('contacts')
    .select(['id', 'client_id', 'name', 'email', 'whatsapp'])
    .where(officeRow(officeId, contactId))
    .executeTakeFirst();
}

/** The office's contact, or the error a link's issue or revocation answers for an unknown one. */
const contactOf = (db: Db, officeId: string, contactId: string) =>
  found(findContact(db, officeId, contactId), () => new CollectionError('contact_not_found'));

/**
 * The companies a contact answers for: its own client, and every client where the same person (the same
 * e-mail, or the same WhatsApp number when there is no e-mail) is a contact.
 */
export async function contactScope(db: Db, officeId: string, contactId: string) {
  const contact = await found(
    findContact(db, officeId, contactId),
    () => new CollectionError('link_invalid'),
  );
  let q = db.selectFrom('contacts').select(['id', 'client_id']).where('office_id', '=', officeId);
  if (contact.email) q = q.where((eb) => eb(eb.fn('lower', ['email']), '=', contact.email!.toLowerCase()));
  else if (contact.whatsapp) q = q.where('whatsapp', '=', contact.whatsapp);
  else q = q.where('id', '=', contact.id);
  const same = await q.execute();
  const clientIds = [...new Set([contact.client_id, ...same.map((c) => c.client_id)])];
  return { contact, clientIds, contactIds: [...new Set([contact.id, ...same.map((c) => c.id)])] };
}

/** The contact's live link, created when it has none (the request and reminder messages carry it). */
export async function currentLink(ctx: AppContext, db: Db, officeId: string, contactId: string) {
  const live = await db
    .selectFrom('collection_links')
    .select('id')
    .where('office_id', '=', officeId)
    .where('contact_id', '=', contactId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  let id = live?.id;
  if (!id) {
    id = newId();
    await db
      .insertInto('collection_links')
      .values({
        id,
        office_id: officeId,
        contact_id: contactId,
        created_by: null,
        created_at: ctx.clock.now().toISOString(),
        revoked_at: null,
        last_receipt_at: null,
      })
      .execute();
  }
  const token = linkToken(ctx, officeId, id);
  return { id, token, url: linkUrl(ctx, token) };
}

async function revokeAll(ctx: AppContext, db: Db, officeId: string, contactId: string) {
  await db
    .updateTable('collection_links')
    .set({ revoked_at: ctx.clock.now().toISOString() })
    .where('office_id', '=', officeId)
    .where('contact_id', '=', contactId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Issues a new link for the contact, revoking the old one. */
export async function issueLink(ctx: AppContext, actor: Actor, contactId: string) {
  await contactOf(ctx.db, actor.officeId, contactId);
  return ctx.db.transaction().execute(async (trx) => {
    await revokeAll(ctx, trx, actor.officeId, contactId);
    const link = await currentLink(ctx, trx, actor.officeId, contactId);
    await trx
      .updateTable('collection_links')
      .set({ created_by: actor.userId })
      .where('id', '=', link.id)
      .execute();
    await collectionAudit.link.record(trx, { ...actor, at: ctx.clock.now() }, contactId, 'issue', {
      after: { linkId: link.id },
    });
    return { url: link.url, token: link.token };
  });
}

/** Revokes the contact's link: its token answers 410 from now on. */
export async function revokeLink(ctx: AppContext, actor: Actor, contactId: string) {
  await contactOf(ctx.db, actor.officeId, contactId);
  await ctx.db.transaction().execute(async (trx) => {
    await revokeAll(ctx, trx, actor.officeId, contactId);
    await collectionAudit.link.record(trx, { ...actor, at: ctx.clock.now() }, contactId, 'revoke');
  });
}
