import { sql } from 'kysely';
import type { Db, DialectName } from '../../../db/database.js';
import type { Attempt, Progress } from './finish-job.js';

/**
 * Saves a running attempt's progress (fenced: only the attempt holding the job), without renewing its
 * lease — the heartbeat does that. Resolves whether it was written.
 *
 * - PostgreSQL: the row is taken with `FOR NO KEY UPDATE SKIP LOCKED`: a save never waits, and is skipped
 *   while a heartbeat or a user's cancel request is updating the row (it is made at the next call or
 *   heartbeat). The handler's own `ctx.tx` transactions hold the row with `FOR KEY SHARE` (the fence),
 *   which does not conflict: progress is saved while a run's batches are open.
 * - SQLite: a plain UPDATE (one writer at a time; nothing is locked across statements).
 */
export async function saveProgress(
  db: Db,
  dialect: DialectName,
  attempt: Attempt,
  now: Date,
  progress: Progress,
): Promise<boolean> {
  const at = now.toISOString();
  if (dialect === 'postgres') {
    const { rows } = await sql<{ id: string }>`
      update jobs set progress = ${progress.percent}, progress_message = ${progress.message},
        progress_message_en = ${progress.messageEn}, updated_at = ${at}
      where id = (
        select id from jobs
        where id = ${attempt.jobId} and attempt_id = ${attempt.attemptId} and state = 'running'
        for no key update skip locked
      )
      returning id`.execute(db);
    return rows.length === 1;
  }
  const r = await db
    .updateTable('jobs')
    .set({
      progress: progress.percent,
      progress_message: progress.message,
      progress_message_en: progress.messageEn,
      updated_at: at,
    })
    .where('id', '=', attempt.jobId)
    .where('attempt_id', '=', attempt.attemptId)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
