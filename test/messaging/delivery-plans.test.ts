/**
 * PostgreSQL keeps one plan for the e-mail deliveries' hot statements — the claim (engine claim-jobs.ts), the
 * read-and-take (message-reads.ts) and the finishing statement with its grouped acceptances (engine
 * finish-job.ts, record-sent.ts) — instead
 * of planning each run: after its first five runs on a connection, a prepared statement runs its generic plan
 * when that costs no more than the custom plans made so far, which the statements arrange by binding their
 * arrays of ids (and the claim its due time and limit) through one-row subqueries (no plan sees them). Measured by the connection's
 * own `pg_prepared_statements` (generic and custom plans per statement), over deliveries by a worker whose
 * database handle has a single connection. The deliveries themselves are checked as ever: each e-mail sent
 * once, `sent`, its job succeeded.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/server/db/database.js';
import { Worker } from '../../src/server/modules/engine/index.js';
import { sendMany } from '../../src/server/modules/messaging/index.js';
import { saveEmailSettings } from '../../src/server/modules/messaging/messaging.service.js';
import { seedOffice } from '../support/fixtures.js';
import { smtpSettings, startSmtp, type TestSmtp } from '../support/smtp.js';
import { createTestContext, type TestContext } from '../support/test-db.js';

describe('the delivery statements on postgres', () => {
  let ctx: TestContext;
  let smtp: TestSmtp;
  let one: DatabaseHandle;
  beforeAll(async () => {
    // No per-minute limit: the deliveries read and take their e-mails in one statement.
    ctx = await createTestContext('postgres', { rateLimitPerMinute: { email: 0, whatsapp: 0, sms: 0 } });
    smtp = await startSmtp();
    one = openDatabase({ databaseUrl: ctx.config.databaseUrl!, poolSize: 1 });
  });
  afterAll(async () => {
    await one.destroy();
    await smtp.stop();
    await ctx.destroy();
  });

  it('are planned a few times per connection, not on every run', async () => {
    const seed = await seedOffice(ctx);
    await saveEmailSettings(ctx, seed.actor, { ...smtpSettings(smtp), replyTo: null });
    const n = 48;
    const results = await ctx.db.transaction().execute((trx) =>
      sendMany(
        ctx,
        trx,
        Array.from({ length: n }, (_, i) => ({
          officeId: seed.office.id,
          to: { kind: 'address' as const, emails: [`plano${i}@exemplo.com.br`] },
          channels: ['email' as const],
          template: 'messaging.test',
          vars: { user: { name: `C${i}` } },
          key: `plans:${i}`,
          cause: { kind: 'test' },
        })),
      ),
    );
    const ids = results.map((r) => r.messageId);
    // A table of a deployment's size, which PostgreSQL has analysed: 5,000 sent e-mails and their jobs (on a
    // table of a few rows every plan is a sequential scan, and the array's length changes nothing).
    await sql`insert into messages select m.id || '-' || g, m.office_id, m.channel, m.recipient_kind,
        m.recipient_id, m.client_id, m.address, m.template, m.vars, m.subject, m.body_text, m.body_html,
        m.channel_payload, m.attachments, m.idempotency_key || '-' || g, m.cause_kind, m.cause_id, 'sent',
        m.skip_reason, 1, m.provider_message_id, m.error, m.created_at, m.sent_at, m.updated_at, m.fallback,
        m.possible_duplicate
      from messages m, generate_series(1, 5000) g where m.id = ${ids[0]}`.execute(ctx.db);
    await sql`insert into jobs (id, office_id, kind, payload, pool, priority, state, run_at, attempts,
        max_attempts, created_at, updated_at, finished_at)
      select j.id || '-' || g, j.office_id, 'test.filler', j.payload, j.pool, j.priority, 'succeeded', j.run_at, 1,
        j.max_attempts, j.created_at, j.updated_at, j.created_at
      from jobs j, generate_series(1, 5000) g where j.kind = 'messaging.deliver' limit 5000`.execute(ctx.db);
    await sql`analyze messages`.execute(ctx.db);
    await sql`analyze jobs`.execute(ctx.db);
    const received = smtp.received.length;
    // Claims of four: twelve reads-and-takes and at least twelve finishing statements, on one connection.
    await new Worker({ ...ctx, db: one.db }, { concurrency: 4 }).runOnce();

    const rows = await ctx.db
      .selectFrom('messages')
      .select(['status', 'attempts', 'possible_duplicate'])
      .where('id', 'in', ids)
      .execute();
    expect(rows).toHaveLength(n);
    for (const r of rows) expect(r).toEqual({ status: 'sent', attempts: 1, possible_duplicate: 0 });
    expect(
      smtp.received
        .slice(received)
        .map((m) => m.messageId)
        .sort(),
    ).toEqual(ids.map((id) => `<${id}@expediente>`).sort());
    const jobs = await ctx.db
      .selectFrom('jobs')
      .select('state')
      .where('kind', '=', 'messaging.deliver')
      .execute();
    expect(jobs.map((j) => j.state)).toEqual(Array(n).fill('succeeded'));

    // The one connection's prepared statements: how often each was planned for its values (custom) and how
    // often it ran the plan it keeps (generic).
    const { rows: stats } = await sql<{ statement: string; generic_plans: string; custom_plans: string }>`
      select statement, generic_plans, custom_plans from pg_prepared_statements`.execute(one.db);
    const of = (part: RegExp) => {
      const found = stats.filter((s) => part.test(s.statement.replace(/\s+/g, ' ').trim()));
      expect(found, String(part)).toHaveLength(1);
      return { generic: Number(found[0]!.generic_plans), custom: Number(found[0]!.custom_plans) };
    };
    const readAndTake = of(/^update messages set status = 'sending'/);
    const finish = of(/^with finished as \( update jobs set/);
    const claim = of(/^update jobs set state = 'running'/);
    // Twelve runs each at least: five custom plans, then the kept one.
    expect(readAndTake.custom).toBeLessThanOrEqual(5);
    expect(readAndTake.generic).toBeGreaterThanOrEqual(6);
    expect(finish.custom).toBeLessThanOrEqual(5);
    expect(finish.generic).toBeGreaterThanOrEqual(6);
    expect(claim.custom).toBeLessThanOrEqual(5);
    expect(claim.generic).toBeGreaterThanOrEqual(6);
  });
});
