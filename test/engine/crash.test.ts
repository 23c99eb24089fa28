import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue, getRun, Worker } from '../../src/server/modules/engine/index.js';
import { rescueExpiredLeases } from '../../src/server/modules/engine/sql/rescue-expired.js';
import { createTestContext, dialects, type TestContext } from '../support/test-db.js';
import { crashy } from './fixtures/crashy.job.js';

function startWorkerProcess(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; effect: Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'fixtures/crash-worker.ts')],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  let effectSeen!: () => void;
  const effect = new Promise<void>((r) => {
    effectSeen = r;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('READY')) resolve({ child, effect });
      if (out.includes('EFFECT_WRITTEN')) effectSeen();
    });
  });
}

describe.each(dialects)('a worker killed mid-job on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(dialect);
  });
  afterAll(async () => ctx.destroy());

  it('the job completes exactly once after its lease expires, its effect written once', async () => {
    const { id } = await enqueue(ctx, ctx.db, crashy, { key: `k-${dialect}` });
    const env: Record<string, string> =
      dialect === 'sqlite'
        ? { SQLITE_FILE: join(ctx.config.dataDir, 'test.sqlite') }
        : { DATABASE_URL: ctx.config.databaseUrl! };
    const { child, effect } = await startWorkerProcess(env);
    await effect;
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const crashed = await getRun(ctx, null, id);
    expect(crashed).toMatchObject({ state: 'running', attempts: 1 });

    // Before the lease expires nothing is rescued; after it, another worker finishes the job.
    ctx.clock.set(new Date(Date.now() + 200));
    expect(await rescueExpiredLeases(ctx.db, ctx.clock.now())).toBe(0);
    ctx.clock.set(new Date(Date.now() + 5_000));
    await new Worker(ctx).runOnce();

    const run = await getRun(ctx, null, id);
    expect(run).toMatchObject({ state: 'succeeded', attempts: 2, result: { key: `k-${dialect}` } });
    const effects = await ctx.db
      .selectFrom('job_logs')
      .select('id')
      .where('message', '=', `effect k-${dialect}`)
      .execute();
    expect(effects).toHaveLength(1);
  });
});
