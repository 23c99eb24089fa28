/**
 * SMTP over TLS, against a real server with a certificate from a throwaway CA: STARTTLS on the
 * submission port and TLS from the first byte (465) both deliver when SMTP_CA_FILE trusts that CA; an
 * untrusted certificate is never accepted (the message waits, the password never leaves in clear).
 * The transport does not depend on the database, so SQLite alone is enough here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import { Worker } from '../../src/server/modules/engine/index.js';
import { send } from '../../src/server/modules/messaging/index.js';
import { saveEmailSettings } from '../../src/server/modules/messaging/messaging.service.js';
import { seedOffice } from '../support/fixtures.js';
import { smtpSettings, startSmtp, type TestSmtp, testCertificates } from '../support/smtp.js';
import { createTestContext, type TestContext } from '../support/test-db.js';

describe('SMTP over TLS', () => {
  const certs = testCertificates();
  let trusting: TestContext;
  let untrusting: TestContext;
  let starttls: TestSmtp;
  let implicit: TestSmtp;

  beforeAll(async () => {
    trusting = await createTestContext('sqlite', { smtpCa: certs.ca });
    untrusting = await createTestContext('sqlite');
    starttls = await startSmtp(undefined, { key: certs.key, cert: certs.cert });
    implicit = await startSmtp(undefined, { key: certs.key, cert: certs.cert, implicit: true });
  });
  afterAll(async () => {
    await starttls.stop();
    await implicit.stop();
    await trusting.destroy();
    await untrusting.destroy();
  });

  async function deliverThrough(
    ctx: TestContext,
    server: TestSmtp,
    security: 'starttls' | 'tls',
    key: string,
  ) {
    const seed = await seedOffice(ctx, `Escritório ${key}`, `${key}.com.br`);
    await saveEmailSettings(ctx, seed.actor, { ...smtpSettings(server), security });
    const r = await ctx.db.transaction().execute((trx) =>
      send(ctx, trx, {
        officeId: seed.office.id,
        to: { kind: 'address', name: 'Cliente', emails: [`cliente@${key}.com.br`] },
        channels: ['email'],
        template: 'messaging.test',
        vars: { user: { name: 'Cliente' } },
        key,
        cause: { kind: 'test' },
      }),
    );
    await new Worker(ctx).runOnce();
    return ctx.db.selectFrom('messages').selectAll().where('id', '=', r.messageId).executeTakeFirstOrThrow();
  }

  it('STARTTLS: upgrades the connection, authenticates and delivers', async () => {
    const m = await deliverThrough(trusting, starttls, 'starttls', 'starttls');
    expect(m.status).toBe('sent');
    expect(starttls.logins).toEqual(['escritorio']);
    expect(starttls.received.map((r) => r.to && 'text' in r.to && r.to.text)).toEqual([
      'cliente@starttls.com.br',
    ]);
  });

  it('TLS from the first byte (port 465 style) delivers', async () => {
    const m = await deliverThrough(trusting, implicit, 'tls', 'implicit');
    expect(m.status).toBe('sent');
    expect(implicit.received).toHaveLength(1);
  });

  it('a certificate no trusted CA signed is refused: nothing is sent, the message waits to be retried', async () => {
    const before = starttls.logins.length;
    const m = await deliverThrough(untrusting, starttls, 'starttls', 'untrusted');
    expect(m.status).toBe('queued');
    expect(m.error).toMatch(/certificate/i);
    expect(starttls.logins).toHaveLength(before);
    expect(starttls.received).toHaveLength(1);
  });

  it('SMTP_CA_FILE must name a readable PEM file', () => {
    expect(() => loadConfig({ SMTP_CA_FILE: '/nao/existe.pem' })).toThrow(/SMTP_CA_FILE: cannot read/);
    expect(() => loadConfig({ SMTP_CA_FILE: '/etc/hostname' })).toThrow(/holds no PEM certificate/);
  });
});
