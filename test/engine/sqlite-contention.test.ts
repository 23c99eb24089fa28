import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateCnpj } from '../../src/server/modules/br/index.js';
import { defineJob, enqueue, registerJobs, Worker } from '../../src/server/modules/engine/index.js';
import { createTestApp, loginAs } from '../support/test-app.js';
import { writeEffect } from './effects.js';

const writer = defineJob({
  kind: 'test.writer',
  payload: z.object({ n: z.number() }),
  async run({ n }, ctx) {
    await ctx.tx((trx) => writeEffect(trx, ctx, `write ${n}`, `w-${ctx.job.id}`));
  },
});
registerJobs([writer]);

describe('SQLite under write contention from the API and workers', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(async () => t.close());

  it('no SQLITE_BUSY reaches a user: every concurrent write succeeds', async () => {
    const session = await loginAs(t.app, 'admin@a.com.br');
    await t.ctx.db.transaction().execute(async (trx) => {
      for (let n = 0; n < 400; n++) await enqueue(t.ctx, trx, writer, { n });
    });
    const worker = new Worker(t.ctx, { concurrency: 8, pollIntervalMs: 5 });
    worker.start();
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const responses = await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        session.request({
          method: 'POST',
          url: '/api/clients',
          payload: { legalName: `Concorrente ${i} Ltda`, document: generateCnpj({ random }) },
        }),
      ),
    );
    const finished = async () =>
      (
        await t.ctx.db
          .selectFrom('jobs')
          .select('id')
          .where('kind', '=', 'test.writer')
          .where('state', 'in', ['queued', 'running'])
          .execute()
      ).length === 0;
    for (let i = 0; i < 400 && !(await finished()); i++) await new Promise((r) => setTimeout(r, 50));
    await worker.stop(1000);
    expect(responses.map((r) => r.statusCode).filter((s) => s !== 201)).toEqual([]);
    const done = await t.ctx.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', 'test.writer')
      .where('state', '=', 'succeeded')
      .execute();
    expect(done).toHaveLength(400);
  });
});
