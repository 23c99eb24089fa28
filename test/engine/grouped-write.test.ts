/**
 * Grouped success writes (engine/grouped-write.ts): written with the job's finish — on PostgreSQL in the
 * statement that finishes the jobs finishing together, on SQLite in their finishing transaction — and, when
 * one job's write fails, the others' effects and finishes still go through, job by job.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defineJob,
  enqueue,
  type GroupedWrite,
  getRun,
  groupedWrite,
  registerJobs,
  Worker,
} from '../../src/server/modules/engine/index.js';
import { createTestContext, dialects, type TestContext } from '../support/test-db.js';

/** An effect per job: a `job_logs` line `effect <key>`, under the job's fence. */
const effects: GroupedWrite<{ key: string; jobId: string; at: string }> = {
  one: (db, r, fence) =>
    db
      .insertInto('job_logs')
      .columns(['id', 'job_id', 'at', 'level', 'message'])
      .expression(
        db
          .selectNoFrom([
            sql<string>`${`${r.jobId}:effect`}`.as('id'),
            sql<string>`${r.jobId}`.as('job_id'),
            sql<string>`${r.at}`.as('at'),
            sql<string>`${'info'}`.as('level'),
            sql<string>`${`effect ${r.key}`}`.as('message'),
          ])
          .where(fence),
      )
      .execute(),
  many: (rows, finished) =>
    sql`insert into job_logs (id, job_id, at, level, message)
      select s."jobId" || ':effect', s."jobId", s.at, 'info', 'effect ' || s.key
      from jsonb_to_recordset(cast(${JSON.stringify(rows.map((r) => r.row))} as jsonb))
        as s(key text, "jobId" text, at text)
      where s."jobId" in (${finished})`,
};

/** A write that always fails (a table that does not exist). */
const broken: GroupedWrite<null> = {
  one: (db) => sql`update no_such_table set x = 1`.execute(db),
  many: () => sql`update no_such_table set x = 1`,
};

const grouped = defineJob({
  kind: 'test.grouped-write',
  payload: z.object({ key: z.string() }),
  maxAttempts: 3,
  backoff: { baseMs: 10_000, maxMs: 60_000 },
  async run({ key }, ctx) {
    const row = { key, jobId: ctx.job.id, at: ctx.clock.now().toISOString() };
    ctx.onSuccess(groupedWrite(effects, row, ctx.holdsJob));
    if (key === 'broken') ctx.onSuccess(groupedWrite(broken, null, ctx.holdsJob));
    return { key };
  },
});
registerJobs([grouped]);

let statements = 0;
const query = pg.Client.prototype.query;

describe.each(dialects)('grouped success writes on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      statements++;
      console.log(
        'Q',
        String((args[0] as { text?: string })?.text ?? args[0])
          .slice(0, 150)
          .replace(/\s+/g, ' '),
      );
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
  });
  afterEach(() => {
    statements = 0;
  });
  afterAll(async () => {
    pg.Client.prototype.query = query;
    await ctx.destroy();
  });

  const effectsOf = async (ids: string[]) =>
    (
      await ctx.db
        .selectFrom('job_logs')
        .select(['job_id', 'message'])
        .where('job_id', 'in', ids)
        .where('message', 'like', 'effect %')
        .execute()
    ).map((r) => `${r.job_id} ${r.message}`);

  it('writes the effects of the jobs finishing together with their finish', async () => {
    const ids = [];
    for (const key of ['a', 'b', 'c', 'd']) ids.push((await enqueue(ctx, ctx.db, grouped, { key })).id);
    const worker = new Worker(ctx, { concurrency: 4 });
    statements = 0;
    expect(await worker.runOnce()).toBe(4);
    // PostgreSQL: the two rescue checks, the claim, one statement finishing the four and writing their
    // effects, and the empty claim that ends runOnce.
    if (dialect === 'postgres') expect(statements).toBe(5);
    for (const id of ids) expect((await getRun(ctx, null, id))?.state).toBe('succeeded');
    expect((await effectsOf(ids)).sort()).toEqual(ids.map((id, i) => `${id} effect ${'abcd'[i]}`).sort());
  });

  it("fails only the job whose write fails; the others' effects and finishes go through", async () => {
    const ids = [];
    for (const key of ['x', 'broken', 'y']) ids.push((await enqueue(ctx, ctx.db, grouped, { key })).id);
    await new Worker(ctx, { concurrency: 3 }).runOnce();
    const [x, bad, y] = await Promise.all(ids.map((id) => getRun(ctx, null, id)));
    expect(x?.state).toBe('succeeded');
    expect(y?.state).toBe('succeeded');
    // Back in the queue for its next attempt, with no effect written.
    expect(bad).toMatchObject({ state: 'queued', attempts: 1 });
    expect((await effectsOf(ids)).sort()).toEqual([`${ids[0]} effect x`, `${ids[2]} effect y`].sort());
  });
});
