import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientBody, createContactBody } from '../../src/server/modules/clients/clients.schema.js';
import { createClient, createContact } from '../../src/server/modules/clients/index.js';
import { recipientOfClient, recipientOfContact } from '../../src/server/modules/clients/recipients.js';
import { Worker } from '../../src/server/modules/engine/index.js';
import { localizeDeliveryError } from '../../src/server/modules/messaging/delivery-errors.js';
import { type Recipient, send } from '../../src/server/modules/messaging/index.js';
import { freePort } from '../support/pg-cluster.js';
import { createTestApp, loginAs } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';

/** A local SMS provider speaking the documented contract. */
async function startProvider(token: string) {
  const port = await freePort();
  const state = { received: [] as { from: string; to: string; text: string }[], next: [] as number[] };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const reply = (status: number, body: object, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${token}`) return reply(401, { error: 'invalid token' });
      const status = state.next.shift();
      if (status === 429) return reply(429, { error: 'slow down' }, { 'retry-after': '3' });
      if (status === 400) return reply(400, { error: 'invalid number' });
      state.received.push(JSON.parse(raw));
      reply(201, { id: `sms-${state.received.length}` });
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${port}/send`,
    state,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe.each(dialects)('SMS through one HTTP provider on %s', (dialect) => {
  const token = 'sms-token-0123456789';
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let provider: Awaited<ReturnType<typeof startProvider>>;
  let mobile: Recipient;
  let landline: Recipient;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    provider = await startProvider(token);
    const admin = await loginAs(t.app, 'admin@a.com.br');
    const put = await admin.request({
      method: 'PUT',
      url: '/api/channels/sms',
      payload: { url: provider.url, token, sender: 'ESCRITORIO' },
    });
    expect(put.json()).toEqual({ configured: true, url: provider.url, sender: 'ESCRITORIO' });
    const c = await createClient(
      t.ctx,
      t.a.actor,
      createClientBody.parse({
        legalName: 'Gráfica Impressão Ltda',
        document: '11.222.333/0001-81',
        phone: '(11) 3333-4444',
      }),
    );
    const contact = await createContact(
      t.ctx,
      t.a.actor,
      c.id,
      createContactBody.parse({ name: 'Célia', whatsapp: '(11) 98765-4321' }),
    );
    mobile = (await recipientOfContact(t.ctx.db, t.a.office.id, contact.id))!;
    landline = (await recipientOfClient(t.ctx.db, t.a.office.id, c.id))!;
  });
  afterAll(async () => {
    await provider.stop();
    await t.close();
  });

  const sendSms = (to: Recipient, key: string) =>
    t.ctx.db.transaction().execute((trx) =>
      send(t.ctx, trx, {
        officeId: t.a.office.id,
        to,
        channels: ['sms'],
        template: 'messaging.test',
        vars: { user: { name: 'Célia' } },
        key,
        cause: { kind: 'test' },
      }),
    );
  const message = (id: string) =>
    t.ctx.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const report = (body: object, secret = token) => {
    const raw = JSON.stringify(body);
    return t.app.inject({
      method: 'POST',
      url: `/api/webhooks/sms/${t.a.office.id}`,
      headers: {
        'content-type': 'application/json',
        'x-signature': `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`,
      },
      payload: raw,
    });
  };

  it('sends to the mobile number and applies signed delivery reports', async () => {
    const r = await sendSms(mobile, 's1');
    await new Worker(t.ctx).runOnce();
    expect(provider.state.received.at(-1)).toMatchObject({ from: 'ESCRITORIO', to: '+5511987654321' });
    expect(provider.state.received.at(-1)!.text).toContain('Olá, Célia!');
    const m = await message(r.messageId);
    expect(m.status).toBe('sent');
    expect(
      (await report({ id: m.provider_message_id, status: 'delivered' }, 'wrong-secret')).statusCode,
    ).toBe(403);
    expect((await message(r.messageId)).status).toBe('sent');
    expect((await report({ id: m.provider_message_id, status: 'delivered' })).statusCode).toBe(200);
    expect((await message(r.messageId)).status).toBe('delivered');
  });

  it('waits out a 429 and fails for good on a 4xx', async () => {
    provider.state.next.push(429);
    const r = await sendSms(mobile, 's2');
    await new Worker(t.ctx).runOnce();
    expect((await message(r.messageId)).status).toBe('queued');
    t.ctx.clock.advance(3000);
    await new Worker(t.ctx).runOnce();
    expect((await message(r.messageId)).status).toBe('sent');

    provider.state.next.push(400);
    const bad = await sendSms(mobile, 's3');
    await new Worker(t.ctx).runOnce();
    const refused = await message(bad.messageId);
    expect(refused.status).toBe('failed');
    expect(localizeDeliveryError(refused.error, 'pt-BR')).toBe(
      'O provedor recusou a mensagem — SMS 400: invalid number',
    );
    expect(localizeDeliveryError(refused.error, 'en')).toBe(
      'The provider refused the message — SMS 400: invalid number',
    );
  });

  it('skips a recipient with no mobile number, saying why', async () => {
    const r = await sendSms(landline, 's4');
    expect(r.status).toBe('skipped');
    expect(r.reason?.['pt-BR']).toBe('cliente sem celular cadastrado');
  });
});
