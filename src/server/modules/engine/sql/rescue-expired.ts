import { type SqlBool, sql } from 'kysely';
import type { Db } from '../../../db/database.js';
import { rescueRunning } from './rescue-running.js';

/**
 * Returns jobs whose attempt's lease expired (the worker died or hung) to the queue, or marks them failed
 * when that was their last attempt (`rescueRunning`). On PostgreSQL each statement first waits for the
 * attempts' open `ctx.tx`, then checks the lease again: a heartbeat that renewed it meanwhile keeps the job.
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
  const lapsed = sql<SqlBool>`locked_until < ${at}`;
  return rescueRunning(
    db,
    now,
    lapsed,
    { requeued: 'lease expired: the worker stopped answering', failed: 'lease expired on the last attempt' },
    { recheck: true },
  );
}
