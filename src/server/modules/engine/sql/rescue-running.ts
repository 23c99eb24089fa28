import type { Expression, SqlBool } from 'kysely';
import type { Db } from '../../../db/database.js';
import { takingFromAttempt } from './lock-running.js';

/** Why the jobs are rescued: the error each keeps, back in the queue or failed on its last attempt. */
export interface RescueReason {
  requeued: string;
  failed: string;
}

/**
 * Returns the running jobs matched by `held` to the queue, or marks them failed when that was their last
 * attempt. Clearing `attempt_id` fences the old attempt out: an attempt that wakes up can neither write
 * effects nor finish the job. On PostgreSQL each statement first waits for the attempts' open `ctx.tx`
 * (`takingFromAttempt`); with `recheck`, `held` is checked again once they are done (a lease a heartbeat
 * renewed meanwhile keeps its job).
 *
 * `run_at` is kept: it was already due (the job had been claimed), and it is the due time the handler
 * sees (`ctx.job.runAt`) — a scheduled job's occurrence, from which a routine takes its reference date.
 * Moving it to the rescue time made a run rescued on a later day work on that day instead of its own.
 */
export async function rescueRunning(
  db: Db,
  now: Date,
  held: Expression<SqlBool>,
  why: RescueReason,
  { recheck = false } = {},
): Promise<number> {
  const at = now.toISOString();
  const requeued = await db
    .updateTable('jobs')
    .set({
      state: 'queued',
      attempt_id: null,
      locked_by: null,
      locked_until: null,
      error: why.requeued,
      updated_at: at,
    })
    .where('state', '=', 'running')
    .where(takingFromAttempt(db, held))
    .$if(recheck, (q) => q.where(held))
    .where((eb) => eb('attempts', '<', eb.ref('max_attempts')))
    .executeTakeFirst();
  const failed = await db
    .updateTable('jobs')
    .set({
      state: 'failed',
      attempt_id: null,
      locked_by: null,
      locked_until: null,
      error: why.failed,
      finished_at: at,
      updated_at: at,
    })
    .where('state', '=', 'running')
    .where(takingFromAttempt(db, held))
    .$if(recheck, (q) => q.where(held))
    .executeTakeFirst();
  return Number(requeued.numUpdatedRows) + Number(failed.numUpdatedRows);
}
