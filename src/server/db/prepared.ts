import type { Compilable, CompiledQuery, QueryResult, RootOperationNode } from 'kysely';
import type { Db } from './database.js';

/**
 * A hot query built and compiled by Kysely once per dialect, then run with new values: the query builder
 * (immutable, frozen nodes) and the compiler cost a few microseconds per statement, as much as SQLite takes
 * to run a primary-key read, on every call. `build` receives its arguments and must use each one as a bound
 * value (a `where`, a `set`, an inserted value — never an `in` list, a `null` comparison or `sql.lit`, which
 * change the SQL with the value); it runs once per dialect with placeholder values, and the SQL it compiles
 * to is reused with the caller's values in their places (SQLite's statement cache in `database.ts` then
 * reuses the prepared statement too). The project's Kysely has no plugins, so the compiled query is all
 * there is to a run.
 *
 * @example
 * const cardRow = prepared((db, officeId: string, id: string) =>
 *   db.selectFrom('process_cards').selectAll().where('office_id', '=', officeId).where('id', '=', id),
 * );
 * const [card] = await cardRow.rows(trx, officeId, cardId);
 */
export function prepared<A extends unknown[], O>(build: (db: Db, ...args: A) => Compilable<O>) {
  const byAdapter = new WeakMap<object, Template>();
  const arity = build.length - 1;

  function template(db: Db): Template {
    const adapter = db.getExecutor().adapter;
    let t = byAdapter.get(adapter);
    if (!t) {
      const marks = Array.from({ length: arity }, (_, i) => `\u0000prepared-argument-${i}\u0000`);
      const compiled = build(db, ...(marks as A)).compile();
      if (compiled.sql.includes('\u0000prepared-argument-'))
        throw new Error(`prepared query: an argument was written into the SQL itself: ${compiled.sql}`);
      const slots = compiled.parameters.map((v) => {
        const i = typeof v === 'string' ? marks.indexOf(v) : -1;
        return i >= 0 ? { arg: i } : { value: v };
      });
      for (let i = 0; i < arity; i++)
        if (!slots.some((s) => 'arg' in s && s.arg === i))
          throw new Error(`prepared query: argument ${i} is not a bound value in: ${compiled.sql}`);
      t = { compiled, slots };
      byAdapter.set(adapter, t);
    }
    return t;
  }

  function execute(db: Db, args: A): Promise<QueryResult<O>> {
    const { compiled, slots } = template(db);
    const parameters = slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
    const query: CompiledQuery<O> = {
      query: compiled.query as RootOperationNode,
      queryId: compiled.queryId,
      sql: compiled.sql,
      parameters,
    };
    return db.executeQuery(query);
  }

  return {
    /** The rows the query returns (none for a write without `returning`). */
    async rows(db: Db, ...args: A): Promise<O[]> {
      return (await execute(db, args)).rows;
    },
    /** The first row, or undefined. */
    async first(db: Db, ...args: A): Promise<O | undefined> {
      return (await execute(db, args)).rows[0];
    },
    /** Runs a write; returns the rows it changed (0 when the driver does not say). */
    async run(db: Db, ...args: A): Promise<number> {
      return Number((await execute(db, args)).numAffectedRows ?? 0);
    },
  };
}

interface Template {
  compiled: CompiledQuery;
  slots: ({ arg: number } | { value: unknown })[];
}
