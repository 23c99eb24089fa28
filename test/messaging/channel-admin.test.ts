import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '../../src/server/modules/engine/index.js';
import { freePort } from '../support/pg-cluster.js';
import { createTestApp, loginAs, type Session } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { startWhatsAppStandIn, type WhatsAppStandIn } from '../support/whatsapp-standin.js';

/** The WhatsApp/SMS channel administration beside the settings: test to a typed number, clear, templates. */
describe.each(dialects)('WhatsApp and SMS channel administration on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let admin: Session;
  let staff: Session;
  let wa: WhatsAppStandIn;
  let sms: { url: string; received: { from: string; to: string; text: string }[]; server: Server };
  const smsToken = 'sms-token-0123456789';

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await loginAs(t.app, 'admin@a.com.br');
    staff = await loginAs(t.app, 'staff@a.com.br');
    wa = await startWhatsAppStandIn();
    const port = await freePort();
    const received: { from: string; to: string; text: string }[] = [];
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => {
        raw += c;
      });
      req.on('end', () => {
        received.push(JSON.parse(raw));
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `sms-${received.length}` }));
      });
    });
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
    sms = { url: `http://127.0.0.1:${port}/send`, received, server };
    expect(
      (
        await admin.request({
          method: 'PUT',
          url: '/api/channels/whatsapp',
          payload: {
            baseUrl: wa.baseUrl,
            phoneNumberId: wa.phoneNumberId,
            accessToken: wa.token,
            appSecret: wa.appSecret,
            verifyToken: 'verificacao-123',
          },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await admin.request({
          method: 'PUT',
          url: '/api/channels/sms',
          payload: { url: sms.url, token: smsToken, sender: 'ESCRITORIO' },
        })
      ).statusCode,
    ).toBe(200);
  });
  afterAll(async () => {
    await wa.stop();
    await new Promise<void>((r) => sms.server.close(() => r()));
    await t.close();
  });

  const message = (id: string) =>
    t.ctx.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('sends the WhatsApp test to a typed number, as the approved template', async () => {
    const bad = await admin.request({
      method: 'POST',
      url: '/api/channels/whatsapp/test',
      payload: { to: '(20) 98765-4321' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'to', code: 'invalid_phone' })]);

    const res = await admin.request({
      method: 'POST',
      url: '/api/channels/whatsapp/test',
      payload: { to: '(11) 98765-4321' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ channel: 'whatsapp', status: 'queued', duplicate: false });
    await new Worker(t.ctx).runOnce();
    expect(wa.sent.at(-1)).toMatchObject({
      to: '5511987654321',
      type: 'template',
      template: { name: 'expediente_teste', params: ['Ana Admin', 'Escritório A'] },
    });
    expect(await message(res.json().messageId)).toMatchObject({
      status: 'sent',
      recipient_kind: 'address',
      address: '+5511987654321',
      cause_kind: 'manual',
    });
  });

  it('sends the SMS test to a mobile only, with the short SMS text', async () => {
    const landline = await admin.request({
      method: 'POST',
      url: '/api/channels/sms/test',
      payload: { to: '(11) 3333-4444' },
      headers: { 'accept-language': 'en' },
    });
    expect(landline.statusCode).toBe(400);
    expect(landline.json().errors).toEqual([
      { field: 'to', code: 'not_mobile', message: 'Enter a mobile number: SMS cannot reach a landline.' },
    ]);
    const res = await admin.request({
      method: 'POST',
      url: '/api/channels/sms/test',
      payload: { to: '21 99876-5432' },
    });
    expect(res.json()).toMatchObject({ channel: 'sms', status: 'queued' });
    await new Worker(t.ctx).runOnce();
    expect(sms.received.at(-1)).toEqual({
      from: 'ESCRITORIO',
      to: '+5521998765432',
      text: 'Olá, Ana Admin! Teste do Expediente: o SMS do Escritório A está funcionando.',
    });
  });

  it('lists the WhatsApp templates Meta must approve', async () => {
    const res = await admin.request({ method: 'GET', url: '/api/channels/whatsapp/templates' });
    expect(res.json().items).toContainEqual(
      expect.objectContaining({
        name: 'expediente_teste',
        params: ['{{ user.name }}', '{{ office.name }}'],
        key: 'messaging.test',
      }),
    );
  });

  it('is for admins only', async () => {
    for (const [method, url] of [
      ['DELETE', '/api/channels/sms'],
      ['POST', '/api/channels/sms/test'],
      ['GET', '/api/channels/whatsapp/templates'],
    ] as const) {
      const res = await staff.request({
        method,
        url,
        payload: method === 'POST' ? { to: '11987654321' } : undefined,
      });
      expect(res.statusCode).toBe(403);
    }
  });

  it('removes the SMS settings, audited; sends are skipped again; other offices untouched', async () => {
    const other = await loginAs(t.app, 'admin@b.com.br');
    expect((await other.request({ method: 'DELETE', url: '/api/channels/sms' })).statusCode).toBe(204);
    expect((await admin.request({ method: 'GET', url: '/api/channels/sms' })).json().configured).toBe(true);

    expect((await admin.request({ method: 'DELETE', url: '/api/channels/sms' })).statusCode).toBe(204);
    expect((await admin.request({ method: 'GET', url: '/api/channels/sms' })).json()).toEqual({
      configured: false,
    });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('office_id', '=', t.a.office.id)
      .where('entity', '=', 'channel_settings')
      .where('action', '=', 'delete')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.entity_id).toBe('sms');
    const res = await admin.request({
      method: 'POST',
      url: '/api/channels/sms/test',
      payload: { to: '21 99876-5432' },
    });
    expect(res.json()).toMatchObject({
      status: 'skipped',
      reason: { 'pt-BR': 'SMS não configurado no escritório' },
    });
    // WhatsApp is still set up.
    expect((await admin.request({ method: 'GET', url: '/api/channels/whatsapp' })).json().configured).toBe(
      true,
    );
  });
});
