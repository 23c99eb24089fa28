import { type Kysely, sql } from 'kysely';
import { index } from '../migration-helpers.js';

/**
 * `messages.possible_duplicate`: 1 when an earlier delivery attempt of the message may already have reached
 * the provider — it was cut (a crash, a worker declared dead) after the provider was called and before its
 * answer was recorded — so the recipient may get it twice. Counted in `/metrics` and shown in the outbox.
 * A partial index keeps the count cheap: such messages are rare.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('messages')
    .addColumn('possible_duplicate', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await index(db, 'messages_possible_duplicate_idx', 'messages', ['office_id'])
    .where(sql.ref('possible_duplicate'), '=', 1)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('messages_possible_duplicate_idx').execute();
  await db.schema.alterTable('messages').dropColumn('possible_duplicate').execute();
}
