import { type Expression, PostgresAdapter, type SqlBool, sql } from 'kysely';
import type { Db } from '../../../db/database.js';

/**
 * The running jobs matched by `where`, for a statement that takes them from their attempt (a rescue, a
 * drain's release): `.where(takingFromAttempt(db, cond))`.
 *
 * - PostgreSQL: the rows are locked `FOR UPDATE` first. An attempt's `ctx.tx` holds its job row with
 *   `FOR KEY SHARE` (the fence), which only `FOR UPDATE` conflicts with: the statement waits for every open
 *   `ctx.tx` of the attempt, so none commits effects after its job was taken. The attempt's own updates —
 *   heartbeats, progress, a user's cancel request — change no key, take `FOR NO KEY UPDATE`, and never
 *   wait on the attempt's open transactions (with a share lock they did, for a whole run whose batches
 *   overlap: lease renewals, progress and the Cancel button waited for the run to end).
 * - SQLite: `where` as it is (one writer at a time; nothing is locked across statements).
 */
export function takingFromAttempt(db: Db, where: Expression<SqlBool>): Expression<SqlBool> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return where;
  return sql<SqlBool>`id in (select id from jobs where state = 'running' and ${where} for update)`;
}
