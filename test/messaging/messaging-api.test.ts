import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '../../src/server/modules/engine/index.js';
import { defineTemplate } from '../../src/server/modules/messaging/index.js';

defineTemplate({
  key: 'test.client-notice',
  description: { 'pt-BR': 'Aviso ao cliente', en: 'Client notice' },
  variables: ['client.legalName', 'client.document'],
  transactional: true,
  defaults: {
    email: { subject: 'Aviso', body: 'Prezados, {{ client.legalName }} ({{ client.document | document }})' },
  },
});

import { createTestApp, loginAs, type Session } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';

describe.each(dialects)('messaging API on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let admin: Session;
  let staff: Session;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await loginAs(t.app, 'admin@a.com.br');
    staff = await loginAs(t.app, 'staff@a.com.br');
  });
  afterAll(async () => t.close());

  it('refuses a template with an unknown variable, naming the line; saves a valid one; previews it', async () => {
    const bad = await admin.request({
      method: 'PUT',
      url: '/api/templates/messaging.test/email',
      payload: { subject: 'Teste', body: 'Olá {{ user.name }}\n{{ usuario.email }}' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'messaging.unknown_variable' });
    expect(bad.json().detail).toContain('linha 2: usuario.email');

    const syntax = await admin.request({
      method: 'PUT',
      url: '/api/templates/messaging.test/email',
      headers: { 'accept-language': 'en' },
      payload: { subject: 'Teste', body: '{% if user.name %}oi' },
    });
    expect(syntax.statusCode).toBe(400);
    expect(syntax.json().detail).toMatch(/^Template error, line 1:/);

    expect(
      (
        await staff.request({
          method: 'PUT',
          url: '/api/templates/messaging.test/email',
          payload: { subject: 'x', body: 'y' },
        })
      ).statusCode,
    ).toBe(403);

    const ok = await admin.request({
      method: 'PUT',
      url: '/api/templates/messaging.test/email',
      payload: { subject: 'Teste do {{ office.name }}', body: 'Oi, {{ user.name }}! Tudo certo por aqui.' },
    });
    expect(ok.statusCode).toBe(204);
    const preview = await admin.request({
      method: 'POST',
      url: '/api/templates/messaging.test/email/preview',
      payload: { subject: 'Teste do {{ office.name }}', body: 'Oi, {{ user.name }}!' },
    });
    expect(preview.json()).toEqual({ subject: 'Teste do Escritório A', body: 'Oi, [user.name]!' });
    const list = await admin.request({ method: 'GET', url: '/api/templates' });
    const tpl = list.json().items.find((i: { key: string }) => i.key === 'messaging.test');
    expect(tpl.channels[0].custom.subject).toBe('Teste do {{ office.name }}');
  });

  it('previews a template against a real client of the office', async () => {
    const created = await admin.request({
      method: 'POST',
      url: '/api/clients',
      payload: { legalName: 'Açougue Boi de Ouro Ltda', document: '12.ABC.345/01DE-35' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const preview = await admin.request({
      method: 'POST',
      url: '/api/templates/test.client-notice/email/preview',
      payload: {
        subject: 'Aviso',
        body: 'Prezados, {{ client.legalName }} ({{ client.document | document }})',
        clientId: created.json().id,
      },
    });
    expect(preview.json()).toEqual({
      subject: 'Aviso',
      body: 'Prezados, Açougue Boi de Ouro Ltda (12.ABC.345/01DE-35)',
    });
  });

  it('sends a test e-mail to the admin through the outbox into the local mailbox, with the office template', async () => {
    const res = await admin.request({ method: 'POST', url: '/api/channels/email/test' });
    expect(res.json()).toMatchObject({ status: 'queued', channel: 'email' });
    await new Worker(t.ctx).runOnce();
    const messages = await admin.request({ method: 'GET', url: '/api/messages?status=delivered' });
    expect(messages.json().items[0]).toMatchObject({
      subject: 'Teste do Escritório A',
      address: 'admin@a.com.br',
      status: 'delivered',
    });
    const box = await admin.request({ method: 'GET', url: '/api/mailbox' });
    expect(box.json().items[0]).toMatchObject({ to: 'admin@a.com.br', subject: 'Teste do Escritório A' });
    const raw = await admin.request({ method: 'GET', url: `/api/mailbox/${box.json().items[0].id}/raw` });
    expect(raw.headers['content-type']).toContain('message/rfc822');
    expect(raw.body).toContain('Oi, Ana Admin! Tudo certo por aqui.');
    // Office B sees none of it.
    const other = await loginAs(t.app, 'admin@b.com.br');
    expect((await other.request({ method: 'GET', url: '/api/messages' })).json().total).toBe(0);
    expect((await other.request({ method: 'GET', url: '/api/mailbox' })).json().total).toBe(0);
  });

  it('stores SMTP settings with the password encrypted and never returns it', async () => {
    const put = await admin.request({
      method: 'PUT',
      url: '/api/channels/email',
      payload: {
        host: 'smtp.exemplo.com.br',
        port: 587,
        security: 'starttls',
        user: 'u',
        password: 'segredo-123',
        fromName: 'Escritório A',
        fromAddress: 'contato@a.com.br',
      },
    });
    expect(put.statusCode).toBe(200);
    expect(put.body).not.toContain('segredo-123');
    expect(put.json()).toMatchObject({ mode: 'smtp', hasPassword: true });
    const get = await admin.request({ method: 'GET', url: '/api/channels/email' });
    expect(get.body).not.toContain('segredo');
    const bad = await admin.request({
      method: 'PUT',
      url: '/api/channels/email',
      payload: { host: '', port: 0, security: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    expect((await admin.request({ method: 'DELETE', url: '/api/channels/email' })).statusCode).toBe(204);
    expect((await admin.request({ method: 'GET', url: '/api/channels/email' })).json()).toEqual({
      mode: 'mailbox',
    });
  });
});
