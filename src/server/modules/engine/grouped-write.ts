import type { Expression, RawBuilder, SqlBool } from 'kysely';
import type { Db } from '../../db/database.js';

/**
 * A success write (`ctx.onSuccess`) that PostgreSQL can join to the statement that finishes its job: one
 * row per attempt (a message's acceptance, say), written for many attempts at once in the finishing
 * statement's `WITH`, and only for the attempts that statement finishes. The effect and the job's success
 * then commit together, in one round trip for every job finishing at that moment, where a write of its own
 * before the finish costs a statement and a round trip more — and leaves a moment in which the effect is
 * recorded and the job not yet finished.
 */
export interface GroupedWrite<R> {
  /**
   * One row, fenced by its attempt (`fence`: the job's `holdsJob`, true while the attempt holds the job):
   * on SQLite, in the transaction that finishes the job; on PostgreSQL when the attempt has other success
   * writes too (then all go before the finish, as plain writes do).
   */
  one(db: Db, row: R, fence: Expression<SqlBool>): Promise<unknown>;
  /**
   * PostgreSQL: the rows of the attempts one finishing statement finishes, as a data-modifying statement
   * (`update …`, `insert …`) for its `WITH`. It must write only the rows whose `jobId` is among the jobs
   * that statement finished — `finished` is a query of their ids (`… where s.job_id in (${finished})`) —
   * each of which held its job under its own attempt when it was finished.
   */
  many(rows: readonly { jobId: string; row: R }[], finished: RawBuilder<unknown>): RawBuilder<unknown>;
}

/** A grouped write's row, as the engine carries it to the finish. */
export interface GroupedRow {
  write: GroupedWrite<unknown>;
  row: unknown;
}

const grouped = Symbol('grouped write');

type Tagged = ((db: Db) => Promise<unknown>) & { [grouped]?: GroupedRow };

/**
 * The `ctx.onSuccess` write of one row of `write`: a plain write (`write.one`, fenced by `fence`) that the
 * engine may instead join to the finishing statement on PostgreSQL.
 *
 * @example ctx.onSuccess(groupedWrite(acceptances, { id, providerId, at }, ctx.holdsJob));
 */
export function groupedWrite<R>(
  write: GroupedWrite<R>,
  row: R,
  fence: Expression<SqlBool>,
): (db: Db) => Promise<unknown> {
  const fn: Tagged = (db) => write.one(db, row, fence);
  fn[grouped] = { write: write as GroupedWrite<unknown>, row };
  return fn;
}

/** The grouped form of a success write, if it has one. */
export function groupedRowOf(write: (db: Db) => Promise<unknown>): GroupedRow | undefined {
  return (write as Tagged)[grouped];
}
