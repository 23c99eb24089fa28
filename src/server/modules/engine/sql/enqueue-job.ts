import { sql } from 'kysely';
import type { Db, DialectName } from '../../../db/database.js';
import type { JobRow } from '../../../db/schema.js';

/**
 * Inserts one job, or — when a live job (queued or running) holds the same unique key — keeps it or
 * replaces its payload and due time. Runs inside the caller's transaction, so the job exists if and only
 * if that transaction commits. On PostgreSQL a NOTIFY wakes idle workers at commit (a hint only; workers
 * poll regardless).
 */
export async function insertJob(
  db: Db,
  dialect: DialectName,
  row: JobRow,
  onDuplicate: 'keep' | 'replace',
): Promise<{ id: string; created: boolean }> {
  if (row.unique_key) {
    const live = await db
      .selectFrom('jobs')
      .select(['id', 'state'])
      .where('unique_key', '=', row.unique_key)
      .where('state', 'in', ['queued', 'running'])
      .executeTakeFirst();
    if (live) {
      if (onDuplicate === 'replace' && live.state === 'queued') {
        await db
          .updateTable('jobs')
          .set({
            payload: row.payload,
            run_at: row.run_at,
            priority: row.priority,
            updated_at: row.updated_at,
          })
          .where('id', '=', live.id)
          .where('state', '=', 'queued')
          .execute();
      }
      return { id: live.id, created: false };
    }
  }
  await db.insertInto('jobs').values(row).execute();
  if (dialect === 'postgres') await notifyOnce(db, row.pool);
  return { id: row.id, created: true };
}

/** Pools already announced in an open transaction. */
const notifiedIn = new WeakMap<Db, Set<string>>();

/**
 * `NOTIFY expediente_jobs, <pool>`, delivered at commit. PostgreSQL folds identical notifications of one
 * transaction into one, so within a transaction only the first per pool is sent (the rest would be round
 * trips that change nothing); outside one, every statement commits on its own and notifies.
 */
async function notifyOnce(db: Db, pool: string): Promise<void> {
  const seen = db.isTransaction ? notifiedIn.get(db) : undefined;
  if (seen?.has(pool)) return;
  await sql`select pg_notify('expediente_jobs', ${pool})`.execute(db);
  if (!db.isTransaction) return;
  if (seen) seen.add(pool);
  else notifiedIn.set(db, new Set([pool]));
}
