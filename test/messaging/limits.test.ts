import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '../../src/server/modules/engine/index.js';
import { redactOldMessages, send } from '../../src/server/modules/messaging/index.js';
import { saveEmailSettings } from '../../src/server/modules/messaging/messaging.service.js';
import { seedOffice } from '../support/fixtures.js';
import { smtpSettings, startSmtp, type TestSmtp } from '../support/smtp.js';
import { createTestContext, dialects, type TestContext } from '../support/test-db.js';

describe.each(dialects)('rate limits and retention on %s', (dialect) => {
  let ctx: TestContext;
  let seed: Awaited<ReturnType<typeof seedOffice>>;
  let smtp: TestSmtp;
  beforeAll(async () => {
    ctx = await createTestContext(dialect, { rateLimitPerMinute: { email: 2, whatsapp: 60, sms: 60 } });
    seed = await seedOffice(ctx);
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp.stop();
    await ctx.destroy();
  });

  const sendOne = (key: string) =>
    ctx.db.transaction().execute((trx) =>
      send(ctx, trx, {
        officeId: seed.office.id,
        to: { kind: 'user', id: seed.admin.id, name: 'Ana', emails: ['ana@teste.com.br'] },
        channels: ['email'],
        template: 'messaging.test',
        vars: { user: { name: 'Ana' } },
        key,
        cause: { kind: 'test' },
      }),
    );
  const statuses = async () =>
    (await ctx.db.selectFrom('messages').select('status').orderBy('created_at').orderBy('id').execute()).map(
      (m) => m.status,
    );

  it('the local mailbox is not throttled; redaction keeps metadata and removes bodies after N days', async () => {
    const r = await sendOne('local-1');
    await new Worker(ctx).runOnce();
    ctx.clock.advance(31 * 86_400_000);
    expect(await redactOldMessages(ctx, 30)).toBe(1);
    const m = await ctx.db
      .selectFrom('messages')
      .selectAll()
      .where('id', '=', r.messageId)
      .executeTakeFirstOrThrow();
    expect(m).toMatchObject({
      status: 'delivered',
      subject: null,
      body_html: null,
      channel_payload: null,
      vars: '{}',
      address: 'ana@teste.com.br',
      idempotency_key: 'local-1',
    });
    expect(m.body_text).toBe('[conteúdo removido após o prazo de retenção]');
    expect(await ctx.db.selectFrom('mailbox').select('id').execute()).toHaveLength(0);
    expect(await redactOldMessages(ctx, 30)).toBe(0);
  });

  it('holds each office to its per-minute limit on an SMTP server, across workers', async () => {
    await saveEmailSettings(ctx, seed.actor, smtpSettings(smtp));
    for (const k of ['a', 'b', 'c']) await sendOne(`limited-${k}`);
    await new Worker(ctx).runOnce();
    expect(smtp.received).toHaveLength(2);
    expect((await statuses()).slice(1).sort()).toEqual(['queued', 'sent', 'sent']); // whichever came third waits
    ctx.clock.advance(61_000);
    await new Worker(ctx).runOnce();
    expect(smtp.received).toHaveLength(3);
    expect((await statuses()).slice(1)).toEqual(['sent', 'sent', 'sent']);
  });

  it('a limit of 0 means no limit: every message goes at once and no reservation is counted', async () => {
    const limits = ctx.config.rateLimitPerMinute;
    ctx.config.rateLimitPerMinute = { ...limits, email: 0 };
    try {
      const windows = async () =>
        ctx.db.selectFrom('rate_windows').select(['window_start', 'used']).orderBy('channel').execute();
      const before = await windows();
      const received = smtp.received.length;
      for (const k of ['a', 'b', 'c', 'd', 'e']) await sendOne(`unlimited-${k}`);
      await new Worker(ctx).runOnce();
      expect(smtp.received).toHaveLength(received + 5);
      expect(await windows()).toEqual(before);
    } finally {
      ctx.config.rateLimitPerMinute = limits;
    }
  });
});
