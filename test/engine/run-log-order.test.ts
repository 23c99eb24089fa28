import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob, enqueue, getRun, registerJobs, Worker } from '../../src/server/modules/engine/index.js';
import { seedOffice } from '../support/fixtures.js';
import { createTestContext, dialects, type TestContext } from '../support/test-db.js';

const LINES = 40;

/** Logs many lines within one millisecond (the clock is fake), half of them without awaiting each insert. */
const chatty = defineJob({
  kind: 'test.chatty',
  payload: z.object({}),
  async run(_p, ctx) {
    for (let i = 1; i <= LINES / 2; i++) await ctx.logLine('info', `linha ${i}`);
    await Promise.all(
      Array.from({ length: LINES / 2 }, (_, i) => ctx.logLine('info', `linha ${LINES / 2 + i + 1}`)),
    );
    return null;
  },
});
registerJobs([chatty]);

describe.each(dialects)('run log order on %s', (dialect) => {
  let ctx: TestContext;
  let officeId: string;

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    officeId = (await seedOffice(ctx)).office.id;
  });
  afterAll(async () => ctx.destroy());

  it('reads a run’s log lines back in the order they were written, even within one millisecond', async () => {
    const { id } = await enqueue(ctx, ctx.db, chatty, {}, { officeId });
    expect(await new Worker(ctx).runOnce()).toBe(1);
    const run = await getRun(ctx, officeId, id);
    expect(run.logs.map((l) => l.message)).toEqual(Array.from({ length: LINES }, (_, i) => `linha ${i + 1}`));
  });
});
