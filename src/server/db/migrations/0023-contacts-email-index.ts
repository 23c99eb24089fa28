import { type Kysely, sql } from 'kysely';

/**
 * Contacts found by e-mail regardless of case: the collection page's link opens every company whose
 * contact has the same address (`lower(email)`), and reminders gather a person's requests the same way.
 * Without an expression index both scan the office's contacts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index contacts_email_lower_idx on contacts (office_id, lower(email))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index contacts_email_lower_idx`.execute(db);
}
