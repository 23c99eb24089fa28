/**
 * Dead workers are found by their heartbeat, not by their jobs' leases: a worker whose heartbeat row
 * stopped is declared dead after a few intervals and its jobs are rescued at once, while a live worker
 * with a slow job (lease still valid, heartbeat fresh) is left alone; the dead worker, waking up, can no
 * longer finish the job it lost (fencing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob, enqueue, registerJobs, Worker } from '../../src/server/modules/engine/index.js';
import { claimJobs } from '../../src/server/modules/engine/sql/claim-jobs.js';
import { finishAttempt } from '../../src/server/modules/engine/sql/finish-job.js';
import { rescueDeadWorkers } from '../../src/server/modules/engine/sql/rescue-dead-workers.js';
import { createTestContext, dialects, type TestContext } from '../support/test-db.js';

const slow = defineJob({
  kind: 'test.dead-workers.slow',
  payload: z.object({ n: z.number() }),
  async run({ n }) {
    return { n };
  },
});
registerJobs([slow]);

describe.each(dialects)('dead workers on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(dialect);
  });
  afterAll(async () => ctx.destroy());

  const heartbeat = (id: string, at: Date) =>
    ctx.db
      .insertInto('workers')
      .values({
        id,
        pools: '["default"]',
        host: 'h',
        pid: 1,
        concurrency: 1,
        running: 1,
        processed: 0,
        started_at: at.toISOString(),
        last_seen_at: at.toISOString(),
      })
      .onConflict((oc) => oc.column('id').doUpdateSet({ last_seen_at: at.toISOString() }))
      .execute();

  it('rescues the jobs of a worker whose heartbeat stopped, not those of a live slow one', async () => {
    const t0 = new Date('2026-03-02T12:00:00.000Z');
    ctx.clock.set(t0);
    const a = await enqueue(ctx, ctx.db, slow, { n: 1 });
    const b = await enqueue(ctx, ctx.db, slow, { n: 2 });
    const claim = (workerId: string) =>
      claimJobs(ctx.db, dialect, { workerId, pools: ['default'], limit: 1, now: t0, leaseMs: 60_000 });
    await heartbeat('dead-worker', t0);
    await heartbeat('live-worker', t0);
    const [jobOfDead] = await claim('dead-worker');
    const [jobOfLive] = await claim('live-worker');
    expect(new Set([jobOfDead!.id, jobOfLive!.id])).toEqual(new Set([a.id, b.id]));

    // 10 s later: the live worker kept beating (its job is slow, its lease still valid); the dead one did not.
    const now = new Date(t0.getTime() + 10_000);
    ctx.clock.set(now);
    await heartbeat('live-worker', new Date(now.getTime() - 1_000));
    // A worker never declares its own process's workers dead.
    expect(await rescueDeadWorkers(ctx.db, now, 4_000, ['dead-worker'])).toBe(0);
    expect(await rescueDeadWorkers(ctx.db, now, 4_000)).toBe(1);

    const rows = await ctx.db
      .selectFrom('jobs')
      .select(['id', 'state', 'locked_by', 'attempt_id', 'error'])
      .where('id', 'in', [a.id, b.id])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(jobOfDead!.id)).toMatchObject({ state: 'queued', locked_by: null, attempt_id: null });
    expect(byId.get(jobOfDead!.id)!.error).toContain('declared dead');
    expect(byId.get(jobOfLive!.id)).toMatchObject({ state: 'running', locked_by: 'live-worker' });

    // The dead worker wakes up: its attempt no longer holds the job, so it cannot finish it.
    const stale = { jobId: jobOfDead!.id, attemptId: jobOfDead!.attempt_id! };
    expect(await finishAttempt(ctx.db, stale, { state: 'succeeded' })).toBe(false);

    // Another worker runs the rescued job at once (no lease to wait for).
    await new Worker(ctx).runOnce();
    const done = await ctx.db
      .selectFrom('jobs')
      .select(['state', 'attempts'])
      .where('id', '=', jobOfDead!.id)
      .executeTakeFirstOrThrow();
    expect(done).toEqual({ state: 'succeeded', attempts: 2 });
    await finishAttempt(
      ctx.db,
      { jobId: jobOfLive!.id, attemptId: jobOfLive!.attempt_id! },
      { state: 'succeeded' },
    );
  });
});
