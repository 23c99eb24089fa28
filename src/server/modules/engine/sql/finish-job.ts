import type { Db } from '../../../db/database.js';
import type { JobsTable } from '../../../db/schema.js';

/** The fence: the job, still running under this attempt. */
export interface Attempt {
  jobId: string;
  attemptId: string;
}

/**
 * Moves a running job to its next state, but only if `attempt` still holds it. Returns false for a stale
 * attempt (lease expired and rescued, or cancelled), whose outcome is then discarded.
 */
export async function finishAttempt(db: Db, attempt: Attempt, set: Partial<JobsTable>): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ ...set, attempt_id: null, locked_by: null, locked_until: null })
    .where('id', '=', attempt.jobId)
    .where('attempt_id', '=', attempt.attemptId)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Extends the lease of a held attempt; returns whether the job still belongs to it and if cancel was asked. */
export async function renewLease(
  db: Db,
  attempt: Attempt,
  now: Date,
  leaseMs: number,
  progress?: { percent: number; message: string | null },
): Promise<{ held: boolean; cancelRequested: boolean }> {
  const row = await db
    .updateTable('jobs')
    .set({
      locked_until: new Date(now.getTime() + leaseMs).toISOString(),
      updated_at: now.toISOString(),
      ...(progress && { progress: progress.percent, progress_message: progress.message }),
    })
    .where('id', '=', attempt.jobId)
    .where('attempt_id', '=', attempt.attemptId)
    .where('state', '=', 'running')
    .returning('cancel_requested')
    .executeTakeFirst();
  return { held: !!row, cancelRequested: row?.cancel_requested === 1 };
}
