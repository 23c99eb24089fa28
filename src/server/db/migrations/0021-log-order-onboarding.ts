import type { Kysely } from 'kysely';
import { indexes } from '../migration-helpers.js';

/**
 * - `job_logs.seq`: a run's log lines in the order they were written. Ids are UUIDv7, ordered by the
 *   millisecond only (lines of one millisecond came back in random order); `seq` is the line's number in its
 *   run, given as the line is logged. Older lines keep 0 and their id order.
 * - `offices.onboarding_dismissed_at`: when the office closed the first-run checklist of the home page.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('job_logs')
    .addColumn('seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await indexes(db, 'job_logs', { job_logs_job_seq_idx: ['job_id', 'seq', 'id'] });
  await db.schema.alterTable('offices').addColumn('onboarding_dismissed_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('offices').dropColumn('onboarding_dismissed_at').execute();
  await db.schema.dropIndex('job_logs_job_seq_idx').execute();
  await db.schema.alterTable('job_logs').dropColumn('seq').execute();
}
