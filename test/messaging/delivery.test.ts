/**
 * How deliveries end, channel by channel: a refused recipient bounces, a provider's 5xx is retried, a
 * limit that never lifts fails in the end, the 24-hour WhatsApp window closes, each office has its own
 * per-minute limit, and a send belongs to its caller's transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../src/server/http/errors.js';
import { createClientBody, createContactBody } from '../../src/server/modules/clients/clients.schema.js';
import { createClient, createContact } from '../../src/server/modules/clients/index.js';
import { recipientOfContact } from '../../src/server/modules/clients/recipients.js';
import { Worker } from '../../src/server/modules/engine/index.js';
import { MAX_PROVIDER_WAITS } from '../../src/server/modules/messaging/deliver.job.js';
import { localizeDeliveryError } from '../../src/server/modules/messaging/delivery-errors.js';
import { type Recipient, send } from '../../src/server/modules/messaging/index.js';
import { saveEmailSettings } from '../../src/server/modules/messaging/messaging.service.js';
import { smtpSettings, startSmtp, type TestSmtp } from '../support/smtp.js';
import { createTestApp, loginAs } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import {
  standInSettings,
  startWhatsAppStandIn,
  type WhatsAppStandIn,
  webhookBody,
} from '../support/whatsapp-standin.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const message = (t: TestApp, id: string) =>
  t.ctx.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

const email = (to: string): Recipient => ({ kind: 'address', name: to, emails: [to] });

function sender(t: TestApp) {
  return (officeId: string, to: Recipient, key: string, channels: ('email' | 'whatsapp')[] = ['email']) =>
    t.ctx.db.transaction().execute((trx) =>
      send(t.ctx, trx, {
        officeId,
        to,
        channels,
        template: 'messaging.test',
        vars: { user: { name: to.name ?? 'Cliente' } },
        key,
        cause: { kind: 'test' },
      }),
    );
}

describe.each(dialects)('delivery outcomes on %s', (dialect) => {
  let t: TestApp;
  let smtp: TestSmtp;
  let wa: WhatsAppStandIn;
  let contact: Recipient;
  let sendTo: ReturnType<typeof sender>;
  const NUMBER = '5511987654321';

  beforeAll(async () => {
    t = await createTestApp(dialect);
    sendTo = sender(t);
    smtp = await startSmtp();
    wa = await startWhatsAppStandIn();
    await saveEmailSettings(t.ctx, t.a.actor, smtpSettings(smtp));
    const admin = await loginAs(t.app, 'admin@a.com.br');
    const put = await admin.request({
      method: 'PUT',
      url: '/api/channels/whatsapp',
      payload: standInSettings(wa),
    });
    expect(put.statusCode).toBe(200);
    const client = await createClient(
      t.ctx,
      t.a.actor,
      createClientBody.parse({ legalName: 'Oficina Pistão Ltda', document: '11.222.333/0001-81' }),
    );
    const c = await createContact(
      t.ctx,
      t.a.actor,
      client.id,
      createContactBody.parse({ name: 'Márcia Lima', whatsapp: '(11) 98765-4321', whatsappOptIn: true }),
    );
    contact = (await recipientOfContact(t.ctx.db, t.a.office.id, c.id))!;
  });
  afterAll(async () => {
    await wa.stop();
    await smtp.stop();
    await t.close();
  });

  const deliver = () => new Worker(t.ctx).runOnce();
  const webhook = (body: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/webhooks/whatsapp/${t.a.office.id}`,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': wa.sign(body) },
      payload: body,
    });

  it('an address the SMTP server refuses at RCPT TO bounces; a refusal of the message itself fails', async () => {
    smtp.unknownRecipients.add('ninguem@padaria.com.br');
    const bounced = await sendTo(t.a.office.id, email('ninguem@padaria.com.br'), 'rcpt-550');
    await deliver();
    const b = await message(t, bounced.messageId);
    expect(b.status).toBe('bounced');
    expect(b.error).toContain('550');
    expect(b.error).toContain('no such user');
    // Our words in the reader's language, then the server's answer as it came.
    expect(localizeDeliveryError(b.error, 'pt-BR')).toMatch(/^O destinatário foi recusado .* — SMTP 550: /);
    expect(localizeDeliveryError(b.error, 'en')).toMatch(/^The recipient was refused .* — SMTP 550: /);
    expect(smtp.received.map((m) => m.subject)).toEqual([]);
    // Permanent: no job left to try again.
    expect(await deliver()).toBe(0);

    smtp.refuseWith = 554;
    try {
      const failed = await sendTo(t.a.office.id, email('financeiro@padaria.com.br'), 'data-554');
      await deliver();
      expect(await message(t, failed.messageId)).toMatchObject({ status: 'failed' });
    } finally {
      smtp.refuseWith = null;
    }
  });

  it('the outbox lists bounced messages under their own status', async () => {
    const admin = await loginAs(t.app, 'admin@a.com.br');
    const res = await admin.request({ method: 'GET', url: '/api/messages?status=bounced' });
    expect(res.statusCode).toBe(200);
    const items = (res.json() as { items: { address: string; status: string; error: string }[] }).items;
    expect(items.map((m) => [m.address, m.status])).toEqual([['ninguem@padaria.com.br', 'bounced']]);
    expect(items[0]?.error).toMatch(/^O destinatário foi recusado .* — SMTP 550: .*no such user/);
    const en = await admin.request({
      method: 'GET',
      url: '/api/messages?status=bounced',
      headers: { 'accept-language': 'en' },
    });
    expect((en.json() as { items: { error: string }[] }).items[0]?.error).toMatch(
      /^The recipient was refused .* — SMTP 550: /,
    );
  });

  it('WhatsApp: a number that cannot receive bounces, at send time or through a status webhook', async () => {
    wa.undeliverable.add(NUMBER);
    try {
      const r = await sendTo(t.a.office.id, contact, 'wa-undeliverable', ['whatsapp']);
      await deliver();
      const m = await message(t, r.messageId);
      expect(m.status).toBe('bounced');
      expect(m.error).toContain('131026');
    } finally {
      wa.undeliverable.delete(NUMBER);
    }

    const late = await sendTo(t.a.office.id, contact, 'wa-late-bounce', ['whatsapp']);
    await deliver();
    const sent = await message(t, late.messageId);
    expect(sent.status).toBe('sent');
    const failedStatus = (code: number) =>
      webhookBody(wa.phoneNumberId, {
        statuses: [
          {
            id: sent.provider_message_id,
            status: 'failed',
            timestamp: '1795450000',
            recipient_id: NUMBER,
            errors: [{ code, title: 'Message undeliverable' }],
          },
        ],
      });
    expect((await webhook(failedStatus(131026))).statusCode).toBe(200);
    expect(await message(t, late.messageId)).toMatchObject({ status: 'bounced' });

    const other = await sendTo(t.a.office.id, contact, 'wa-late-fail', ['whatsapp']);
    await deliver();
    const otherSent = await message(t, other.messageId);
    const body = failedStatus(131049).replace(sent.provider_message_id!, otherSent.provider_message_id!);
    expect((await webhook(body)).statusCode).toBe(200);
    expect(await message(t, other.messageId)).toMatchObject({ status: 'failed' });
  });

  it('WhatsApp: a 500 from the Cloud API is retried with backoff, then sent once it recovers', async () => {
    wa.serverErrorNext = 1;
    const before = wa.sent.length;
    const r = await sendTo(t.a.office.id, contact, 'wa-500', ['whatsapp']);
    await deliver();
    let m = await message(t, r.messageId);
    expect(m.status).toBe('queued');
    expect(m.error).toContain('WhatsApp 500');
    expect(await deliver()).toBe(0); // not before the backoff
    t.ctx.clock.advance(60_000);
    await deliver();
    m = await message(t, r.messageId);
    expect(m.status).toBe('sent');
    expect(m.attempts).toBe(2);
    expect(wa.sent.length).toBe(before + 1);
  });

  it(`WhatsApp: a limit that does not lift fails the message after ${MAX_PROVIDER_WAITS} waits`, async () => {
    wa.rateLimitNext = MAX_PROVIDER_WAITS + 1;
    try {
      const r = await sendTo(t.a.office.id, contact, 'wa-429-forever', ['whatsapp']);
      for (let i = 0; i < MAX_PROVIDER_WAITS; i++) {
        await deliver();
        expect((await message(t, r.messageId)).status).toBe('queued');
        t.ctx.clock.advance(2000); // the stand-in's Retry-After
      }
      await deliver();
      const m = await message(t, r.messageId);
      expect(m.status).toBe('failed');
      expect(m.error).toContain('429');
      expect(localizeDeliveryError(m.error, 'pt-BR')).toMatch(
        /^O provedor continuou limitando .* — WhatsApp 429/,
      );
      expect(localizeDeliveryError(m.error, 'en')).toMatch(/^The provider kept limiting .* — WhatsApp 429/);
      t.ctx.clock.advance(3_600_000);
      expect(await deliver()).toBe(0);
      expect(wa.rateLimitNext).toBe(0);
    } finally {
      wa.rateLimitNext = 0;
    }
  });

  it('WhatsApp: free text while the window is open; once 24 hours pass, the approved template again', async () => {
    const nowS = () => String(Math.floor(t.ctx.clock.now().getTime() / 1000));
    const inbound = webhookBody(wa.phoneNumberId, {
      contacts: [{ profile: { name: 'Márcia' }, wa_id: NUMBER }],
      messages: [{ from: NUMBER, id: 'wamid.WINDOW', timestamp: nowS(), type: 'text', text: { body: 'Oi' } }],
    } as never);
    expect((await webhook(inbound)).statusCode).toBe(200);
    wa.windowOpen.add(NUMBER);
    t.ctx.clock.advance(23 * 3_600_000);
    await sendTo(t.a.office.id, contact, 'wa-window-open', ['whatsapp']);
    await deliver();
    expect(wa.sent.at(-1)).toMatchObject({ to: NUMBER, type: 'text' });

    t.ctx.clock.advance(2 * 3_600_000); // 25 h after the contact's message
    await sendTo(t.a.office.id, contact, 'wa-window-closed', ['whatsapp']);
    await deliver();
    expect(wa.sent.at(-1)).toMatchObject({
      to: NUMBER,
      type: 'template',
      template: { name: 'expediente_teste' },
    });
    wa.windowOpen.delete(NUMBER);
    // Each delivery run's summary is stored in both languages.
    const results = (
      await t.ctx.db
        .selectFrom('jobs')
        .select('result')
        .where('kind', '=', 'messaging.deliver')
        .where('state', '=', 'succeeded')
        .execute()
    ).map((j) => JSON.parse(j.result ?? 'null'));
    expect(results).toContainEqual({
      summary: 'aceito pelo WhatsApp (texto)',
      summaryEn: 'accepted by WhatsApp (text)',
    });
    expect(results).toContainEqual({
      summary: 'aceito pelo WhatsApp (modelo expediente_teste)',
      summaryEn: 'accepted by WhatsApp (template expediente_teste)',
    });
  });

  it('a send belongs to the caller’s transaction: rolled back, it leaves no message and no job', async () => {
    const jobs = async () => (await t.ctx.db.selectFrom('jobs').select('id').execute()).length;
    const before = await jobs();
    await expect(
      t.ctx.db.transaction().execute(async (trx) => {
        await send(t.ctx, trx, {
          officeId: t.a.office.id,
          to: email('desfeito@padaria.com.br'),
          channels: ['email'],
          template: 'messaging.test',
          vars: { user: { name: 'Desfeito' } },
          key: 'rolled-back',
          cause: { kind: 'test' },
        });
        throw new Error('the caller changed its mind');
      }),
    ).rejects.toThrow('the caller changed its mind');
    const left = await t.ctx.db
      .selectFrom('messages')
      .select('id')
      .where('idempotency_key', '=', 'rolled-back')
      .execute();
    expect(left).toEqual([]);
    expect(await jobs()).toBe(before);
    // The key is free: the same send, committed, goes out.
    const r = await sendTo(t.a.office.id, email('desfeito@padaria.com.br'), 'rolled-back');
    expect(r).toMatchObject({ status: 'queued', duplicate: false });
  });

  it('falls back to the next channel the sender listed when delivery fails for good, once', async () => {
    const client = await createClient(
      t.ctx,
      t.a.actor,
      createClientBody.parse({ legalName: 'Padaria Estrela Ltda', document: '45.723.174/0001-10' }),
    );
    const both = (
      await createContact(
        t.ctx,
        t.a.actor,
        client.id,
        createContactBody.parse({
          name: 'Joana Reis',
          whatsapp: '(11) 91234-5678',
          email: 'joana@estrela.com.br',
          whatsappOptIn: true,
        }),
      )
    ).id;
    const joana = (await recipientOfContact(t.ctx.db, t.a.office.id, both))!;
    const byKey = (key: string) =>
      t.ctx.db.selectFrom('messages').selectAll().where('idempotency_key', '=', key).execute();
    const received = smtp.received.length;

    // Not on WhatsApp: the message bounces, and in the same commit the same message is queued by e-mail.
    wa.undeliverable.add('5511912345678');
    try {
      const r = await sendTo(t.a.office.id, joana, 'fb-1', ['whatsapp', 'email']);
      expect(r.channel).toBe('whatsapp');
      await deliver();
    } finally {
      wa.undeliverable.delete('5511912345678');
    }
    expect((await byKey('fb-1'))[0]).toMatchObject({ channel: 'whatsapp', status: 'bounced' });
    const [instead] = await byKey('fb-1:fallback');
    expect(instead).toMatchObject({
      channel: 'email',
      address: 'joana@estrela.com.br',
      status: 'sent', // the same worker run delivered it
      template: 'messaging.test',
      cause_kind: 'test',
      client_id: client.id,
    });
    const toJoana = smtp.received
      .slice(received)
      .filter((m) => m.to && 'text' in m.to && m.to.text === 'joana@estrela.com.br');
    expect(toJoana).toHaveLength(1);
    expect(toJoana[0]?.text).toContain('Joana Reis');

    // Accepted, then reported failed by a webhook (twice): one e-mail instead, not two.
    const r2 = await sendTo(t.a.office.id, joana, 'fb-2', ['whatsapp', 'email']);
    await deliver();
    const sent = (await byKey('fb-2'))[0]!;
    expect(sent.status).toBe('sent');
    const failed = webhookBody(wa.phoneNumberId, {
      statuses: [
        {
          id: sent.provider_message_id,
          status: 'failed',
          timestamp: '1795450000',
          recipient_id: '5511912345678',
          errors: [{ code: 131049, title: 'Not delivered to maintain healthy ecosystem engagement' }],
        },
      ],
    });
    expect((await webhook(failed)).statusCode).toBe(200);
    expect((await webhook(failed)).statusCode).toBe(200);
    expect((await byKey('fb-2'))[0]?.status).toBe('failed');
    expect(await byKey('fb-2:fallback')).toHaveLength(1);
    expect(r2.messageId).toBe(sent.id);

    // Delivered on the first channel: nothing else goes.
    await sendTo(t.a.office.id, joana, 'fb-3', ['whatsapp', 'email']);
    await deliver();
    expect((await byKey('fb-3'))[0]?.status).toBe('sent');
    expect(await byKey('fb-3:fallback')).toEqual([]);

    // Nowhere else to go (the contact has no e-mail): no fallback is kept, nothing new on failure.
    expect(contact.emails).toEqual([]);
    wa.undeliverable.add(NUMBER);
    try {
      await sendTo(t.a.office.id, contact, 'fb-4', ['whatsapp', 'email']);
      expect((await byKey('fb-4'))[0]?.fallback).toBeNull();
      await deliver();
    } finally {
      wa.undeliverable.delete(NUMBER);
    }
    expect((await byKey('fb-4'))[0]?.status).toBe('bounced');
    expect(await byKey('fb-4:fallback')).toEqual([]);
  });

  it('an unknown office is refused with its own message', async () => {
    const err = (await sendTo('no-such-office', email('x@y.com.br'), 'nope').catch((e) => e)) as AppError;
    expect(err.code).toBe('messaging.office_not_found');
    expect(err.status).toBe(404);
    expect(err.messages).toEqual({ 'pt-BR': 'Escritório não encontrado.', en: 'Office not found.' });
  });
});

describe.each(dialects)('per-minute limits per office on %s', (dialect) => {
  let t: TestApp;
  let smtp: TestSmtp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { rateLimitPerMinute: { email: 2, whatsapp: 0, sms: 0 } });
    smtp = await startSmtp();
    await saveEmailSettings(t.ctx, t.a.actor, smtpSettings(smtp));
    await saveEmailSettings(t.ctx, t.b.actor, smtpSettings(smtp));
  });
  afterAll(async () => {
    await smtp.stop();
    await t.close();
  });

  it('one office over its limit waits; another office on the same channel is not held back', async () => {
    const sendTo = sender(t);
    const a = [];
    for (const k of ['1', '2', '3', '4'])
      a.push(await sendTo(t.a.office.id, email(`a${k}@a.com.br`), `a-${k}`));
    const b = [];
    for (const k of ['1', '2']) b.push(await sendTo(t.b.office.id, email(`b${k}@b.com.br`), `b-${k}`));
    await new Worker(t.ctx).runOnce();
    const status = async (ids: { messageId: string }[]) =>
      (await Promise.all(ids.map((r) => message(t, r.messageId)))).map((m) => m.status).sort();
    expect(await status(a)).toEqual(['queued', 'queued', 'sent', 'sent']);
    expect(await status(b)).toEqual(['sent', 'sent']);
    const waiting = (await Promise.all(a.map((r) => message(t, r.messageId)))).find(
      (m) => m.status === 'queued',
    );
    expect(localizeDeliveryError(waiting!.error, 'pt-BR')).toBe(
      'Limite por minuto do escritório atingido; a mensagem aguarda a vez — email',
    );
    expect(waiting?.attempts).toBe(0); // waiting for the limit is not an attempt
    t.ctx.clock.advance(61_000);
    await new Worker(t.ctx).runOnce();
    expect(await status(a)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(smtp.received).toHaveLength(6);
  });
});
