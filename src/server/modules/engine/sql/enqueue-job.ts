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
  if (dialect === 'postgres') await sql`select pg_notify('expediente_jobs', ${row.pool})`.execute(db);
  return { id: row.id, created: true };
}
