import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '../../src/server/modules/engine/index.js';
import { rescueExpiredLeases } from '../../src/server/modules/engine/sql/rescue-expired.js';
import { send } from '../../src/server/modules/messaging/index.js';
import { saveEmailSettings } from '../../src/server/modules/messaging/messaging.service.js';
import { seedOffice } from '../support/fixtures.js';
import { smtpSettings, startSmtp, type TestSmtp } from '../support/smtp.js';
import { createTestContext, dialects, type TestContext } from '../support/test-db.js';

const N = 60;

describe.each(dialects)('a delivery worker killed mid-stream on %s', (dialect) => {
  let ctx: TestContext;
  let smtp: TestSmtp;
  beforeAll(async () => {
    ctx = await createTestContext(dialect, { rateLimitPerMinute: { email: 100_000, whatsapp: 60, sms: 60 } });
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp.stop();
    await ctx.destroy();
  });

  it('loses nothing, and duplicates only messages in flight at the kill (the documented window)', async () => {
    const seed = await seedOffice(ctx);
    await saveEmailSettings(ctx, seed.actor, smtpSettings(smtp));
    ctx.clock.set(new Date());
    await ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < N; i++) {
        await send(ctx, trx, {
          officeId: seed.office.id,
          to: { kind: 'address', emails: [`cliente${i}@exemplo.com.br`] },
          channels: ['email'],
          template: 'messaging.test',
          vars: { user: { name: `Cliente ${i}` } },
          key: `crash:${i}`,
          cause: { kind: 'test' },
        });
      }
    });

    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      SECRET_KEY: ctx.config.secretKey,
      ...(dialect === 'sqlite'
        ? { SQLITE_FILE: join(ctx.config.dataDir, 'test.sqlite') }
        : { DATABASE_URL: ctx.config.databaseUrl! }),
    };
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'fixtures/delivery-worker.ts')],
      {
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    for (let i = 0; i < 1500 && smtp.received.length < N / 3; i++)
      await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const atKill = smtp.received.length;
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(N);

    // After the leases expire another worker takes over.
    ctx.clock.set(new Date(Date.now() + 120_000));
    await rescueExpiredLeases(ctx.db, ctx.clock.now());
    for (let round = 0; round < 5; round++) await new Worker(ctx, { concurrency: 8 }).runOnce();

    const ids = smtp.received.map((m) => m.messageId);
    const distinct = new Set(ids);
    const duplicates = ids.length - distinct.size;
    expect(distinct.size).toBe(N); // nothing lost
    expect(duplicates).toBeLessThanOrEqual(4); // at most the kill's in-flight sends (concurrency 4)
    console.info(`[${dialect}] killed after ${atKill} accepted; duplicates inside the window: ${duplicates}`);
    const states = await ctx.db.selectFrom('messages').select('status').execute();
    expect(states.every((s) => s.status === 'sent')).toBe(true);
  });
});
