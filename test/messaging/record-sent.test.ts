/**
 * Recording providers' acceptances (`recordSent`): each is fenced by its own delivery's attempt and taken
 * only over the `sending` of that attempt's take; on PostgreSQL the acceptances of one turn of the event
 * loop share one statement, and those that arrive while it runs share the next.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordSent } from '../../src/server/modules/messaging/record-sent.js';
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

  it('records each acceptance under its own fence, several in one statement', async () => {
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
    const accept = (i: number) =>
      recordSent(ctx.db, ctx.db, dialect, {
        id: ids[i]!,
        providerId: `<${ids[i]}@expediente>`,
        at: `2026-11-23T12:00:0${i}.000Z`,
        fence: fence(i),
      });

    statements = 0;
    // Five in one turn; two more while the first statement runs; the never-taken one alone, later.
    const first = [0, 1, 2, 3, 4].map(accept);
    await new Promise((r) => setImmediate(r));
    const second = [5, 6].map(accept);
    await Promise.all([...first, ...second]);
    if (dialect === 'postgres') expect(statements).toBe(2);
    await accept(7);

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
  });

  it('inside a transaction records at once, in that transaction', async () => {
    const seed = await seedOffice(ctx, 'Outro Escritório', 'outro.com.br');
    const [id] = (await queueTestEmails(ctx, seed.office.id, [
      { email: 'x@exemplo.com.br', name: 'X', key: 'record:tx' },
    ])) as [string];
    await ctx.db.updateTable('messages').set({ status: 'sending' }).where('id', '=', id).execute();
    // Rolled back with its transaction: the acceptance went through `trx`, not a statement of its own.
    await ctx.db
      .transaction()
      .execute(async (trx) => {
        await recordSent(trx, ctx.db, dialect, {
          id,
          providerId: 'p',
          at: '2026-11-23T12:00:00.000Z',
          fence: sql<boolean>`1 = 1`,
        });
        const inside = await trx
          .selectFrom('messages')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirst();
        expect(inside?.status).toBe('sent');
        throw new Error('roll back');
      })
      .catch(() => {});
    const after = await ctx.db
      .selectFrom('messages')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirst();
    expect(after?.status).toBe('sending');
  });
});
