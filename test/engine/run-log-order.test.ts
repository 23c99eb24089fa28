import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob, enqueue, getRun, registerJobs, Worker } from '../../src/server/modules/engine/index.js';
import { useOffice } from '../support/fixtures.js';
import { dialects, useTestContext } from '../support/test-db.js';

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
  const ctx = useTestContext(dialect);
  const seed = useOffice(ctx);

  it('reads a run’s log lines back in the order they were written, even within one millisecond', async () => {
    const { id } = await enqueue(ctx, ctx.db, chatty, {}, { officeId: seed.office.id });
    expect(await new Worker(ctx).runOnce()).toBe(1);
    const run = await getRun(ctx, seed.office.id, id);
    expect(run.logs.map((l) => l.message)).toEqual(Array.from({ length: LINES }, (_, i) => `linha ${i + 1}`));
  });
});
