/**
 * Recording providers' acceptances (`acceptances`, record-sent.ts) with their jobs' finish: each only over
 * the `sending` of its attempt's take and only while that attempt holds its job; on PostgreSQL the
 * acceptances of the deliveries finishing together ride in the one statement that finishes their jobs, and
 * only the jobs it does finish get theirs recorded.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { groupedWrite } from '../../src/server/modules/engine/index.js';
import { finishAttempts } from '../../src/server/modules/engine/sql/finish-job.js';
import { acceptances } from '../../src/server/modules/messaging/record-sent.js';
import { seedOffice } from '../support/fixtures.js';
import { createTestContext, dialects, type TestContext } from '../support/test-db.js';
import { queueTestEmails } from './helpers.js';

/** Statements this process sends to PostgreSQL (BEGIN and COMMIT included). */
let statements = 0;
const query = pg.Client.prototype.query;

describe.each(dialects)('recording acceptances on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      statements++;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
  });
  afterEach(() => {
    pg.Client.prototype.query = query;
  });
  afterAll(async () => {
    pg.Client.prototype.query = query;
    await ctx.destroy();
  });

  it("records each acceptance with its job's finish, only for the jobs finished, in one statement", async () => {
    const seed = await seedOffice(ctx);
    const ids = await queueTestEmails(
      ctx,
      seed.office.id,
      Array.from({ length: 8 }, (_, i) => ({
        email: `c${i}@exemplo.com.br`,
        name: `C${i}`,
        key: `record:${i}`,
      })),
    );
    // Each message's delivery job running under attempt `a<i>`, each message taken (`sending`) — but the
    // last one, never taken (`queued`).
    const jobs = await ctx.db
      .selectFrom('jobs')
      .select(['id', 'payload'])
      .where('kind', '=', 'messaging.deliver')
      .where('office_id', '=', seed.office.id)
      .execute();
    const jobOf = new Map(
      jobs.map((j) => [(JSON.parse(j.payload) as { messageId: string }).messageId, j.id]),
    );
    for (const [i, id] of ids.entries()) {
      await ctx.db
        .updateTable('jobs')
        .set({ state: 'running', attempt_id: `a${i}` })
        .where('id', '=', jobOf.get(id)!)
        .execute();
    }
    await ctx.db
      .updateTable('messages')
      .set({ status: 'sending' })
      .where('id', 'in', ids.slice(0, 7))
      .execute();
    // Message 2's attempt lost its job (rescued: now attempt `b2`): its acceptance must not be recorded.
    await ctx.db
      .updateTable('jobs')
      .set({ attempt_id: 'b2' })
      .where('id', '=', jobOf.get(ids[2]!)!)
      .execute();
    const fence = (i: number) =>
      sql<boolean>`exists (select 1 from jobs where id = ${jobOf.get(ids[i]!)!} and attempt_id = ${`a${i}`} and state = 'running')`;
    const acceptance = (i: number) => ({
      id: ids[i]!,
      providerId: `<${ids[i]}@expediente>`,
      at: `2026-11-23T12:00:0${i}.000Z`,
    });
    const finishes = ids.map((_, i) => ({
      attempt: { jobId: jobOf.get(ids[i]!)!, attemptId: `a${i}` },
      set: { state: 'succeeded' as const, finished_at: '2026-11-23T12:00:09.000Z' },
      grouped: [{ write: acceptances as never, row: acceptance(i) }],
    }));

    statements = 0;
    let held: boolean[];
    if (dialect === 'postgres') {
      // One statement: the finishes of the eight jobs and the acceptances of those it finishes.
      held = await finishAttempts(ctx.db, dialect, finishes);
      expect(statements).toBe(1);
    } else {
      // SQLite, as the worker does: each acceptance (the write's fenced form) in the finishing transaction.
      held = await ctx.db.transaction().execute(async (trx) => {
        for (const i of ids.keys()) await groupedWrite(acceptances, acceptance(i), fence(i))(trx);
        return finishAttempts(trx, dialect, finishes);
      });
    }
    // Job 2's attempt lost its job: not finished. The others are.
    expect(held).toEqual([true, true, false, true, true, true, true, true]);

    const rows = await ctx.db
      .selectFrom('messages')
      .select(['id', 'status', 'sent_at', 'provider_message_id'])
      .where('id', 'in', ids)
      .execute();
    const by = new Map(rows.map((r) => [r.id, r]));
    for (const i of [0, 1, 3, 4, 5, 6]) {
      expect(by.get(ids[i]!)).toMatchObject({
        status: 'sent',
        sent_at: `2026-11-23T12:00:0${i}.000Z`,
        provider_message_id: `<${ids[i]}@expediente>`,
      });
    }
    // Stale attempt: left `sending` for the attempt that holds the job. Never taken: left `queued`.
    expect(by.get(ids[2]!)).toMatchObject({ status: 'sending', provider_message_id: null });
    expect(by.get(ids[7]!)).toMatchObject({ status: 'queued', provider_message_id: null });
    const job2 = await ctx.db
      .selectFrom('jobs')
      .select(['state', 'attempt_id'])
      .where('id', '=', jobOf.get(ids[2]!)!)
      .executeTakeFirstOrThrow();
    expect(job2).toEqual({ state: 'running', attempt_id: 'b2' });
  });
});
