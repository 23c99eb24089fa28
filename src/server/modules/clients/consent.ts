import type { AppContext } from '../../context.js';
import { writeTransaction } from '../../db/group-commit.js';
import { officeRow } from '../../db/office-row.js';
import { readUnsubscribeToken, type UnsubscribeTarget } from '../messaging/index.js';
import { auditTrail } from '../platform/index.js';

/**
 * A client's or contact's e-mail consent, written here because clients and contacts are this module's
 * rows; the signed unsubscribe token that names them belongs to messaging.
 */

/** The recipient's current e-mail opt-out, or null when it no longer exists. */
export async function emailOptOutOf(ctx: AppContext, target: UnsubscribeTarget): Promise<boolean | null> {
  const row = await ctx.db
    .selectFrom(target.kind === 'client' ? 'clients' : 'contacts')
    .select('email_opt_out')
    .where(officeRow(target.officeId, target.id))
    .executeTakeFirst();
  return row ? row.email_opt_out === 1 : null;
}

/**
 * Sets the recipient's e-mail opt-out (idempotent), with an audit entry the first time: `already` when it
 * was set before, `gone` when the recipient no longer exists (deleted since the e-mail went out).
 */
export async function optOutOfEmail(
  ctx: AppContext,
  target: UnsubscribeTarget,
): Promise<'opted_out' | 'already' | 'gone'> {
  const table = target.kind === 'client' ? 'clients' : 'contacts';
  return writeTransaction(ctx, async (trx) => {
    const row = await trx
      .selectFrom(table)
      .select(['id', 'email_opt_out'])
      .where(officeRow(target.officeId, target.id))
      .executeTakeFirst();
    if (!row) return 'gone';
    if (row.email_opt_out === 1) return 'already';
    const now = ctx.clock.now();
    const set = { email_opt_out: 1, updated_at: now.toISOString() };
    if (target.kind === 'client') {
      // A client row is versioned (every change bumps it), a contact row is not.
      await trx
        .updateTable('clients')
        .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
        .where(officeRow(target.officeId, target.id))
        .execute();
    } else {
      await trx.updateTable('contacts').set(set).where(officeRow(target.officeId, target.id)).execute();
    }
    const by = { officeId: target.officeId, userId: null, at: now };
    await auditTrail(target.kind).update(trx, by, target.id, { emailOptOut: false }, { emailOptOut: true });
    return 'opted_out';
  });
}

/**
 * Checks a signed unsubscribe token and sets its recipient's e-mail opt-out (a client's or a contact's).
 * False for an invalid token or a recipient that no longer exists.
 */
export async function unsubscribeByToken(ctx: AppContext, token: string): Promise<boolean> {
  const target = readUnsubscribeToken(ctx, token);
  return target ? (await optOutOfEmail(ctx, target)) !== 'gone' : false;
}
