import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientBody, createContactBody } from '../../src/server/modules/clients/clients.schema.js';
import { createClient, createContact } from '../../src/server/modules/clients/index.js';
import { recipientOfContact } from '../../src/server/modules/clients/recipients.js';
import { Worker } from '../../src/server/modules/engine/index.js';
import { send } from '../../src/server/modules/messaging/index.js';
import { expectFieldErrors } from '../http/helpers.js';
import { createTestApp, loginAs, type Session } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import {
  standInSettings,
  startWhatsAppStandIn,
  type WhatsAppStandIn,
  webhookBody,
} from '../support/whatsapp-standin.js';

describe.each(dialects)('WhatsApp Cloud API on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let admin: Session;
  let wa: WhatsAppStandIn;
  let optedIn: string;
  let notOptedIn: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await loginAs(t.app, 'admin@a.com.br');
    wa = await startWhatsAppStandIn();
    const client = await createClient(
      t.ctx,
      t.a.actor,
      createClientBody.parse({ legalName: 'Oficina Pistão Ltda', document: '11.222.333/0001-81' }),
    );
    optedIn = (
      await createContact(
        t.ctx,
        t.a.actor,
        client.id,
        createContactBody.parse({ name: 'Márcia Lima', whatsapp: '(11) 98765-4321', whatsappOptIn: true }),
      )
    ).id;
    notOptedIn = (
      await createContact(
        t.ctx,
        t.a.actor,
        client.id,
        createContactBody.parse({
          name: 'Rui Souza',
          whatsapp: '(21) 99876-5432',
          email: 'rui@pistao.com.br',
        }),
      )
    ).id;
    const put = await admin.request({
      method: 'PUT',
      url: '/api/channels/whatsapp',
      payload: standInSettings(wa),
    });
    expect(put.statusCode).toBe(200);
    expect(put.body).not.toContain(wa.token);
  });
  afterAll(async () => {
    await wa.stop();
    await t.close();
  });

  const sendTo = (contactId: string, key: string, channels: ('whatsapp' | 'email')[] = ['whatsapp']) =>
    t.ctx.db.transaction().execute(async (trx) =>
      send(t.ctx, trx, {
        officeId: t.a.office.id,
        to: (await recipientOfContact(trx, t.a.office.id, contactId))!,
        channels,
        template: 'messaging.test',
        vars: { user: { name: 'Márcia' } },
        key,
        cause: { kind: 'test' },
      }),
    );
  const message = (id: string) =>
    t.ctx.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const webhook = (body: string, signature = wa.sign(body)) =>
    t.app.inject({
      method: 'POST',
      url: `/api/webhooks/whatsapp/${t.a.office.id}`,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
      payload: body,
    });

  it('answers the verify-token handshake, and refuses a wrong token', async () => {
    const ok = await t.app.inject({
      method: 'GET',
      url: `/api/webhooks/whatsapp/${t.a.office.id}?hub.mode=subscribe&hub.verify_token=verificacao-123&hub.challenge=1158201444`,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    const bad = await t.app.inject({
      method: 'GET',
      url: `/api/webhooks/whatsapp/${t.a.office.id}?hub.mode=subscribe&hub.verify_token=errado&hub.challenge=1`,
    });
    expect(bad.statusCode).toBe(403);
  });

  it('sends the approved template outside the 24-hour window, then maps statuses from signed webhooks', async () => {
    const r = await sendTo(optedIn, 'wa-1');
    expect(r.status).toBe('queued');
    await new Worker(t.ctx).runOnce();
    expect(wa.sent.at(-1)).toMatchObject({
      to: '5511987654321',
      type: 'template',
      template: { name: 'expediente_teste', language: 'pt_BR', params: ['Márcia', 'Escritório A'] },
    });
    const sent = await message(r.messageId);
    expect(sent.status).toBe('sent');
    const wamid = sent.provider_message_id!;
    const status = (s: string) =>
      webhookBody(wa.phoneNumberId, {
        statuses: [{ id: wamid, status: s, timestamp: '1795450000', recipient_id: '5511987654321' }],
      });

    expect((await webhook(status('read'), 'sha256=forged')).statusCode).toBe(403);
    expect((await message(r.messageId)).status).toBe('sent');
    expect((await webhook(status('delivered'))).statusCode).toBe(200);
    expect((await message(r.messageId)).status).toBe('delivered');
    await webhook(status('read'));
    await webhook(status('delivered')); // late and out of order: ignored
    expect((await message(r.messageId)).status).toBe('read');
  });

  it('uses free text inside the window an inbound message opens', async () => {
    const inbound = webhookBody(wa.phoneNumberId, {
      contacts: [{ profile: { name: 'Márcia' }, wa_id: '5511987654321' }],
      messages: [
        {
          from: '5511987654321',
          id: 'wamid.IN1',
          timestamp: String(Math.floor(t.ctx.clock.now().getTime() / 1000)),
          type: 'text',
          text: { body: 'Oi, recebi!' },
        },
      ],
    } as never);
    expect((await webhook(inbound)).statusCode).toBe(200);
    await webhook(inbound); // the same inbound twice is stored once
    expect(await t.ctx.db.selectFrom('inbound_messages').select('id').execute()).toHaveLength(1);
    wa.windowOpen.add('5511987654321');
    const r = await sendTo(optedIn, 'wa-2');
    await new Worker(t.ctx).runOnce();
    expect(wa.sent.at(-1)).toMatchObject({
      type: 'text',
      text: 'Olá, Márcia! Mensagem de teste do Expediente: o WhatsApp do Escritório A está funcionando.',
    });
    expect((await message(r.messageId)).status).toBe('sent');
  });

  it('honours 429 Retry-After, then sends', async () => {
    wa.rateLimitNext = 1;
    const r = await sendTo(optedIn, 'wa-3');
    await new Worker(t.ctx).runOnce();
    let m = await message(r.messageId);
    expect(m.status).toBe('queued');
    expect(m.error).toContain('429');
    const next = await t.ctx.db
      .selectFrom('jobs')
      .select('run_at')
      .where('unique_key', 'like', `deliver:${r.messageId}:at:%`)
      .executeTakeFirstOrThrow();
    expect(Date.parse(next.run_at) - t.ctx.clock.now().getTime()).toBe(2000);
    expect(await new Worker(t.ctx).runOnce()).toBe(0); // not before Retry-After
    t.ctx.clock.advance(2000);
    await new Worker(t.ctx).runOnce();
    m = await message(r.messageId);
    expect(m.status).toBe('sent');
  });

  it('fails for good on an invalid token', async () => {
    const good = wa.token;
    wa.token = 'another-token-9999999';
    const r = await sendTo(optedIn, 'wa-4');
    await new Worker(t.ctx).runOnce();
    const m = await message(r.messageId);
    expect(m.status).toBe('failed');
    expect(m.error).toContain('(190)');
    wa.token = good;
  });

  it('requires opt-in: skipped with the reason, or the next channel when one is given', async () => {
    const skipped = await sendTo(notOptedIn, 'wa-5');
    expect(skipped.status).toBe('skipped');
    expect(skipped.reason?.['pt-BR']).toBe('contato sem autorização (opt-in) para WhatsApp');
    const fallback = await sendTo(notOptedIn, 'wa-6', ['whatsapp', 'email']);
    expect(fallback).toMatchObject({ status: 'queued', channel: 'email' });
  });

  it('names each secret a first save lacks and writes nothing; a later save with them blank keeps the stored ones', async () => {
    const { accessToken: _token, appSecret: _secret, ...withoutSecrets } = standInSettings(wa);
    const adminB = await loginAs(t.app, 'admin@b.com.br');
    const first = await adminB.request({
      method: 'PUT',
      url: '/api/channels/whatsapp',
      payload: withoutSecrets,
    });
    expect(expectFieldErrors(first).map((e) => [e.field, e.code])).toEqual([
      ['accessToken', 'required'],
      ['appSecret', 'required'],
    ]);
    const storedOf = (officeId: string) =>
      t.ctx.db
        .selectFrom('channel_settings')
        .select('settings')
        .where('office_id', '=', officeId)
        .where('channel', '=', 'whatsapp')
        .executeTakeFirst();
    expect(await storedOf(t.b.office.id)).toBeUndefined();

    const before = JSON.parse((await storedOf(t.a.office.id))!.settings);
    const again = await admin.request({
      method: 'PUT',
      url: '/api/channels/whatsapp',
      payload: { ...withoutSecrets, verifyToken: 'verificacao-456' },
    });
    expect(again.statusCode).toBe(200);
    const after = JSON.parse((await storedOf(t.a.office.id))!.settings);
    expect(after).toEqual({ ...before, verifyToken: 'verificacao-456' });
    expect(again.json()).toMatchObject({ configured: true, verifyToken: 'verificacao-456' });
    expect(again.body).not.toContain(wa.token);
  });
});
