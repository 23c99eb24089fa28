import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { DialectName } from '../../src/server/db/database.js';
import { send } from '../../src/server/modules/messaging/index.js';
import { saveEmailSettings } from '../../src/server/modules/messaging/messaging.service.js';
import { seedOffice } from '../support/fixtures.js';
import { smtpSettings, startSmtp } from '../support/smtp.js';
import { useFixture } from '../support/test-app.js';
import { createTestContext, type TestContext } from '../support/test-db.js';

/**
 * A describe block's fixture for delivery tests: a database of `dialect` whose e-mail limit never gets in the
 * way, a test SMTP server, and an office whose e-mail goes to it. Read `w.ctx`, `w.smtp` and `w.seed` inside
 * hooks and tests only.
 */
export function useDeliveryWorld(dialect: DialectName) {
  return useFixture(async () => {
    const ctx = await createTestContext(dialect, {
      rateLimitPerMinute: { email: 100_000, whatsapp: 60, sms: 60 },
    });
    const smtp = await startSmtp();
    const seed = await seedOffice(ctx);
    await saveEmailSettings(ctx, seed.actor, smtpSettings(smtp));
    return {
      ctx,
      smtp,
      seed,
      async close() {
        await smtp.stop();
        await ctx.destroy();
      },
    };
  });
}

/**
 * Queues one `messaging.test` e-mail to each of `to` in one transaction (the address, the name the template
 * greets, the idempotency key); answers the message ids in the same order.
 */
export async function queueTestEmails(
  ctx: TestContext,
  officeId: string,
  to: { email: string; name: string; key: string }[],
): Promise<string[]> {
  return ctx.db.transaction().execute(async (trx) => {
    const ids: string[] = [];
    for (const { email, name, key } of to) {
      const r = await send(ctx, trx, {
        officeId,
        to: { kind: 'address', emails: [email] },
        channels: ['email'],
        template: 'messaging.test',
        vars: { user: { name } },
        key,
        cause: { kind: 'test' },
      });
      ids.push(r.messageId);
    }
    return ids;
  });
}

/** `n` clients `cliente<i>@exemplo.com.br` ("Cliente <i>"), keyed `<prefix>:<i>`, for `queueTestEmails`. */
export const numberedClients = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({
    email: `cliente${i}@exemplo.com.br`,
    name: `Cliente ${i}`,
    key: `${prefix}:${i}`,
  }));

/**
 * A delivery worker in a process of its own (`fixtures/delivery-worker.ts`) on the test's database; it prints
 * READY on its standard output once it works.
 */
export function spawnDeliveryWorker(ctx: TestContext): ChildProcess {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    SECRET_KEY: ctx.config.secretKey,
    ...(ctx.dialect === 'sqlite'
      ? { SQLITE_FILE: join(ctx.config.dataDir, 'test.sqlite') }
      : { DATABASE_URL: ctx.config.databaseUrl! }),
  };
  return spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'fixtures/delivery-worker.ts')],
    {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
}
