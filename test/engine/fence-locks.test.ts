/**
 * PostgreSQL: what waits for an attempt's open `ctx.tx`, and what does not. The fence locks the job row
 * until the transaction commits. It used to be a share lock, which every UPDATE of the row conflicts
 * with: while a routine's batches were open — all the time, once several run at once — its heartbeat, its
 * progress and a user's cancel request all waited for the run to end (seen as a 10,000-client run whose
 * lease renewal sat in `wait_event = transactionid` behind a batch). The fence is now `FOR KEY SHARE`:
 * the attempt's own updates go through, and only what takes the job from the attempt (a rescue, a drain's
 * release) waits. SQLite locks nothing across statements (its one connection runs one transaction at a
 * time), so this is PostgreSQL's alone.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  cancelRun,
  defineJob,
  enqueue,
  registerJobs,
  Worker,
} from '../../src/server/modules/engine/index.js';
import { renewLease } from '../../src/server/modules/engine/sql/finish-job.js';
import { rescueExpiredLeases } from '../../src/server/modules/engine/sql/rescue-expired.js';
import { saveProgress } from '../../src/server/modules/engine/sql/save-progress.js';
import { deferred } from '../support/deferred.js';
import { createTestContext, type TestContext } from '../support/test-db.js';
import { writeEffect } from './effects.js';

const hold = { inside: deferred(), release: deferred(), finish: deferred() };

/** Opens its fenced transaction, writes an effect in it, keeps it open until released; returns when told. */
const holding = defineJob({
  kind: 'test.fence-holding',
  payload: z.object({}),
  leaseMs: 300_000, // heartbeats every 100 s: none runs during the test
  async run(_payload, ctx) {
    await ctx.tx(async (trx) => {
      await writeEffect(trx, ctx, 'effect');
      hold.inside.resolve();
      await hold.release.promise;
    });
    // The test lets the handler return once the rescue has run: otherwise its finish may take the row
    // first, the moment the transaction commits, and the attempt legitimately ends the job itself.
    await hold.finish.promise;
    return null;
  },
});
registerJobs([holding]);

/** Whether `p` settles within `ms` (a statement waiting on a row lock does not). */
async function settlesWithin<T>(p: Promise<T>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<false>((r) => {
    timer = setTimeout(() => r(false), ms);
  });
  const done = await Promise.race([p.then(() => true as const), waited]);
  clearTimeout(timer);
  return done;
}

/** Whether, within 10 s, a statement of this database waits on a lock held by another transaction. */
async function waitsOnRowLock(ctx: TestContext): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'
        and cardinality(pg_blocking_pids(pid)) > 0`.execute(ctx.db);
    if (rows[0]!.n > 0) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('the fence on PostgreSQL', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext('postgres');
  });
  afterAll(async () => ctx.destroy());

  it('lets the attempt beat, save progress and be asked to cancel while its ctx.tx is open; a rescue waits', async () => {
    const { id } = await enqueue(ctx, ctx.db, holding, {});
    const running = new Worker(ctx, { id: 'holder' }).runOnce();
    await hold.inside.promise;
    const row = await ctx.db
      .selectFrom('jobs')
      .select('attempt_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const attempt = { jobId: id, attemptId: row.attempt_id! };

    // The attempt's own updates do not wait for its open transaction.
    const beat = renewLease(ctx.db, attempt, ctx.clock.now(), 300_000);
    expect(await settlesWithin(beat, 10_000)).toBe(true);
    expect(await beat).toEqual({ held: true, cancelRequested: false });
    const progress = saveProgress(ctx.db, 'postgres', attempt, ctx.clock.now(), {
      percent: 40,
      message: 'x',
      messageEn: null,
    });
    expect(await settlesWithin(progress, 10_000)).toBe(true);
    expect(await progress).toBe(true); // written, not skipped
    const cancel = cancelRun(ctx, null, id);
    expect(await settlesWithin(cancel, 10_000)).toBe(true);
    expect(await cancel).toMatchObject({ state: 'running', cancelRequested: true, progress: 40 });

    // Taking the job from the attempt waits for the open transaction: its effect cannot commit after.
    ctx.clock.advance(301_000);
    const rescue = rescueExpiredLeases(ctx.db, ctx.clock.now());
    expect(await waitsOnRowLock(ctx)).toBe(true);
    expect(await settlesWithin(rescue, 200)).toBe(false);
    hold.release.resolve();
    expect(await rescue).toBe(1);
    hold.finish.resolve();
    // runOnce then claims the job again: the second attempt writes its effect and succeeds, and the first
    // attempt's finish, refused, changed nothing.
    await running;
    const effects = await ctx.db
      .selectFrom('job_logs')
      .select('id')
      .where('job_id', '=', id)
      .where('message', '=', 'effect')
      .orderBy('id')
      .execute();
    expect(effects.map((e) => e.id)).toEqual([`${id}:1`, `${id}:2`]);
    const job = await ctx.db
      .selectFrom('jobs')
      .select(['state', 'attempts'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(job).toEqual({ state: 'succeeded', attempts: 2 });
  });
});
