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
  if (row.unique_key && onDuplicate === 'replace') {
    const live = await liveJob(db, row.unique_key);
    if (live) {
      if (live.state === 'queued') {
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
  // `on conflict do nothing` covers the partial unique index on live jobs' keys (both dialects): a live
  // job holding the key keeps it, in one statement on the common path where none does.
  const insert = db
    .insertInto('jobs')
    .values(row)
    .onConflict((oc) => oc.doNothing());
  let created: boolean;
  if (dialect === 'postgres' && mustNotify(db, row.pool)) {
    // The insert and its NOTIFY in one statement, one round trip: a data-modifying WITH runs exactly once.
    const r = await sql<{ n: string | number }>`with inserted as (${insert.returning('id')})
      select (select count(*) from inserted) as n, pg_notify('expediente_jobs', ${row.pool})`.execute(db);
    created = Number(r.rows[0]?.n ?? 0) === 1;
  } else {
    const r = await insert.executeTakeFirst();
    created = Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  if (created || !row.unique_key) return { id: row.id, created };
  const live = await liveJob(db, row.unique_key);
  if (!live)
    throw new Error(`job ${row.kind}: unique key ${row.unique_key} conflicted but no live job holds it`);
  return { id: live.id, created: false };
}

/** The live (queued or running) job holding a unique key, if any. */
function liveJob(db: Db, uniqueKey: string) {
  return (
    db
      .selectFrom('jobs')
      .select(['id', 'state'])
      .where('unique_key', '=', uniqueKey)
      // Literal states, as in the partial unique index's own predicate: with bound parameters SQLite cannot
      // prove the index applies and, once most jobs share one state, scans the whole table instead.
      .where(sql<boolean>`state in ('queued', 'running')`)
      .executeTakeFirst()
  );
}

/** Pools already announced in an open transaction. */
const notifiedIn = new WeakMap<Db, Set<string>>();

/**
 * Whether this enqueue must send `NOTIFY expediente_jobs, <pool>` (delivered at commit). PostgreSQL folds
 * identical notifications of one transaction into one, so within a transaction only the first per pool is
 * sent (the rest would change nothing); outside one, every statement commits on its own and notifies.
 */
function mustNotify(db: Db, pool: string): boolean {
  if (!db.isTransaction) return true;
  const seen = notifiedIn.get(db);
  if (seen?.has(pool)) return false;
  if (seen) seen.add(pool);
  else notifiedIn.set(db, new Set([pool]));
  return true;
}

/**
 * Inserts many jobs in as few statements as SQLite's parameter limit allows. A row whose unique key a live
 * job already holds is left out (`on conflict do nothing`, which on both dialects covers the partial
 * unique index); returns the ids inserted. One NOTIFY per pool on PostgreSQL, delivered at commit.
 */
export async function insertJobs(
  db: Db,
  dialect: DialectName,
  rows: readonly JobRow[],
): Promise<Set<string>> {
  const inserted = new Set<string>();
  const perStatement = 500; // × 26 columns stays under SQLite's 32,766 parameters
  const pools = new Set(rows.map((r) => r.pool));
  for (let i = 0; i < rows.length; i += perStatement) {
    const insert = db
      .insertInto('jobs')
      .values(rows.slice(i, i + perStatement))
      .onConflict((oc) => oc.doNothing())
      .returning('id');
    const [only] = pools;
    if (dialect === 'postgres' && pools.size === 1 && only && mustNotify(db, only)) {
      // One pool (a bulk send's deliveries): the insert and its NOTIFY in one statement, one round trip.
      const r = await sql<{ ids: string[] }>`with inserted as (${insert})
        select array(select id::text from inserted) as ids, pg_notify('expediente_jobs', ${only})`.execute(
        db,
      );
      for (const id of r.rows[0]?.ids ?? []) inserted.add(id);
      continue;
    }
    for (const r of await insert.execute()) inserted.add(r.id);
  }
  if (dialect === 'postgres' && pools.size > 1) {
    for (const pool of pools) {
      if (mustNotify(db, pool)) await sql`select pg_notify('expediente_jobs', ${pool})`.execute(db);
    }
  }
  return inserted;
}
