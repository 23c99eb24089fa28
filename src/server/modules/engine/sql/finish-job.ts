import { sql } from 'kysely';
import type { Db, DialectName } from '../../../db/database.js';
import { runNamed } from '../../../db/prepared.js';
import type { JobsTable } from '../../../db/schema.js';
import type { GroupedRow, GroupedWrite } from '../grouped-write.js';

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

/** A run's progress: its percentage and message, the message in pt-BR with its English twin (or null). */
export interface Progress {
  percent: number;
  message: string | null;
  messageEn: string | null;
}

export interface Finish {
  attempt: Attempt;
  set: Partial<JobsTable>;
  /**
   * PostgreSQL: the attempt's success writes that ride in the finishing statement (grouped-write.ts),
   * written only if the statement finishes the job.
   */
  grouped?: readonly GroupedRow[];
}

/** The columns a finish may set, with their PostgreSQL types (for `jsonb_to_recordset`). */
const finishColumns: Partial<Record<keyof JobsTable, 'text' | 'integer'>> = {
  state: 'text',
  result: 'text',
  error: 'text',
  progress: 'integer',
  progress_message: 'text',
  progress_message_en: 'text',
  run_at: 'text',
  finished_at: 'text',
  updated_at: 'text',
};

/**
 * `finishAttempt` for many attempts at once: one `UPDATE … FROM` over a JSON array of the finishes per
 * distinct set of columns (one in the common case), still fenced row by row — a row changes only if its
 * job is running under that very `attempt_id`. Resolves, in order, whether each attempt still held its
 * job. Each statement is atomic; call it inside a transaction to make several (and their side effects)
 * one commit.
 */
export async function finishAttempts(
  db: Db,
  dialect: DialectName,
  items: readonly Finish[],
): Promise<boolean[]> {
  const groups = new Map<string, number[]>();
  for (const [i, { set }] of items.entries()) {
    const key = Object.keys(set).sort().join(',');
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  }
  const held = new Array<boolean>(items.length).fill(false);
  for (const [key, indexes] of groups) {
    const columns = (key ? key.split(',') : []) as (keyof JobsTable)[];
    for (const col of columns) if (!finishColumns[col]) throw new Error(`finishAttempts cannot set ${col}`);
    const json = JSON.stringify(
      indexes.map((i) => {
        const { attempt, set } = items[i]!;
        const row: Record<string, unknown> = { id: attempt.jobId, attempt_id: attempt.attemptId };
        for (const col of columns) row[col] = set[col] ?? null;
        return row;
      }),
    );
    // PostgreSQL: `jobs.id = any(…)` lets the planner find the rows by primary key. Without it the join's
    // only indexable condition is `state = 'running'`, and it read the partial lease index — which, between
    // two vacuums of a busy queue, still holds an entry for every job that has run since (3 ms a finish
    // with 1,500 of them, against 0.1 ms by key). The state is tested as `coalesce(state, '')` so that no
    // plan can take that index (its predicate is `state = 'running'`), whatever the statistics say: a plan
    // is kept for many runs now (below). The ids' array is bound through a one-row subquery (an InitPlan),
    // so that a custom plan cannot see its length either: custom and generic plans then cost alike, and
    // PostgreSQL keeps the generic plan after five runs on a connection instead of planning every finish
    // (0.13–0.37 ms a call, measured) because a custom plan for an array of three looked cheaper than the
    // generic plan's assumed ten.
    const cleared = [sql`attempt_id = null`, sql`locked_by = null`, sql`locked_until = null`];
    const finish = sql<{ id: string }>`
            update jobs set ${sql.join([...columns.map((c) => sql`${sql.id(c)} = ${sql.ref(`f.${c}`)}`), ...cleared])}
            from jsonb_to_recordset(cast(${json} as jsonb)) as f(${sql.join(
              ['id text', 'attempt_id text', ...columns.map((c) => `${c} ${finishColumns[c]}`)].map((d) =>
                sql.raw(d),
              ),
            )})
            where jobs.id = f.id and jobs.attempt_id = f.attempt_id and coalesce(jobs.state, '') = 'running'
              and jobs.id = any(cast((select cast(${indexes.map((i) => items[i]!.attempt.jobId)} as text[])) as text[]))
            returning jobs.id`;
    // PostgreSQL: the grouped success writes of these attempts, one data-modifying `WITH` part per kind of
    // write, each over the jobs the finish (`finished`) did finish: the effects commit with the finishes.
    const writes = new Map<GroupedWrite<unknown>, { jobId: string; row: unknown }[]>();
    if (dialect === 'postgres')
      for (const i of indexes)
        for (const g of items[i]!.grouped ?? []) {
          const rows = writes.get(g.write);
          const row = { jobId: items[i]!.attempt.jobId, row: g.row };
          if (rows) rows.push(row);
          else writes.set(g.write, [row]);
        }
    const finished = sql`select id from finished`;
    // PostgreSQL: a named prepared statement (`runNamed`): its text depends only on the columns set and the
    // kinds of grouped write (the rows ride as bound JSON), so each connection parses it once instead of
    // on every finish.
    const { rows } =
      dialect === 'postgres'
        ? await runNamed(
            db,
            (writes.size === 0
              ? finish
              : sql<{ id: string }>`with finished as (${finish}), ${sql.join(
                  [...writes].map(([w, r], k) => sql`${sql.raw(`w${k}`)} as (${w.many(r, finished)})`),
                )} select id from finished`
            ).compile(db),
          )
        : // SQLite: `+jobs.state` keeps the planner on the primary key (one lookup per finish) instead of
          // walking every running job through the state index.
          await sql<{ id: string }>`
            update jobs set ${sql.join([...columns.map((c) => sql`${sql.id(c)} = f.value ->> ${c}`), ...cleared])}
            from json_each(${json}) as f
            where jobs.id = f.value ->> 'id' and jobs.attempt_id = f.value ->> 'attempt_id'
              and +jobs.state = 'running'
            returning id`.execute(db);
    const done = new Set(rows.map((r) => r.id));
    for (const i of indexes) held[i] = done.has(items[i]!.attempt.jobId);
  }
  return held;
}

/** Extends the lease of a held attempt; returns whether the job still belongs to it and if cancel was asked. */
export async function renewLease(
  db: Db,
  attempt: Attempt,
  now: Date,
  leaseMs: number,
  progress?: Progress,
): Promise<{ held: boolean; cancelRequested: boolean }> {
  const row = await db
    .updateTable('jobs')
    .set({
      locked_until: new Date(now.getTime() + leaseMs).toISOString(),
      updated_at: now.toISOString(),
      ...(progress && {
        progress: progress.percent,
        progress_message: progress.message,
        progress_message_en: progress.messageEn,
      }),
    })
    .where('id', '=', attempt.jobId)
    .where('attempt_id', '=', attempt.attemptId)
    .where('state', '=', 'running')
    .returning('cancel_requested')
    .executeTakeFirst();
  return { held: !!row, cancelRequested: row?.cancel_requested === 1 };
}
