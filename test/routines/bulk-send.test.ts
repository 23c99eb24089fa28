/**
 * A routine's run writes its messages in bulk (routines/send-batch.ts → messaging's sendMany) on both
 * dialects: 60 birthdays make one INSERT into `messages` per slice instead of one per message, with every
 * decision the same as one send at a time (an opted-out contact skipped, a second run only duplicates).
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '../../src/server/modules/engine/index.js';
import { createTestApp, loginAs } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { activateBirthdays, addClient, addContact } from './fixtures.js';

const KIND = 'contacts.birthdays';
const N = 60;

/** Counts INSERT statements into `messages` made through the handle it is plugged into. */
class InsertCounter implements KyselyPlugin {
  inserts = 0;
  transformQuery(args: PluginTransformQueryArgs) {
    const node = args.node;
    if (node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === 'messages') this.inserts++;
    return node;
  }
  async transformResult(args: PluginTransformResultArgs) {
    return args.result;
  }
}

describe.each(dialects)('bulk sending in routine runs on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.ctx.clock.set('2026-11-23T12:00:00.000Z');
    const client = await addClient(t.ctx, t.a.actor, { legalName: 'Padaria Estrela Ltda' });
    for (let i = 0; i < N; i++)
      await addContact(t.ctx, t.a.actor, client.id, {
        name: `Contato ${i}`,
        email: `contato${i}@estrela.com.br`,
        birthday: '1980-11-23',
        ...(i % 10 === 0 ? { emailOptOut: true } : {}),
      });
    await activateBirthdays(await loginAs(t.app, 'admin@a.com.br'));
  });
  afterAll(() => t.close());

  async function runOnce() {
    const admin = await loginAs(t.app, 'admin@a.com.br');
    const run = await admin.request({ method: 'POST', url: `/api/routines/${KIND}/run`, payload: {} });
    expect(run.statusCode, run.body).toBe(201);
    const counter = new InsertCounter();
    const worker = new Worker(
      { ...t.ctx, db: t.ctx.db.withPlugin(counter) },
      { pools: ['default'], concurrency: 1, pollIntervalMs: 10 },
    );
    worker.start();
    const id = run.json<{ id: string }>().id;
    const end = Date.now() + 60_000;
    let state = '';
    while (Date.now() < end) {
      const job = await t.ctx.db
        .selectFrom('jobs')
        .select(['state', 'result'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      state = job.state;
      if (state === 'succeeded' || state === 'failed') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await worker.stop(5000);
    expect(state).toBe('succeeded');
    return counter.inserts;
  }

  it('writes a run of 60 messages in bulk, deciding each as send() does', async () => {
    const inserts = await runOnce();
    const messages = await t.ctx.db
      .selectFrom('messages')
      .select(['status', 'idempotency_key'])
      .where('template', '=', 'routines.birthday')
      .execute();
    expect(messages).toHaveLength(N);
    expect(messages.filter((m) => m.status === 'skipped')).toHaveLength(N / 10);
    expect(new Set(messages.map((m) => m.idempotency_key)).size).toBe(N);
    // One statement per slice (SQLite slices a batch by time; PostgreSQL takes the batch at once), far
    // from one per message. The run-summary e-mail to the requester is the one more.
    expect(inserts).toBeGreaterThan(0);
    expect(inserts).toBeLessThanOrEqual(dialect === 'postgres' ? 2 : 20);
  });

  it('sends nothing new on a second run: every message a duplicate', async () => {
    await runOnce();
    const n = await t.ctx.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('template', '=', 'routines.birthday')
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(N);
  });
});
