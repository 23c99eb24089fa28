import { sql } from 'kysely';
import type { Db, DialectName } from '../../../db/database.js';
import { prepared } from '../../../db/prepared.js';
import type { JobRow } from '../../../db/schema.js';

/** What a worker needs of a claimed job to run and finish it (fewer columns, less to read and build). */
export const claimedColumns = [
  'id',
  'kind',
  'payload',
  'office_id',
  'attempts',
  'max_attempts',
  'requested_by',
  'progress',
  'progress_message',
  'progress_message_en',
  'attempt_id',
  'priority',
  'run_at',
  'schedule_id',
] as const;
export type ClaimedJob = Pick<JobRow, (typeof claimedColumns)[number]>;

const returning = sql.join(claimedColumns.map((c) => sql.id(c)));

export interface ClaimOptions {
  workerId: string;
  pools: string[];
  limit: number;
  now: Date;
  leaseMs: number;
}

/** `RETURNING` follows no order: the claimed jobs start in the order they were chosen. */
const inClaimOrder = (rows: ClaimedJob[]) =>
  rows.sort((a, b) => b.priority - a.priority || cmp(a.run_at, b.run_at) || cmp(a.id, b.id));
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * PostgreSQL, a worker of one pool (the usual deployment): the claim below as one SQL text, prepared once per
 * connection (`prepared`, a named statement) — a busy worker claims several times a second, and an unnamed
 * statement is parsed and planned on every claim. The due time and the limit are bound through one-row
 * subqueries (InitPlans), so that a custom plan cannot see them either: custom and generic plans then cost
 * alike and PostgreSQL keeps the generic plan after five claims. With the values visible, a custom plan for
 * a limit of four could look cheaper than the generic plan's guess, and then every claim was planned (0.18
 * ms a claim in one of the measured drains: docs/benchmarks.md, session 15).
 */
const claimOnePool = prepared(
  (db: Db, workerId: string, until: string, now: string, pool: string, limit: number) => ({
    compile: () =>
      sql<ClaimedJob>`
        update jobs set
          state = 'running',
          attempts = attempts + 1,
          attempt_id = gen_random_uuid()::text,
          locked_by = ${workerId},
          locked_until = ${until},
          started_at = coalesce(started_at, ${now}),
          updated_at = ${now}
        where id in (
          select id from jobs
          where state = 'queued' and pool = ${pool} and run_at <= (select cast(${now} as text))
          order by priority desc, run_at, id
          limit (select cast(${limit} as bigint))
          for update skip locked
        )
        returning ${returning}`.compile(db),
  }),
);

/**
 * Claims up to `limit` due jobs of the given pools for one worker, minting a fresh attempt id (the fencing
 * token) for each. Highest priority first, then the oldest due time.
 *
 * - PostgreSQL: one `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)`, so any number of workers on any
 *   number of machines claim disjoint jobs without waiting on each other.
 * - SQLite: the same statement without the row locks: SQLite runs one writer at a time, so the statement
 *   is atomic on its own.
 */
export async function claimJobs(db: Db, dialect: DialectName, o: ClaimOptions): Promise<ClaimedJob[]> {
  if (o.limit <= 0 || o.pools.length === 0) return [];
  const now = o.now.toISOString();
  const until = new Date(o.now.getTime() + o.leaseMs).toISOString();
  if (dialect === 'postgres' && o.pools.length === 1) {
    const rows = await claimOnePool.rows(db, o.workerId, until, now, o.pools[0]!, o.limit);
    return inClaimOrder(rows);
  }
  const inPools = o.pools.length === 1 ? sql`pool = ${o.pools[0]}` : sql`pool in (${sql.join(o.pools)})`;
  if (dialect === 'postgres') {
    const { rows } = await sql<ClaimedJob>`
      update jobs set
        state = 'running',
        attempts = attempts + 1,
        attempt_id = gen_random_uuid()::text,
        locked_by = ${o.workerId},
        locked_until = ${until},
        started_at = coalesce(started_at, ${now}),
        updated_at = ${now}
      where id in (
        select id from jobs
        where state = 'queued' and ${inPools} and run_at <= ${now}
        order by priority desc, run_at, id
        limit ${o.limit}
        for update skip locked
      )
      returning ${returning}`.execute(db);
    return inClaimOrder(rows);
  }
  // SQLite: the same single statement; `randomblob` mints the attempt id.
  const { rows } = await sql<ClaimedJob>`
    update jobs set
      state = 'running',
      attempts = attempts + 1,
      attempt_id = lower(hex(randomblob(16))),
      locked_by = ${o.workerId},
      locked_until = ${until},
      started_at = coalesce(started_at, ${now}),
      updated_at = ${now}
    where id in (
      select id from jobs
      where state = 'queued' and ${inPools} and run_at <= ${now}
      order by priority desc, run_at, id
      limit ${o.limit}
    )
    returning ${returning}`.execute(db);
  return inClaimOrder(rows);
}
