import { type Kysely, sql } from 'kysely';
import { index, indexes } from '../migration-helpers.js';

/**
 * The finished-jobs index (pruning, the pools' last-hour counts) holds finished jobs only. Over all jobs it
 * moved on every state change: an entry written at enqueue, moved at the claim, moved again at the finish.
 * Now a job enters it once, when it finishes. The live counts read the claim and lease indexes instead.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_finished_idx').execute();
  await index(db, 'jobs_finished_idx', 'jobs', ['state', 'finished_at'])
    .where(sql.ref('finished_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_finished_idx').execute();
  await indexes(db, 'jobs', { jobs_finished_idx: ['state', 'finished_at'] });
}
