/**
 * The attempt fence (engine/attempt-fence.ts): `ctx.holdsJob` names the attempt that runs the job
 * (`attemptOfFence`), so that a statement written for many attempts can fence each row by those ids — and the
 * ids are the ones the fence itself tests: true while the job runs under that attempt, false once the job is
 * taken from it.
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { attemptOfFence } from '../../src/server/modules/engine/attempt-fence.js';
import { defineJob, enqueue, registerJobs, Worker } from '../../src/server/modules/engine/index.js';
import { createTestContext, dialects, type TestContext } from '../support/test-db.js';

interface Seen {
  jobId: string;
  named: { jobId: string; attemptId: string } | undefined;
  rowAttempt: string | null;
  heldWhileRunning: boolean;
  fence: Expression<SqlBool>;
}
const seen: Seen[] = [];

const holds = async (ctx: TestContext, fence: Expression<SqlBool>) =>
  !!(await ctx.db.selectNoFrom(sql<number>`1`.as('one')).where(fence).executeTakeFirst());

let testCtx: TestContext;

const probe = defineJob({
  kind: 'test.attempt-fence',
  payload: z.object({}),
  async run(_payload, ctx) {
    const row = await ctx.app.db
      .selectFrom('jobs')
      .select('attempt_id')
      .where('id', '=', ctx.job.id)
      .executeTakeFirstOrThrow();
    seen.push({
      jobId: ctx.job.id,
      named: attemptOfFence(ctx.holdsJob),
      rowAttempt: row.attempt_id,
      heldWhileRunning: await holds(testCtx, ctx.holdsJob),
      fence: ctx.holdsJob,
    });
    return null;
  },
});
registerJobs([probe]);

describe.each(dialects)('the attempt fence on %s', (dialect) => {
  beforeAll(async () => {
    testCtx = await createTestContext(dialect);
  });
  afterAll(async () => {
    await testCtx.destroy();
  });

  it('names the attempt it tests, and holds only while the job runs under it', async () => {
    seen.length = 0;
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await enqueue(testCtx, testCtx.db, probe, {})).id);
    expect(await new Worker(testCtx, { concurrency: 3 }).runOnce()).toBe(3);
    expect(seen.map((s) => s.jobId).sort()).toEqual([...ids].sort());
    for (const s of seen) {
      expect(s.rowAttempt).toEqual(expect.any(String));
      expect(s.named).toEqual({ jobId: s.jobId, attemptId: s.rowAttempt });
      expect(s.heldWhileRunning).toBe(true);
      // Finished: the job no longer runs under that attempt.
      expect(await holds(testCtx, s.fence)).toBe(false);
    }
    // Attempts differ from job to job; a condition the engine did not make names no attempt.
    expect(new Set(seen.map((s) => s.named!.attemptId)).size).toBe(3);
    expect(attemptOfFence(sql<SqlBool>`true`)).toBeUndefined();
  });
});
