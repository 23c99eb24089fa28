/**
 * The duplicate marker: set exactly for a message whose earlier attempt was cut after the provider was
 * called and before its answer was recorded (left `sending`), not for one cut before the call (left
 * `queued`), nor for ordinary retries; counted by `countPossibleDuplicates`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '../../src/server/modules/engine/index.js';
import { countPossibleDuplicates, send } from '../../src/server/modules/messaging/index.js';
import { saveEmailSettings } from '../../src/server/modules/messaging/messaging.service.js';
import { seedOffice } from '../support/fixtures.js';
import { smtpSettings, startSmtp, type TestSmtp } from '../support/smtp.js';
import { createTestContext, dialects, type TestContext } from '../support/test-db.js';

describe.each(dialects)('the possible-duplicate marker on %s', (dialect) => {
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

  it('marks only the attempt cut after the provider call', async () => {
    const seed = await seedOffice(ctx);
    await saveEmailSettings(ctx, seed.actor, smtpSettings(smtp));
    const ids: Record<string, string> = {};
    await ctx.db.transaction().execute(async (trx) => {
      for (const name of ['fresh', 'cut-before-call', 'cut-after-call']) {
        const r = await send(ctx, trx, {
          officeId: seed.office.id,
          to: { kind: 'address', emails: [`${name}@exemplo.com.br`] },
          channels: ['email'],
          template: 'messaging.test',
          vars: { user: { name } },
          key: `dup:${name}`,
          cause: { kind: 'test' },
        });
        ids[name] = r.messageId;
      }
    });
    // What a killed attempt leaves behind: cut before the call, the message was never taken (`queued`,
    // its job's earlier attempt counted); cut after it, the message is still `sending`.
    await ctx.db.updateTable('jobs').set({ attempts: 1 }).where('kind', '=', 'messaging.deliver').execute();
    await ctx.db
      .updateTable('messages')
      .set({ status: 'sending', attempts: 1 })
      .where('id', '=', ids['cut-after-call']!)
      .execute();

    await new Worker(ctx, { concurrency: 4 }).runOnce();
    const rows = await ctx.db
      .selectFrom('messages')
      .select(['id', 'status', 'attempts', 'possible_duplicate'])
      .where('office_id', '=', seed.office.id)
      .execute();
    const by = new Map(rows.map((r) => [r.id, r]));
    expect(by.get(ids.fresh!)).toMatchObject({ status: 'sent', attempts: 1, possible_duplicate: 0 });
    expect(by.get(ids['cut-before-call']!)).toMatchObject({
      status: 'sent',
      attempts: 1,
      possible_duplicate: 0,
    });
    expect(by.get(ids['cut-after-call']!)).toMatchObject({
      status: 'sent',
      attempts: 2,
      possible_duplicate: 1,
    });
    expect(await countPossibleDuplicates(ctx.db)).toBe(1);
    expect(await countPossibleDuplicates(ctx.db, seed.office.id)).toBe(1);
    expect(smtp.received).toHaveLength(3);
  });
});
