import type { Kysely } from 'kysely';

/**
 * A client's own consent, like a contact's: `email_opt_out` (1 = no informative e-mail: greetings,
 * newsletters; transactional mail still goes) and `whatsapp_opt_in` (1 = the client agreed to receive
 * business-initiated WhatsApp). Existing clients start at 0 for both, even those with a WhatsApp number:
 * a number on file is not consent (LGPD art. 8; Meta's business policy), so the office records each
 * client's opt-in before WhatsApp routines reach it. One column per statement: SQLite adds one at a time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('clients')
    .addColumn('email_opt_out', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('clients')
    .addColumn('whatsapp_opt_in', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('clients').dropColumn('whatsapp_opt_in').execute();
  await db.schema.alterTable('clients').dropColumn('email_opt_out').execute();
}
