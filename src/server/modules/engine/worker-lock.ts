import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

/**
 * SQLite: one lock per database file that the process running its workers holds for as long as it runs
 * them — an exclusive lock on a small companion file (`<database>-workers.lock`), taken through SQLite
 * (`locking_mode = EXCLUSIVE`, an open `BEGIN EXCLUSIVE`), so the operating system releases it when the
 * process ends, however it ends (kill -9 included). A process that takes it knows that every process that
 * ran workers on the file before it is gone; a second process on the same file (unsupported, but possible)
 * does not get it and relies on heartbeats and leases instead.
 */
interface Held {
  lock: SQLite.Database;
  users: number;
}
const held = new Map<string, Held>();

/** The main database file of a SQLite connection (null for an in-memory one). */
async function databaseFile(db: Db): Promise<string | null> {
  const { rows } = await sql<{
    file: string;
  }>`select file from pragma_database_list where name = 'main'`.execute(db);
  return rows[0]?.file || null;
}

export interface WorkerLock {
  /** True when this call took the lock: no earlier process's worker is alive. */
  fresh: boolean;
  release(): void;
}

/**
 * Takes (or shares, within this process) the worker lock of `db`'s file. Resolves null when another
 * process holds it.
 */
export async function acquireWorkerLock(db: Db): Promise<WorkerLock | null> {
  const file = await databaseFile(db);
  if (!file) return null;
  let entry = held.get(file);
  let fresh = false;
  if (!entry) {
    const lock = new SQLite(`${file}-workers.lock`);
    try {
      lock.pragma('busy_timeout = 0');
      lock.pragma('locking_mode = EXCLUSIVE');
      lock.exec('begin exclusive');
    } catch {
      lock.close();
      return null;
    }
    entry = { lock, users: 0 };
    held.set(file, entry);
    fresh = true;
  }
  entry.users++;
  let released = false;
  const e = entry;
  return {
    fresh,
    release() {
      if (released) return;
      released = true;
      if (--e.users > 0) return;
      held.delete(file);
      e.lock.close();
    },
  };
}
