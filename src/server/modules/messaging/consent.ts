import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../context.js';

/** Checks a signed unsubscribe token and sets the contact's e-mail opt-out. */
export async function unsubscribeContact(app: AppContext, token: string): Promise<boolean> {
  const [payload, sig] = token.split('.');
  if (!payload || !sig) return false;
  const [officeId, contactId] = Buffer.from(payload, 'base64url').toString('utf8').split(':');
  if (!officeId || !contactId) return false;
  const expected = createHmac('sha256', app.config.secretKey)
    .update(`unsubscribe:${officeId}:${contactId}`)
    .digest('base64url')
    .slice(0, 32);
  if (expected.length !== sig.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(sig)))
    return false;
  await app.db
    .updateTable('contacts')
    .set({ email_opt_out: 1, updated_at: app.clock.now().toISOString() })
    .where('office_id', '=', officeId)
    .where('id', '=', contactId)
    .execute();
  return true;
}
