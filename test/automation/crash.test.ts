import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerActionKinds } from '../../src/server/modules/automation/index.js';
import { Worker } from '../../src/server/modules/engine/index.js';
import { rescueExpiredLeases } from '../../src/server/modules/engine/sql/rescue-expired.js';
import { createTicket, createTicketBody, moveTicket } from '../../src/server/modules/tickets/index.js';
import { cnpj, postCreated } from '../http/helpers.js';
import { createTestApp, loginAs } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { slowSetField } from './fixtures/slow-action.js';
import { ok } from './helpers.js';

const N = 1_000;

describe.each(dialects)('a steps worker killed with 1,000 delayed steps pending (%s)', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    registerActionKinds([slowSetField]);
    t = await createTestApp(dialect, { sessionTtlMs: 365 * 86_400_000 });
    // Only this test's rule: office A starts without the seeded status e-mail rules.
    await t.ctx.db.deleteFrom('automation_rules').where('office_id', '=', t.a.office.id).execute();
  }, 60_000);
  afterAll(() => t?.close());

  it('runs each step exactly once after kill -9 and a restart', { timeout: 240_000 }, async () => {
    const admin = await loginAs(t.app, 'admin@a.com.br');
    const client = await postCreated<{ id: string }>(admin, '/api/clients', {
      legalName: 'Móveis Bom Lar Ltda',
      document: cnpj(4001),
    });
    const created = await postCreated<{ id: string }>(
      admin,
      '/api/automation/pipelines/tickets/stages/analyzing/rules',
      {
        action: 'test.slow_set_field',
        input: { field: 'value', value: 4242 },
        delay: { kind: 'after', amount: 1, unit: 'minutes' },
      },
    );
    ok(await admin.request({ method: 'POST', url: `/api/automation/rules/${created.id}/publish` }));
    // The items entered two minutes ago (real time): their steps are due when the worker starts.
    t.ctx.clock.set(new Date(Date.now() - 120_000));
    const actor = t.a.actor;
    const body = createTicketBody.parse({ clientId: client.id, subject: 'Entrega' });
    for (let i = 0; i < N; i++) {
      const ticket = await createTicket(t.ctx, actor, body);
      await moveTicket(t.ctx, actor, ticket.id, { to: 'analyzing', version: ticket.version });
    }
    const pending = await t.ctx.db
      .selectFrom('automation_runs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    expect(Number(pending.n)).toBe(N);

    const done = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom('automation_runs')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('status', '=', 'done')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      SECRET_KEY: t.ctx.config.secretKey,
      ...(dialect === 'sqlite'
        ? { SQLITE_FILE: join(t.ctx.config.dataDir, 'test.sqlite') }
        : { DATABASE_URL: t.ctx.config.databaseUrl! }),
    };
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'fixtures/steps-worker.ts')],
      {
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let atKill = 0;
    for (let i = 0; i < 6000 && atKill === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      atKill = await done();
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    atKill = await done();
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(N);

    // The restart: the dead worker's drain is rescued after its lease and runs again.
    t.ctx.clock.set(new Date(Date.now() + 600_000));
    await rescueExpiredLeases(t.ctx.db, t.ctx.clock.now());
    for (let round = 0; round < 5 && (await done()) < N; round++)
      await new Worker(t.ctx, { concurrency: 4 }).runOnce();

    const runs = await t.ctx.db
      .selectFrom('automation_runs')
      .select(['status', 'attempts', 'item_id'])
      .execute();
    expect(runs).toHaveLength(N);
    expect(runs.every((r) => r.status === 'done' && Number(r.attempts) === 1)).toBe(true);
    // Each effect once: one field change (event and audit entry) per ticket, none twice.
    const changes = await t.ctx.db
      .selectFrom('events')
      .select(['entity_id'])
      .where('type', '=', 'item.field_changed')
      .execute();
    expect(changes).toHaveLength(N);
    expect(new Set(changes.map((c) => c.entity_id)).size).toBe(N);
    const values = await t.ctx.db
      .selectFrom('tickets')
      .select('value_cents')
      .where('office_id', '=', actor.officeId)
      .where('status', '=', 'analyzing')
      .execute();
    expect(values.every((v) => Number(v.value_cents) === 4242)).toBe(true);
    console.info(`[${dialect}] killed after ${atKill} of ${N} steps done`);
  });
});
