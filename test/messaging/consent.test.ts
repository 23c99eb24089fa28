/**
 * Consent of clients (and contacts): the clients API's two flags, WhatsApp only with the opt-in, and the
 * unsubscribe link of non-transactional e-mail — shown on GET (link scanners change nothing), set on POST
 * (RFC 8058 one-click), refused when forged.
 */
import { createHmac } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact } from '../../src/server/modules/clients/index.js';
import { recipientOfClient, recipientOfContact } from '../../src/server/modules/clients/recipients.js';
import { Worker } from '../../src/server/modules/engine/index.js';
import type { Channel } from '../../src/server/modules/messaging/index.js';
import { send, unsubscribeToken } from '../../src/server/modules/messaging/index.js';
import { saveEmailSettings } from '../../src/server/modules/messaging/messaging.service.js';
import { smtpSettings, startSmtp, type TestSmtp } from '../support/smtp.js';
import { createTestApp, loginAs, type Session } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { standInSettings, startWhatsAppStandIn, type WhatsAppStandIn } from '../support/whatsapp-standin.js';
import { INFORMATIVE, TRANSACTIONAL } from './consent-templates.js';

/** A header line of a received mail, unfolded (`List-Unsubscribe: <…>`), or undefined. */
const headerLine = (mail: ParsedMail, key: string) =>
  mail.headerLines.find((h) => h.key === key)?.line.replace(/\r\n\s+/g, ' ');

/** The path of the unsubscribe link in a mail's List-Unsubscribe header. */
function unsubscribePath(mail: ParsedMail): string {
  const m = /<https?:\/\/[^/>]+(\/api\/unsubscribe\/[\w.-]+)>/.exec(
    headerLine(mail, 'list-unsubscribe') ?? '',
  );
  if (!m) throw new Error('no List-Unsubscribe link');
  return m[1]!;
}

