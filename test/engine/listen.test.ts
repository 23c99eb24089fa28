import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase } from '../../src/server/db/database.js';
import { defineJob, getRun, registerJobs, Worker } from '../../src/server/modules/engine/index.js';
import { insertJob } from '../../src/server/modules/engine/sql/enqueue-job.js';
import { createTestContext, type TestContext } from '../support/test-db.js';

registerJobs([defineJob({ kind: 'test.notified', payload: z.object({}), async run() {} })]);

describe('LISTEN/NOTIFY on postgres', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext('postgres');
  });
  afterAll(async () => ctx.destroy());

  it('wakes an idle worker at once when another process enqueues', async () => {
    const worker = new Worker({ ...ctx, clock: { now: () => new Date() } }, { pollIntervalMs: 600_000 });
    worker.start();
    await new Promise((r) => setTimeout(r, 500)); // idle, waiting on its (long) poll
    const other = openDatabase({ databaseUrl: ctx.config.databaseUrl!, poolSize: 1 });
    const now = new Date().toISOString();
    const id = '01a20000-0000-7000-8000-00000000abcd';
    await insertJob(
      other.db,
      'postgres',
      {
        id,
        office_id: null,
        kind: 'test.notified',
        payload: '{}',
        pool: 'default',
        priority: 0,
        state: 'queued',
        run_at: now,
        attempts: 0,
        max_attempts: 3,
        unique_key: null,
        attempt_id: null,
        locked_by: null,
        locked_until: null,
        cancel_requested: 0,
        progress: 0,
        progress_message: null,
        progress_message_en: null,
        result: null,
        error: null,
        requested_by: null,
        schedule_id: null,
        created_at: now,
        started_at: null,
        finished_at: null,
        updated_at: now,
      },
      'keep',
    );
    await other.destroy();
    let state = '';
    for (let i = 0; i < 50 && state !== 'succeeded'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await getRun(ctx, null, id)).state;
    }
    await worker.stop(1000);
    expect(state).toBe('succeeded');
  });
});
