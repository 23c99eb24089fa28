/**
 * Reading and taking an e-mail in one statement (`readAndTakeMessage`, used by deliveries on PostgreSQL
 * when the SMTP call follows at once): each message is taken only under its own attempt's fence and only
 * for its job's office and the e-mail channel; the takes of one turn of the event loop are one statement;
 * a delivery that fails before calling its provider leaves its message queued, not `sending`.
 */
import { type SqlBool, sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { attemptFence } from '../../src/server/modules/engine/attempt-fence.js';
import { Worker } from '../../src/server/modules/engine/index.js';
import { send } from '../../src/server/modules/messaging/index.js';
import { readAndTakeMessage } from '../../src/server/modules/messaging/message-reads.js';
import { saveEmailSettings } from '../../src/server/modules/messaging/messaging.service.js';
import { seedOffice } from '../support/fixtures.js';
import { smtpSettings, startSmtp, type TestSmtp } from '../support/smtp.js';
import { createTestContext, dialects, type TestContext } from '../support/test-db.js';

/** Statements this process sends to PostgreSQL (BEGIN and COMMIT included). */
let statements = 0;
const query = pg.Client.prototype.query;

describe.each(dialects)('reading and taking an e-mail on %s', (dialect) => {
  let ctx: TestContext;
  let smtp: TestSmtp;
  let seed: Awaited<ReturnType<typeof seedOffice>>;
  beforeAll(async () => {
    // No per-minute limit: the deliveries' read and take are one statement on PostgreSQL.
    ctx = await createTestContext(dialect, { rateLimitPerMinute: { email: 0, whatsapp: 0, sms: 0 } });
    seed = await seedOffice(ctx);
    smtp = await startSmtp();
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      statements++;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
  });
  afterEach(() => {
    smtp.refuseWith = null;
  });
  afterAll(async () => {
    pg.Client.prototype.query = query;
    await smtp.stop();
    await ctx.destroy();
  });

  const sendEmails = async (officeId: string, prefix: string, n: number) => {
    const ids: string[] = [];
    await ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < n; i++) {
        const r = await send(ctx, trx, {
          officeId,
          to: { kind: 'address', emails: [`${prefix}${i}@exemplo.com.br`] },
          channels: ['email'],
          template: 'messaging.test',
          vars: { user: { name: `C${i}` } },
          key: `${prefix}:${i}`,
          cause: { kind: 'test' },
        });
        ids.push(r.messageId);
      }
    });
    return ids;
  };

  const jobOf = async (messageId: string) =>
    (
      await ctx.db
        .selectFrom('jobs')
        .select(['id', 'payload'])
        .where('kind', '=', 'messaging.deliver')
        .execute()
    ).find((j) => (JSON.parse(j.payload) as { messageId: string }).messageId === messageId)!;

  // A condition of the caller's own, written into the statement once per row; and the engine's attempt
  // fence (`ctx.holdsJob`), whose ids go in as arrays of one prepared statement.
  const fences = {
    written: (jobId: string, attemptId: string) =>
      sql<SqlBool>`exists (select 1 from jobs where id = ${jobId} and attempt_id = ${attemptId} and state = 'running')`,
    attempt: (jobId: string, attemptId: string) => attemptFence({ jobId, attemptId }),
  };

  it.each(['written', 'attempt'] as const)(
    'takes each message under its own fence (%s), for its office and channel only, in one statement',
    async (kind) => {
      const fence = fences[kind];
      const ids = await sendEmails(seed.office.id, `take-${kind}`, 4);
      const jobs = await Promise.all(ids.map(jobOf));
      expect(jobs.map((j) => (JSON.parse(j.payload) as { channel?: string }).channel)).toEqual([
        'email',
        'email',
        'email',
        'email',
      ]);
      for (const [i, j] of jobs.entries()) {
        await ctx.db
          .updateTable('jobs')
          .set({ state: 'running', attempt_id: `a${i}` })
          .where('id', '=', j.id)
          .execute();
      }
      // Message 3 was sent meanwhile.
      await ctx.db.updateTable('messages').set({ status: 'sent' }).where('id', '=', ids[3]!).execute();
      const now = ctx.clock.now().toISOString();
      const before = statements;
      const rows = await Promise.all([
        readAndTakeMessage(ctx.db, ids[0]!, seed.office.id, fence(jobs[0]!.id, 'a0'), now),
        // A stale attempt: its job now runs under `a1`.
        readAndTakeMessage(ctx.db, ids[1]!, seed.office.id, fence(jobs[1]!.id, 'stale'), now),
        // Another office than the message's.
        readAndTakeMessage(ctx.db, ids[2]!, 'another-office', fence(jobs[2]!.id, 'a2'), now),
        readAndTakeMessage(ctx.db, ids[3]!, seed.office.id, fence(jobs[3]!.id, 'a3'), now),
      ]);
      if (dialect === 'postgres') expect(statements - before).toBe(1);
      expect(rows[0]).toMatchObject({ id: ids[0], status: 'sending', attempts: 1, possible_duplicate: 0 });
      expect(rows.slice(1)).toEqual([null, null, null]);
      const left = await ctx.db
        .selectFrom('messages')
        .select(['id', 'status', 'attempts'])
        .where('id', 'in', ids)
        .execute();
      expect(Object.fromEntries(left.map((m) => [m.id, [m.status, m.attempts]]))).toEqual({
        [ids[0]!]: ['sending', 1],
        [ids[1]!]: ['queued', 0],
        [ids[2]!]: ['queued', 0],
        [ids[3]!]: ['sent', 0],
      });
      // Taken again after a cut: a possible duplicate.
      const again = await readAndTakeMessage(ctx.db, ids[0]!, seed.office.id, fence(jobs[0]!.id, 'a0'), now);
      expect(again).toMatchObject({ status: 'sending', attempts: 2, possible_duplicate: 1 });
    },
  );

  it('delivers each e-mail once through SMTP, and a delivery cut before the call leaves its message queued', async () => {
    await saveEmailSettings(ctx, seed.actor, { ...smtpSettings(smtp), replyTo: null });
    const ids = await sendEmails(seed.office.id, 'deliver', 6);
    // The last one's attachment is gone from the blob store: composing it fails before the SMTP call.
    await ctx.db
      .updateTable('messages')
      .set({
        attachments: JSON.stringify([
          { filename: 'a.pdf', contentType: 'application/pdf', ref: 'f'.repeat(64) },
        ]),
      })
      .where('id', '=', ids[5]!)
      .execute();
    const received = smtp.received.length;
    await new Worker(ctx, { concurrency: 8 }).runOnce();
    const rows = await ctx.db
      .selectFrom('messages')
      .select(['id', 'status', 'attempts', 'possible_duplicate', 'error'])
      .where('id', 'in', ids)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids.slice(0, 5))
      expect(byId.get(id)).toMatchObject({ status: 'sent', attempts: 1, possible_duplicate: 0 });
    expect(smtp.received.length - received).toBe(5);
    expect(
      smtp.received
        .slice(received)
        .map((m) => m.messageId)
        .sort(),
    ).toEqual(
      ids
        .slice(0, 5)
        .map((id) => `<${id}@expediente>`)
        .sort(),
    );
    // Back in the queue for a later attempt, not `sending` (which the next attempt would flag).
    expect(byId.get(ids[5]!)).toMatchObject({ status: 'queued', possible_duplicate: 0 });
    // PostgreSQL took it with its read: the failed attempt is recorded on it. SQLite takes a message only
    // just before the call, so it was never taken.
    if (dialect === 'postgres')
      expect(byId.get(ids[5]!)).toMatchObject({ attempts: 1, error: expect.any(String) });
    else expect(byId.get(ids[5]!)).toMatchObject({ attempts: 0, error: null });
    const job = await jobOf(ids[5]!);
    const state = await ctx.db.selectFrom('jobs').select('state').where('id', '=', job.id).executeTakeFirst();
    expect(state?.state).toBe('queued');
  });
});
