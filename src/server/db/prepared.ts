import { createHash } from 'node:crypto';
import {
  type Compilable,
  type CompiledQuery,
  PostgresAdapter,
  type QueryResult,
  type RootOperationNode,
} from 'kysely';
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
 * On PostgreSQL the query runs as a **named prepared statement** (node-postgres `{ name, text }`): each
 * connection parses and analyses its text once, and PostgreSQL may keep a generic plan after a few runs,
 * instead of planning every run of an unnamed statement (35–45 % of the hot statements' time in the cluster
 * bench). The name is a hash of the SQL text, so every process and connection names a text alike, and a
 * new text (a new release's query) gets a new name. A migration that changes what a prepared `select *`
 * returns under a live connection makes PostgreSQL refuse the old statement (`0A000`, "cached plan must
 * not change result type"): the query then takes a new name, which every connection prepares anew, and
 * is run again at once when it was not inside a transaction (inside one, the transaction is aborted and
 * its caller sees the error, as for any failed statement; the next run prepares the new name).
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
      const hash = adapter instanceof PostgresAdapter ? textHash(compiled.sql) : null;
      t = { compiled, slots, hash, generation: 0 };
      byAdapter.set(adapter, t);
    }
    return t;
  }

  async function execute(db: Db, args: A): Promise<QueryResult<O>> {
    const t = template(db);
    const parameters = t.slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
    const run = () =>
      db.executeQuery<O>({
        query: t.compiled.query as RootOperationNode,
        queryId: t.compiled.queryId,
        sql: t.hash === null ? t.compiled.sql : namedStatement(t),
        parameters,
      });
    if (t.hash === null) return run();
    return runRenaming(db, t, run);
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
  /** PostgreSQL: the hash of the SQL text its statement names are made of (null on SQLite). */
  hash: string | null;
  /** Bumped when PostgreSQL refuses the statement after a schema change: part of the name. */
  generation: number;
}

/**
 * Runs `run` (the statement under `t`'s name); when PostgreSQL refuses it because the schema changed under a
 * prepared `select *`, names it anew and runs it again outside a transaction (see `prepared`).
 */
async function runRenaming<O>(db: Db, t: Template, run: () => Promise<QueryResult<O>>) {
  const generation = t.generation;
  try {
    return await run();
  } catch (err) {
    if ((err as { code?: unknown }).code !== RESULT_TYPE_CHANGED) throw err;
    // The statement was prepared before the schema changed: prepare it under a new name from now on.
    if (t.generation === generation) t.generation++;
    if (db.isTransaction) throw err;
    return run();
  }
}

/** The texts `runNamed` has named, by text (a bounded number: past it, statements run unnamed). */
const namedTexts = new Map<string, Template>();
const MAX_NAMED_TEXTS = 200;

/**
 * A compiled query run as a named prepared statement on PostgreSQL (as `prepared` runs its queries), for a
 * hot statement whose SQL is one of a few fixed texts but which cannot be built from placeholder arguments —
 * its values are built per call (a JSON array of rows, say) and its text depends on which parts it has. The
 * name is a hash of the text, so each distinct text is prepared once per connection. The caller must bind
 * every value (no value written into the text), or each run makes a new text: past `MAX_NAMED_TEXTS`
 * distinct texts in a process, statements run unnamed. SQLite: run as it is.
 */
export function runNamed<O>(db: Db, query: CompiledQuery<O>): Promise<QueryResult<O>> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return db.executeQuery(query);
  let t = namedTexts.get(query.sql);
  if (!t) {
    if (namedTexts.size >= MAX_NAMED_TEXTS) return db.executeQuery(query);
    t = { compiled: query, slots: [], hash: textHash(query.sql), generation: 0 };
    namedTexts.set(query.sql, t);
  }
  const template = t;
  return runRenaming(db, template, () => db.executeQuery<O>({ ...query, sql: namedStatement(template) }));
}

/**
 * A query built per call (a list's filters, sort and page), run as `runNamed` runs a compiled one: on
 * PostgreSQL each distinct text is parsed once per connection and may keep a generic plan, instead of being
 * planned on every call (the list pages planned 0.2–0.4 ms per statement for 0.02–0.05 ms of executing). Its
 * values must all be bound, as for `runNamed`: Kysely binds every value of a `where`, `in` list, `limit` and
 * `offset`, so a text varies only with the query's shape (which filters, which sort, how long an `in` list).
 */
export async function namedRows<O>(db: Db, query: Compilable<O>): Promise<O[]> {
  return (await runNamed(db, query.compile())).rows;
}

const textHash = (text: string) => createHash('sha1').update(text).digest('base64url').slice(0, 20);

/** PostgreSQL's `feature_not_supported`, which is what "cached plan must not change result type" raises. */
const RESULT_TYPE_CHANGED = '0A000';

/**
 * The SQL handed to Kysely's PostgreSQL connection, which passes it to node-postgres' `client.query(sql,
 * values)` untouched: an object with `text` and `name` there is a query config, so the statement is
 * prepared under that name (once per connection) and then only bound and executed. It reads as its text
 * anywhere a string is expected (logs, errors).
 */
function namedStatement(t: Template): string {
  const text = t.compiled.sql;
  const name = `x${t.hash}_${t.generation}`;
  return { text, name, toString: () => text } as unknown as string;
}