describe.each(dialects)('consent and the unsubscribe link on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let admin: Session;
  let smtp: TestSmtp;
  let wa: WhatsAppStandIn;
  let clientId: string;
  let link: string;
  const ONE_CLICK = 'List-Unsubscribe=One-Click';
  const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
  /** Opens an unsubscribe link as a browser does (GET) or as a mail client's one-click (POST, RFC 8058). */
  const follow = (method: 'GET' | 'POST', url: string) =>
    t.app.inject({ method, url, ...(method === 'POST' ? { headers: FORM, payload: ONE_CLICK } : {}) });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await loginAs(t.app, 'admin@a.com.br');
    smtp = await startSmtp();
    wa = await startWhatsAppStandIn();
    await saveEmailSettings(t.ctx, t.a.actor, smtpSettings(smtp));
    const put = await admin.request({
      method: 'PUT',
      url: '/api/channels/whatsapp',
      payload: standInSettings(wa),
    });
    expect(put.statusCode).toBe(200);
    // An office name that must be escaped on the page.
    await t.ctx.db
      .updateTable('offices')
      .set({ name: 'Contábil <Sul> & "Filhos"' })
      .where('id', '=', t.a.office.id)
      .execute();
  });
  afterAll(async () => {
    await smtp.stop();
    await wa.stop();
    await t.close();
  });

  const sendTo = (
    to: { client: string } | { contact: string },
    template: typeof INFORMATIVE | typeof TRANSACTIONAL,
    key: string,
    channels: Channel[] = ['email'],
  ) =>
    t.ctx.db.transaction().execute(async (trx) => {
      const recipient =
        'client' in to
          ? await recipientOfClient(trx, t.a.office.id, to.client)
          : await recipientOfContact(trx, t.a.office.id, to.contact);
      return send(t.ctx, trx, {
        officeId: t.a.office.id,
        to: recipient!,
        channels,
        template,
        vars: { name: recipient!.name },
        key,
        cause: { kind: 'test' },
      });
    });
  const deliverOne = async () => {
    smtp.received.length = 0;
    await new Worker(t.ctx).runOnce();
    expect(smtp.received).toHaveLength(1);
    return smtp.received[0]!;
  };
  const clientFlags = async (id: string) =>
    (await admin.request({ method: 'GET', url: `/api/clients/${id}` })).json<{
      emailOptOut: boolean;
      whatsappOptIn: boolean;
    }>();

  it('the clients API takes and returns both flags, false by default, and refuses a non-boolean', async () => {
    const created = await admin.request({
      method: 'POST',
      url: '/api/clients',
      payload: {
        legalName: 'Padaria Pão de Açúcar Ltda',
        document: '11.222.333/0001-81',
        emails: ['financeiro@padaria.com.br'],
        whatsapp: '(11) 98765-4321',
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ emailOptOut: false, whatsappOptIn: false });
    clientId = created.json<{ id: string }>().id;

    const optedIn = await admin.request({
      method: 'POST',
      url: '/api/clients',
      payload: {
        legalName: 'Oficina Pistão Ltda',
        document: '12.ABC.345/01DE-35',
        whatsapp: '(21) 99876-5432',
        whatsappOptIn: true,
      },
    });
    expect(optedIn.statusCode).toBe(201);
    expect(optedIn.json()).toMatchObject({ whatsappOptIn: true, emailOptOut: false });

    const patched = await admin.request({
      method: 'PATCH',
      url: `/api/clients/${optedIn.json<{ id: string }>().id}`,
      payload: { emailOptOut: true },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ whatsappOptIn: true, emailOptOut: true });
    const list = await admin.request({ method: 'GET', url: '/api/clients?q=pistao' });
    expect(list.json<{ items: unknown[] }>().items).toEqual([
      expect.objectContaining({ whatsappOptIn: true, emailOptOut: true }),
    ]);

    for (const bad of ['sim', 1, null]) {
      const res = await admin.request({
        method: 'PATCH',
        url: `/api/clients/${clientId}`,
        payload: { whatsappOptIn: bad },
      });
      expect(res.statusCode).toBe(400);
      const body = res.json<{ errors: { field: string; message: string }[] }>();
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0]!.field).toBe('whatsappOptIn');
      expect(body.errors[0]!.message).toBe('Escolha sim ou não.');
    }
    const en = await admin.request({
      method: 'POST',
      url: '/api/clients',
      headers: { 'accept-language': 'en' },
      payload: { legalName: 'Outra Ltda', document: '191.000.000-00', emailOptOut: 'no' },
    });
    expect(en.statusCode).toBe(400);
    expect(en.json<{ errors: { field: string; message: string }[] }>().errors[0]).toMatchObject({
      field: 'emailOptOut',
      message: 'Choose yes or no.',
    });
    // Nothing was changed by the refused requests.
    expect(await clientFlags(clientId)).toMatchObject({ whatsappOptIn: false, emailOptOut: false });
  });

  it('WhatsApp to a client without the opt-in is skipped with the reason; with it, queued', async () => {
    const before = await sendTo({ client: clientId }, INFORMATIVE, 'wa-1', ['whatsapp']);
    expect(before).toMatchObject({ status: 'skipped', channel: 'whatsapp' });
    expect(before.reason).toEqual({
      'pt-BR': 'cliente sem autorização (opt-in) para WhatsApp',
      en: 'client has not opted in to WhatsApp',
    });
    const patched = await admin.request({
      method: 'PATCH',
      url: `/api/clients/${clientId}`,
      payload: { whatsappOptIn: true },
    });
    expect(patched.json()).toMatchObject({ whatsappOptIn: true });
    const after = await sendTo({ client: clientId }, INFORMATIVE, 'wa-2', ['whatsapp']);
    expect(after).toMatchObject({ status: 'queued', channel: 'whatsapp', reason: null });
    const msg = await t.ctx.db
      .selectFrom('messages')
      .select(['address', 'status'])
      .where('id', '=', after.messageId)
      .executeTakeFirstOrThrow();
    expect(msg).toEqual({ address: '+5511987654321', status: 'queued' });
    // Delivered to the stand-in, so that the next test's worker has only e-mail to send.
    await new Worker(t.ctx).runOnce();
  });

  it('non-transactional mail to a client carries List-Unsubscribe and List-Unsubscribe-Post; transactional neither', async () => {
    await sendTo({ client: clientId }, INFORMATIVE, 'mail-1');
    const informative = await deliverOne();
    expect(informative.subject).toBe('Feliz aniversário');
    expect(headerLine(informative, 'list-unsubscribe')).toMatch(
      /^List-Unsubscribe: <http:\/\/.+\/api\/unsubscribe\/[\w-]+\.[\w-]+>$/,
    );
    expect(headerLine(informative, 'list-unsubscribe-post')).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    link = unsubscribePath(informative);
    // One URL path segment the router accepts (at most 100 characters).
    expect(link.slice('/api/unsubscribe/'.length).length).toBeLessThanOrEqual(100);
    expect(informative.text).toContain(link);
    expect(informative.html).toContain(link);

    await sendTo({ client: clientId }, TRANSACTIONAL, 'mail-2');
    const transactional = await deliverOne();
    expect(transactional.subject).toBe('Seu atendimento');
    expect(headerLine(transactional, 'list-unsubscribe')).toBeUndefined();
    expect(headerLine(transactional, 'list-unsubscribe-post')).toBeUndefined();
    expect(transactional.text).not.toContain('/api/unsubscribe/');
  });

  it('GET on the link only asks, in pt-BR or English, with the office name escaped', async () => {
    // What a mail security scanner does: fetch the link, twice, without a session.
    for (let i = 0; i < 2; i++) {
      const res = await follow('GET', link);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.body).toContain('<html lang="pt-BR">');
      expect(res.body).toContain('Cancelar e-mails informativos');
      expect(res.body).toContain('<form method="post">');
      expect(res.body).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click">');
      expect(res.body).toContain('Confirmar cancelamento');
      expect(res.body).toContain('Contábil &#60;Sul&#62; &#38; &#34;Filhos&#34;');
      expect(res.body).not.toContain('<Sul>');
    }
    const head = await t.app.inject({ method: 'HEAD', url: link });
    expect(head.statusCode).toBe(200);
    expect(await clientFlags(clientId)).toMatchObject({ emailOptOut: false });

    const en = await t.app.inject({
      method: 'GET',
      url: link,
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Confirm unsubscribe');
    expect(await clientFlags(clientId)).toMatchObject({ emailOptOut: false });
  });

  it('a POST without the one-click body changes nothing and shows the button again', async () => {
    const res = await t.app.inject({ method: 'POST', url: link, headers: FORM, payload: 'confirm=1' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Confirmar cancelamento');
    expect(await clientFlags(clientId)).toMatchObject({ emailOptOut: false });
  });

  it('POST one-click opts the client out, with an audit entry; then informative mail is skipped, transactional goes', async () => {
    const res = await follow('POST', link);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('Você não receberá mais e-mails informativos de');
    expect(res.body).toContain('Contábil &#60;Sul&#62; &#38; &#34;Filhos&#34;');
    expect(await clientFlags(clientId)).toMatchObject({ emailOptOut: true, whatsappOptIn: true });
    // The recipient did it, not a user: the entry has no user.
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('entity', '=', 'client')
      .where('entity_id', '=', clientId)
      .where('user_id', 'is', null)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.action).toBe('update');
    expect(JSON.parse(audit[0]!.before!)).toEqual({ emailOptOut: false });
    expect(JSON.parse(audit[0]!.after!)).toEqual({ emailOptOut: true });

    // Again (the page's button pressed twice, or the mail client retrying): harmless.
    const again = await follow('POST', link);
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('Você já não recebe e-mails informativos de');
    // And GET now says so instead of asking.
    const page = await follow('GET', link);
    expect(page.body).toContain('Você já não recebe e-mails informativos de');
    expect(page.body).not.toContain('<form');

    const skipped = await sendTo({ client: clientId }, INFORMATIVE, 'mail-3');
    expect(skipped).toMatchObject({ status: 'skipped', channel: 'email' });
    expect(skipped.reason).toEqual({
      'pt-BR': 'o cliente optou por não receber e-mails',
      en: 'the client opted out of e-mail',
    });
    const transactional = await sendTo({ client: clientId }, TRANSACTIONAL, 'mail-4');
    expect(transactional.status).toBe('queued');
    const mail = await deliverOne();
    expect(mail.subject).toBe('Seu atendimento');
  });

  it('one-click also works as multipart/form-data and for a contact', async () => {
    const contact = await createContact(t.ctx, t.a.actor, clientId, {
      name: 'João Conceição',
      email: 'joao@padaria.com.br',
    });
    await sendTo({ contact: contact.id }, INFORMATIVE, 'mail-5');
    const contactLink = unsubscribePath(await deliverOne());
    const boundary = '----expediente-test';
    const res = await t.app.inject({
      method: 'POST',
      url: contactLink,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    expect(res.statusCode).toBe(200);
    const skipped = await sendTo({ contact: contact.id }, INFORMATIVE, 'mail-6');
    expect(skipped.reason?.['pt-BR']).toBe('o contato optou por não receber e-mails');
  });

  it('a link from before clients had consent (two-part payload) still opts its contact out', async () => {
    const contact = await createContact(t.ctx, t.a.actor, clientId, {
      name: 'Maria Antiga',
      email: 'maria@padaria.com.br',
    });
    const text = `${t.a.office.id}:${contact.id}`;
    const sig = createHmac('sha256', t.ctx.config.secretKey)
      .update(`unsubscribe:${text}`)
      .digest('base64url')
      .slice(0, 32);
    const legacy = `/api/unsubscribe/${Buffer.from(text).toString('base64url')}.${sig}`;
    expect((await follow('GET', legacy)).statusCode).toBe(200);
    const res = await follow('POST', legacy);
    expect(res.statusCode).toBe(200);
    const row = await t.ctx.db
      .selectFrom('contacts')
      .select('email_opt_out')
      .where('id', '=', contact.id)
      .executeTakeFirstOrThrow();
    expect(row.email_opt_out).toBe(1);
  });

  it('a forged or malformed token is refused with a clear page, and opts no one out', async () => {
    const other = await admin.request({
      method: 'POST',
      url: '/api/clients',
      payload: { legalName: 'Alvo Ltda', document: '60.701.190/0001-04', emails: ['alvo@alvo.com.br'] },
    });
    const targetId = other.json<{ id: string }>().id;
    const [payload, sig] = link.slice('/api/unsubscribe/'.length).split('.') as [string, string];
    // The victim's payload with the signature of another recipient's link; a flipped signature; garbage;
    // and a payload signed with the wrong key.
    const valid = unsubscribeToken(t.ctx, t.a.office.id, 'client', targetId);
    const victim = valid.split('.')[0]!;
    const wrongKey = createHmac('sha256', 'not-the-secret')
      .update('unsubscribe:')
      .update(Buffer.from(victim, 'base64url'))
      .digest('base64url')
      .slice(0, 32);
    const flipped = `${payload}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    for (const bad of [
      `${victim}.${sig}`,
      flipped,
      `${victim}.${wrongKey}`,
      'nao-e-um-token',
      `${payload}.${sig}.x`,
    ]) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await follow(method, `/api/unsubscribe/${bad}`);
        expect(res.statusCode).toBe(400);
        expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(res.body).toContain('Link inválido');
        expect(res.body).not.toContain('<form');
      }
    }
    expect(await clientFlags(targetId)).toMatchObject({ emailOptOut: false });

    // A valid link whose client was deleted: 404, "no longer valid".
    const deleted = await admin.request({ method: 'DELETE', url: `/api/clients/${targetId}` });
    expect(deleted.statusCode).toBe(204);
    for (const method of ['GET', 'POST'] as const) {
      const gone = await follow(method, `/api/unsubscribe/${valid}`);
      expect(gone.statusCode).toBe(404);
      expect(gone.body).toContain('Link expirado');
    }
  });
});
