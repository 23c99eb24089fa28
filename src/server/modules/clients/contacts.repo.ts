import type { Db } from '../../db/database.js';
import { officeRow } from '../../db/office-row.js';
import type { ContactRow } from '../../db/schema.js';
import type { Contact } from './clients.schema.js';

export function toContact(r: ContactRow): Contact {
  return {
    id: r.id,
    clientId: r.client_id,
    name: r.name,
    role: r.role,
    email: r.email,
    whatsapp: r.whatsapp,
    birthday: r.birthday,
    emailOptOut: r.email_opt_out === 1,
    whatsappOptIn: r.whatsapp_opt_in === 1,
  };
}

export async function listContacts(db: Db, officeId: string, clientId: string): Promise<Contact[]> {
  const rows = await db
    .selectFrom('contacts')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('client_id', '=', clientId)
    .orderBy('name')
    .execute();
  return rows.map(toContact);
}

export async function findContact(db: Db, officeId: string, clientId: string, id: string) {
  const row = await db
    .selectFrom('contacts')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('client_id', '=', clientId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toContact(row) : undefined;
}

export async function insertContactRow(db: Db, row: ContactRow) {
  await db.insertInto('contacts').values(row).execute();
}

export async function updateContactRow(db: Db, officeId: string, id: string, patch: Partial<ContactRow>) {
  await db.updateTable('contacts').set(patch).where(officeRow(officeId, id)).execute();
}

export async function deleteContactRow(db: Db, officeId: string, id: string) {
  await db.deleteFrom('contacts').where('office_id', '=', officeId).where('id', '=', id).execute();
}

/** The contacts on a WhatsApp number (E.164) and their clients: who wrote to the office. */
export async function contactsOfWhatsApp(db: Db, officeId: string, e164: string) {
  return db
    .selectFrom('contacts')
    .select(['id as contactId', 'client_id as clientId'])
    .where('office_id', '=', officeId)
    .where('whatsapp', '=', e164)
    .orderBy('created_at')
    .execute();
}
