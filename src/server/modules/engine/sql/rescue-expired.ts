import { type SqlBool, sql } from 'kysely';
import type { Db } from '../../../db/database.js';
import { takingFromAttempt } from './lock-running.js';

/**
 * Returns jobs whose attempt's lease expired (the worker died or hung) to the queue, or marks them failed
 * when that was their last attempt. Clearing `attempt_id` fences the old attempt out.
 *
 * `run_at` is kept: it was already due (the job had been claimed), and it is the due time the handler
 * sees (`ctx.job.runAt`) — a scheduled job's occurrence, from which a routine takes its reference date.
 * Moving it to the rescue time made a run rescued on a later day work on that day instead of its own.
 *
 * On PostgreSQL each statement first waits for the attempts' open `ctx.tx` (`takingFromAttempt`), then
 * checks the lease again: a heartbeat that renewed it meanwhile keeps the job.
 */
export async function rescueExpiredLeases(db: Db, now: Date): Promise<number> {
  const at = now.toISOString();
  // Every worker runs this every second and nearly always no lease has expired: one read first, instead of
  // the two updates (each locking what it finds) below.
  const expired = await db
    .selectFrom('jobs')
    .select('id')
    .where('state', '=', 'running')
    .where('locked_until', '<', at)
    .limit(1)
    .executeTakeFirst();
  if (!expired) return 0;
  const requeued = await db
    .updateTable('jobs')
    .set({
      state: 'queued',
      attempt_id: null,
      locked_by: null,
      locked_until: null,
      error: 'lease expired: the worker stopped answering',
      updated_at: at,
    })
    .where('state', '=', 'running')
    .where('locked_until', '<', at)
    .where(takingFromAttempt(db, sql<SqlBool>`locked_until < ${at}`))
    .where((eb) => eb('attempts', '<', eb.ref('max_attempts')))
    .executeTakeFirst();
  const failed = await db
    .updateTable('jobs')
    .set({
      state: 'failed',
      attempt_id: null,
      locked_by: null,
      locked_until: null,
      error: 'lease expired on the last attempt',
      finished_at: at,
      updated_at: at,
    })
    .where('state', '=', 'running')
    .where('locked_until', '<', at)
    .where(takingFromAttempt(db, sql<SqlBool>`locked_until < ${at}`))
    .executeTakeFirst();
  return Number(requeued.numUpdatedRows) + Number(failed.numUpdatedRows);
}
