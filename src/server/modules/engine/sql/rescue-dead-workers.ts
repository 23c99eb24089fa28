import { type SqlBool, sql } from 'kysely';
import type { Db } from '../../../db/database.js';
import { type RescueReason, rescueRunning } from './rescue-running.js';

const lastAttempt = (why: string): RescueReason => ({ requeued: why, failed: `${why} (last attempt)` });

/**
 * Rescues the jobs of workers declared dead: each worker refreshes its row in `workers` every second
 * (`Worker`'s presence), and one whose `last_seen_at` is older than `deadAfterMs` is dead — killed, its
 * machine gone. Its jobs go back to the queue at once instead of when their leases expire (a minute).
 * A live worker, however slow its jobs, keeps its row fresh and is left alone. A job held by a worker
 * with no row (one that never started its presence, like `runOnce`) is left to its lease.
 *
 * `ownWorkers`, the caller's process's workers, are never declared dead by it: a process that was paused
 * (its event loop blocked) must not rescue its own jobs on waking, before its heartbeat runs again.
 *
 * Rows of workers dead for a day are deleted. When no other worker is late (the common case) this is one
 * read of `workers` and nothing else. Safe to run from any number of workers at once: each
 * statement is atomic and rescuing twice changes nothing.
 */
export async function rescueDeadWorkers(
  db: Db,
  now: Date,
  deadAfterMs: number,
  ownWorkers: string[] = [],
): Promise<number> {
  const cutoff = new Date(now.getTime() - deadAfterMs).toISOString();
  // Every worker runs this every second, and nearly always nobody is dead: one look at the small `workers`
  // table first, instead of the two updates below, whose search of the running jobs (through the lease
  // index, which between two vacuums of a busy queue holds an entry for every job run since) cost
  // PostgreSQL about 5 ms each on a busy queue. A row dead for a day is older than the cutoff too, so
  // the clean-up below is needed only when this finds one.
  let anyDead = db.selectFrom('workers').select('id').where('last_seen_at', '<', cutoff);
  if (ownWorkers.length) anyDead = anyDead.where('id', 'not in', ownWorkers);
  if (!(await anyDead.limit(1).executeTakeFirst())) return 0;
  const own = ownWorkers.length ? sql` and id not in (${sql.join(ownWorkers)})` : sql``;
  const rescued = await rescueRunning(
    db,
    now,
    sql<SqlBool>`locked_by in (select id from workers where last_seen_at < ${cutoff}${own})`,
    lastAttempt('worker declared dead: no heartbeat'),
  );
  await db
    .deleteFrom('workers')
    .where('last_seen_at', '<', new Date(now.getTime() - 86_400_000).toISOString())
    .execute();
  return rescued;
}

/**
 * SQLite: rescues every running job not held by one of `liveWorkers`. Only for a process that has just
 * taken the database's worker lock (`acquireWorkerLock`): every process that ran workers on this file
 * before it is gone, so their jobs — the ones in flight at a kill -9 — can run again at once.
 */
export async function rescueOtherProcesses(db: Db, now: Date, liveWorkers: string[]): Promise<number> {
  const held = liveWorkers.length
    ? sql<SqlBool>`(locked_by is null or locked_by not in (${sql.join(liveWorkers)}))`
    : sql<SqlBool>`1 = 1`;
  return rescueRunning(db, now, held, lastAttempt('the process that ran it ended (restart)'));
}
