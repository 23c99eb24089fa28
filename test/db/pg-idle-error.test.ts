/**
 * A pooled PostgreSQL connection that fails while idle (the server restarted, an administrator ended it)
 * is reported and replaced; it must not end the process as an unhandled 'error' event.
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
});
