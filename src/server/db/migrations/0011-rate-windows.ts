import type { Kysely } from 'kysely';
import { notNull, officeId } from '../migration-columns.js';

/**
 * Per-office, per-channel sending windows: how many sends the current calendar minute has reserved. One
 * row per (office, channel), updated in place, so a reservation costs one statement however many
 * messages went out in the minute (the former count over `messages` grew with the send rate).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_windows')
    .$call(officeId)
    .$call(notNull('text', 'channel', 'window_start'))
    .addColumn('used', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_windows_pk', ['office_id', 'channel'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rate_windows').execute();
}
