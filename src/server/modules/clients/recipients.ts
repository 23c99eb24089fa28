import type { Db } from '../../db/database.js';
import { officeRow } from '../../db/office-row.js';
import type { ContactRow } from '../../db/schema.js';
import type { Recipient } from '../messaging/index.js';

/** A client as a message recipient: its e-mails and WhatsApp number, with its consent flags. */
export async function recipientOfClient(
  db: Db,
  officeId: string,
  clientId: string,
): Promise<Recipient | null> {
  const c = await db
    .selectFrom('clients')
    .select(['id', 'legal_name', 'emails', 'whatsapp', 'phone', 'email_opt_out', 'whatsapp_opt_in'])
    .where(officeRow(officeId, clientId))
    .executeTakeFirst();
  if (!c) return null;
  return {
    kind: 'client',
    id: c.id,
    clientId: c.id,
    name: c.legal_name,
    emails: JSON.parse(c.emails) as string[],
    whatsapp: c.whatsapp,
    phone: c.phone,
    emailOptOut: c.email_opt_out === 1,
    whatsappOptIn: c.whatsapp_opt_in === 1,
  };
}

/** A contact as a message recipient, with its consent flags. */
export async function recipientOfContact(
  db: Db,
  officeId: string,
  contactId: string,
): Promise<Recipient | null> {
  const c = await db
    .selectFrom('contacts')
    .select(contactRecipientColumns)
    .where(officeRow(officeId, contactId))
    .executeTakeFirst();
  return c ? recipientOfContactRow(c) : null;
}

/** The contacts columns a recipient is made of: select them, then map the row with {@link recipientOfContactRow}. */
export const contactRecipientColumns = [
  'id',
  'client_id',
  'name',
  'email',
  'whatsapp',
  'email_opt_out',
  'whatsapp_opt_in',
] as const;

/** A contacts row with {@link contactRecipientColumns}. */
export type ContactRecipientRow = Pick<ContactRow, (typeof contactRecipientColumns)[number]>;

/** A contact row as a message recipient, with its consent flags. */
export function recipientOfContactRow(c: ContactRecipientRow): Recipient {
  return {
    kind: 'contact',
    id: c.id,
    clientId: c.client_id,
    name: c.name,
    emails: c.email ? [c.email] : [],
    whatsapp: c.whatsapp,
    emailOptOut: c.email_opt_out === 1,
    whatsappOptIn: c.whatsapp_opt_in === 1,
  };
}
