import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  type Dialect,
  Kysely,
  PostgresDialect,
  type SqliteDatabase,
  SqliteDialect,
  type Transaction,
} from 'kysely';
import type Pg from 'pg';
import { lazyRequire } from '../lazy-require.js';
import type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

/** Either the root handle or an open transaction: repositories accept both. */
export type Db = Kysely<Database> | Transaction<Database>;

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  destroy(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, the embedded SQLite file is used. */
  databaseUrl?: string | undefined;
  /** Directory that holds `expediente.sqlite` (SQLite only). */
  dataDir?: string;
  /** SQLite file path, overriding `dataDir` (tests use a temporary file). */
  sqliteFile?: string;
  poolSize?: number;
  /**
   * A pooled PostgreSQL connection failed (the server restarted, an administrator ended it), idle or in use:
   * the pool drops it and opens another when needed. Without a handler the error would end the process.
   */
  onIdleError?: (err: Error) => void;
}

/**
 * The PostgreSQL driver, loaded only when a process uses PostgreSQL (the embedded SQLite default never
 * does: ~15 MB of idle memory saved, docs/benchmarks.md).
 */
export const pgDriver = lazyRequire<typeof Pg>('pg');
let pgConfigured = false;
function pg(): typeof Pg {
  const driver = pgDriver();
  if (!pgConfigured) {
    // COUNT(*) and SUM() come back as int8 text from pg; the values we count fit in a double.
    driver.types.setTypeParser(driver.types.builtins.INT8, (v) => Number.parseInt(v, 10));
    pgConfigured = true;
  }
  return driver;
}

/**
 * Opens the database: PostgreSQL when a URL is given, otherwise one SQLite file in WAL mode with
 * foreign keys on. SQLite runs on one connection; Kysely serialises its use, so transactions in
 * one process never meet SQLITE_BUSY, and `busy_timeout` covers a second process (a CLI command).
 */
export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  let dialect: Dialect;
  let name: DialectName;
  let pool: Pg.Pool | null = null;
  if (options.databaseUrl) {
    name = 'postgres';
    pool = new (pg().Pool)({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    const onError = (err: Error) => options.onIdleError?.(err);
    // The pool re-emits an idle client's error; the client's own listener (below) has reported it already.
    pool.on('error', () => {});
    // A connection in use but between statements (a transaction doing its JavaScript, a claim awaiting its
    // next step) that the server ends — a restart ends every session with 57P01 — emits 'error' on its
    // client, which the pool listens for only while the client is idle: unheard, it would end the process.
    // Heard, the client's next statement fails, the failure reaches its caller, and the pool discards the
    // client when it is released (it is no longer queryable).
    pool.on('connect', (client) => client.on('error', onError));
    dialect = new PostgresDialect({ pool });
  } else {
    name = 'sqlite';
    let file = options.sqliteFile;
    if (!file) {
      const dir = options.dataDir ?? './data';
      mkdirSync(dir, { recursive: true });
      file = join(dir, 'expediente.sqlite');
    }
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 10000');
    // Savepoints (writeTransaction's group commit) keep their undo pages in memory, not in a temp file.
    sqlite.pragma('temp_store = MEMORY');
    // Lets the planner use fresh statistics (SQLite's recommended call at connection open). The
    // ANALYZE it may run (the first start on a loaded file, or once a table has grown tenfold) reads at
    // most ~400 rows per index (SQLite's recommended analysis_limit), but still touches tens of MB of
    // pages. It runs under a 2 MiB page cache, so those pages are recycled instead of kept: under the
    // 64 MiB cache it left 65 MB the server then held idle (`shrink_memory` got only half of it back
    // from the allocator), and the bench's first start measured 170–200 MB instead of 135
    // (docs/benchmarks.md, idle RSS).
    sqlite.pragma('cache_size = -2048');
    sqlite.pragma('analysis_limit = 400');
    sqlite.pragma('optimize = 0x10002');
    sqlite.pragma('cache_size = -65536'); // 64 MiB of page cache (the default 2 MiB is small for 100k clients)
    dialect = new SqliteDialect({ database: withStatementCache(sqlite) });
  }
  const db = new Kysely<Database>({ dialect });
  poolStatsOf.set(
    db,
    pool
      ? () => ({
          size: pool.totalCount,
          idle: pool.idleCount,
          waiting: pool.waitingCount,
          max: pool.options.max ?? 10,
        })
      : () => ({ size: 1, idle: null, waiting: null, max: 1 }),
  );
  return { db, dialect: name, destroy: () => db.destroy() };
}

/** The connection pool's use, for `/metrics`. SQLite has one connection; its use is not tracked. */
export interface PoolStats {
  /** Connections open. */
  size: number;
  /** Open and unused (PostgreSQL). */
  idle: number | null;
  /** Queries waiting for a connection (PostgreSQL). */
  waiting: number | null;
  /** The pool's limit. */
  max: number;
}

const poolStatsOf = new WeakMap<Kysely<Database>, () => PoolStats>();

/** The pool behind a handle opened by `openDatabase`; null for another Kysely instance. */
export function poolStats(db: Kysely<Database>): PoolStats | null {
  return poolStatsOf.get(db)?.() ?? null;
}

/** A ROLLBACK with nothing to roll back (see `withStatementCache`): runs as a no-op. */
const rolledBack = {
  reader: false,
  run: () => ({ changes: 0, lastInsertRowid: 0 }),
} as unknown as SQLite.Statement;

/**
 * Keeps the most recently used prepared statements. Kysely prepares every statement on every query, and
 * with better-sqlite3 the prepare (parsing and planning the SQL) costs about as much as running a small
 * query. Statements are keyed by their SQL text; a statement still being iterated (`busy`) is never handed
 * out twice — a fresh one is prepared instead.
 */
export function withStatementCache(sqlite: SQLite.Database, size = 1000): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      // SQLite rolls a transaction back by itself on some errors (SQLITE_FULL: the disk is full; IOERR,
      // NOMEM, INTERRUPT). Kysely then sends its own ROLLBACK, which would fail with "no transaction is
      // active" and hide the error that matters: with no transaction open there is nothing to roll back.
      if (!sqlite.inTransaction && /^\s*rollback\b/i.test(sqlText)) return rolledBack;
      const hit = cache.get(sqlText);
      if (hit) {
        if (hit.busy) return sqlite.prepare(sqlText);
        cache.delete(sqlText); // most recently used last
        cache.set(sqlText, hit);
        return hit;
      }
      const stmt = sqlite.prepare(sqlText);
      cache.set(sqlText, stmt);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
      return stmt;
    },
  };
}
