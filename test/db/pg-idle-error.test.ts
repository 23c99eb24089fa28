/**
 * A pooled PostgreSQL connection that fails, idle or in use (the server restarted, an administrator ended
 * it), is reported once and replaced; it must not end the process as an unhandled 'error' event.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/server/db/database.js';
import { createTestContext, type TestContext } from '../support/test-db.js';

describe('PostgreSQL pool', () => {
  let t: TestContext;
  let handle: DatabaseHandle;
  const idleErrors: Error[] = [];

  beforeAll(async () => {
    t = await createTestContext('postgres');
    handle = openDatabase({
      databaseUrl: t.config.databaseUrl,
      poolSize: 2,
      onIdleError: (e) => idleErrors.push(e),
    });
  });
  afterAll(async () => {
    await handle.destroy();
    await t.destroy();
  });

  it('reports an idle connection an administrator ended, and goes on with a new one', async () => {
    const pid = async () =>
      (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db)).rows[0]!.pid;
    const first = await pid();
    // From another connection, while the pool's connection sits idle.
    await sql`select pg_terminate_backend(${first})`.execute(t.db);
    await expect.poll(() => idleErrors.length).toBe(1);
    expect(idleErrors[0]?.message).toMatch(/terminating connection/);
    const second = await pid();
    expect(second).not.toBe(first);
  });

  it('survives a connection ended while in use between statements (a restart mid-transaction)', async () => {
    idleErrors.length = 0;
    const failed = handle.db
      .transaction()
      .execute(async (trx) => {
        const { pid } = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!;
        // Ended while this transaction holds its connection and runs no statement: the client emits
        // 'error' outside any query, which the pool does not listen for on a connection in use.
        await sql`select pg_terminate_backend(${pid})`.execute(t.db);
        await expect.poll(() => idleErrors.length).toBe(1);
        await sql`select 1`.execute(trx);
      })
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(await failed).toBeInstanceOf(Error);
    expect(idleErrors[0]?.message).toMatch(/terminating connection/);
    // The broken connection was discarded; the next statement gets a good one.
    const ok = await sql<{ one: number }>`select 1 as one`.execute(handle.db);
    expect(ok.rows[0]!.one).toBe(1);
  });
});
