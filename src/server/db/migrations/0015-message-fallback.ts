import type { Kysely } from 'kysely';

/**
 * `messages.fallback`: for a message sent with more than one channel, the channels after the one it went
 * on and the recipient (JSON `{ channels, to }`), so that a delivery that fails for good (a WhatsApp
 * number that cannot receive, a refused template…) is sent again on the next channel. Null otherwise.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('fallback', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').dropColumn('fallback').execute();
}
