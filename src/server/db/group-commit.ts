import { type Kysely, sql, type Transaction } from 'kysely';
import type { DialectName } from './database.js';
import type { Database } from './schema.js';

/**
 * **The one way to open a write transaction** (CONVENTIONS: one transaction per use case, with its audit
 * entry): `writeTransaction(ctx, async (trx) => { ... })`, never `ctx.db.transaction().execute(...)`.
 * It is a plain transaction on PostgreSQL and a group-committed one on SQLite, so a use case written with
 * it is correct and fast on both dialects. The only direct `db.transaction()` calls left are the group
 * committer's own, the engine worker's fenced job transactions (`worker.ts`: they lock the job row first)
 * and a read that needs `set local` (`tickets.repo.ts`, the serial count); none of them is a use case.
 *
 * Group commit for the embedded SQLite database.
 *
 * SQLite has one writer, and on it most of a short write transaction's cost is the COMMIT: writing every
 * B-tree page the transaction touched to the WAL. When several requests write at once, `writeTransaction`
 * runs them back to back inside one SQLite transaction, each in its own savepoint, and commits them
 * together: the pages they share (the same index leaves, the same counters) are written once.
 *
 * The guarantees are a plain transaction's:
 * - a member's promise resolves only after the COMMIT that holds its writes has returned;
 * - a member that throws is rolled back to its savepoint and rejected with its own error; the others
 *   go on;
 * - if the COMMIT itself fails, every member of the group is rejected with that error and nothing of
 *   theirs is written;
 * - members run in arrival order and each sees the writes of those before it, exactly as if they had run
 *   one after the other.
 *
 * Nobody waits for a group to fill: a group is whatever arrived while the previous one ran, or in the
 * same turn of the event loop as its first member, so a lone request commits one turn later. On PostgreSQL, which commits concurrent transactions on separate connections,
 * `writeTransaction` is a plain transaction.
 *
 * A member must do all its work through the transaction it is given (as in any transaction here: the
 * SQLite connection is the group's until it commits).
 */
export function writeTransaction<T>(
  ctx: { db: Kysely<Database>; dialect: DialectName },
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (ctx.dialect !== 'sqlite') return ctx.db.transaction().execute(fn);
  let group = groups.get(ctx.db);
  if (!group) {
    group = new GroupCommitter(ctx.db);
    groups.set(ctx.db, group);
  }
  return group.run(fn);
}

/** How many transactions and commits a database's group committer has run (tests and benchmarks). */
export function groupCommitStats(db: Kysely<Database>): { members: number; commits: number } {
  const group = groups.get(db);
  return { members: group?.members ?? 0, commits: group?.commits ?? 0 };
}

/** The most members one COMMIT carries: bounds how long a group holds the connection. */
const MAX_GROUP = 64;

const groups = new WeakMap<Kysely<Database>, GroupCommitter>();

interface Member {
  fn: (trx: Transaction<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

class GroupCommitter {
  private readonly queue: Member[] = [];
  private running = false;
  members = 0;
  commits = 0;

  constructor(private readonly db: Kysely<Database>) {}

  run<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (this.running) return;
      // Start on the next turn of the event loop, not now: better-sqlite3 is synchronous, so a member runs
      // to its COMMIT within one callback, and requests that arrived with it (the same poll of the sockets)
      // would each commit alone. Waiting for the check phase lets them join this group and share its
      // COMMIT: one event-loop turn of latency for a lone writer.
      this.running = true;
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) await this.commitGroup();
    } finally {
      this.running = false;
    }
  }

  /** Runs the queued members in one transaction, then answers them after its COMMIT. */
  private async commitGroup(): Promise<void> {
    const done: Array<{ member: Member; value: unknown }> = [];
    let current: Member | undefined;
    try {
      await this.db.transaction().execute(async (trx) => {
        while (this.queue.length > 0 && done.length < MAX_GROUP) {
          const member = this.queue.shift() as Member;
          current = member;
          await sql`savepoint group_member`.execute(trx);
          let value: unknown;
          try {
            value = await member.fn(trx);
          } catch (error) {
            // Undo this member only. If even that fails, SQLite has aborted the whole transaction: the
            // throw below rejects everyone in the group, this member included.
            await sql`rollback to group_member`.execute(trx);
            await sql`release group_member`.execute(trx);
            current = undefined;
            member.reject(error); // nothing of it is written: it may hear at once
            continue;
          }
          await sql`release group_member`.execute(trx);
          current = undefined;
          done.push({ member, value });
        }
      });
    } catch (error) {
      current?.reject(error);
      for (const { member } of done) member.reject(error);
      return;
    }
    this.commits += 1;
    this.members += done.length;
    for (const { member, value } of done) member.resolve(value);
  }
}
