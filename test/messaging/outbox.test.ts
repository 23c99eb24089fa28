/**
 * The outbox (Mensagens → Caixa de saída) through the HTTP API, on both dialects: each filter (status,
 * channel, client, cause) alone and combined returns exactly the right rows; retry of a failed or bounced
 * message re-queues it and the worker delivers it; retry is refused otherwise; cancel of a queued message
 * leaves nothing delivered, and is refused otherwise; a client's Comunicações list holds only its messages;
 * another office's messages never show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '../../src/server/modules/engine/index.js';
import { defineTemplate, send } from '../../src/server/modules/messaging/index.js';
import { messageCauses } from '../../src/server/modules/messaging/message-causes.js';
import { postCreated } from '../http/helpers.js';
import { smtpSettings, startSmtp, type TestSmtp } from '../support/smtp.js';
import { createTestApp, loginAs, type Session } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';

defineTemplate({
  key: 'test.outbox-notice',
  description: { 'pt-BR': 'Aviso de teste', en: 'Test notice' },
  variables: ['client.name', 'n'],
  transactional: true,
  defaults: {
    email: { subject: 'Aviso {{ n }} para {{ client.name }}', body: 'Prezados, aviso número {{ n }}.' },
    whatsapp: { body: 'Aviso {{ n }}' },
  },
});

interface Msg {
  id: string;
  channel: string;
  clientId: string | null;
  causeKind: string;
  status: string;
  attempts: number;
  error: string | null;
  sentAt: string | null;
}

describe.each(dialects)('the outbox on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let adminA: Session;
  let adminB: Session;
  let smtp: TestSmtp;
  const clients = { padaria: '', oficina: '', beta: '' };
  /** Message ids by a short name. */
  const m: Record<string, string> = {};

  const ok = <T>(res: { statusCode: number; body: string; json(): unknown }, status = 200): T => {
    expect(res.statusCode, res.body).toBe(status);
    return res.json() as T;
  };

  /** A second between creations, so "newest first" has one answer. */
  const tick = () => t.ctx.clock.advance(1000);
  /** A message through the product's send(), in its own transaction. */
  const sendTo = (
    officeId: string,
    clientId: string,
    opts: { channel: 'email' | 'whatsapp'; cause: string; n: number; name: string; email: string },
  ) =>
    t.ctx.db.transaction().execute((trx) => {
      tick();
      return send(t.ctx, trx, {
        officeId,
        to: {
          kind: 'client',
          id: clientId,
          name: opts.name,
          emails: [opts.email],
          whatsapp: '+5511987654321',
        },
        channels: [opts.channel],
        template: 'test.outbox-notice',
        vars: { client: { name: opts.name }, n: opts.n },
        key: `outbox-test:${opts.n}`,
        cause: { kind: opts.cause, id: `cause-${opts.n}` },
      });
    });

  const list = async (s: Session, query: string) =>
    ok<{ items: Msg[]; total: number }>(await s.request({ method: 'GET', url: `/api/messages?${query}` }));
  /** The ids a listing returns, as names of `m` (unknown ids as given), sorted. */
  const names = async (s: Session, query: string) => {
    const page = await list(s, query);
    expect(page.total).toBe(page.items.length);
    const byId = new Map(Object.entries(m).map(([k, v]) => [v, k]));
    return page.items.map((i) => byId.get(i.id) ?? i.id).sort();
  };
  const get = async (s: Session, id: string) =>
    ok<Msg>(await s.request({ method: 'GET', url: `/api/messages/${id}` }));
  const act = (s: Session, id: string, action: 'retry' | 'cancel', lang = 'pt-BR') =>
    s.request({ method: 'POST', url: `/api/messages/${id}/${action}`, headers: { 'accept-language': lang } });
  const worker = () => new Worker(t.ctx).runOnce();
  /** The Message-IDs the SMTP server accepted. */
  const receivedIds = () => smtp.received.map((r) => r.messageId);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    adminA = await loginAs(t.app, 'admin@a.com.br');
    adminB = await loginAs(t.app, 'admin@b.com.br');
    smtp = await startSmtp();
    const client = async (s: Session, legalName: string, document: string, email: string) =>
      (await postCreated<{ id: string }>(s, '/api/clients', { legalName, document, emails: [email] })).id;
    clients.padaria = await client(
      adminA,
      'Padaria Pão Quente Ltda',
      '11.222.333/0001-81',
      'fin@padaria.com.br',
    );
    clients.oficina = await client(
      adminA,
      'Oficina Roda Viva Ltda',
      '12.ABC.345/01DE-35',
      'adm@oficina.com.br',
    );
    clients.beta = await client(adminB, 'Cliente Beta Ltda', '11.222.333/0001-81', 'beta@beta.com.br');
    // Office A sends through a real SMTP server; office B keeps the local mailbox.
    ok(await adminA.request({ method: 'PUT', url: '/api/channels/email', payload: smtpSettings(smtp) }));

    const A = t.a.office.id;
    const padaria = { name: 'Padaria Pão Quente Ltda', email: 'fin@padaria.com.br' };
    const oficina = { name: 'Oficina Roda Viva Ltda', email: 'adm@oficina.com.br' };
    // Office A: a routine's e-mail to the Padaria; a routine's WhatsApp to the Oficina (skipped: WhatsApp
    // is not set up); a ticket's e-mail to the Oficina; the e-mail test (manual, to the admin, no client);
    // a real ticket's Notificar to the Padaria; a run's e-mail to the Padaria.
    m.routinePadaria = (
      await sendTo(A, clients.padaria, { channel: 'email', cause: 'routine', n: 1, ...padaria })
    ).messageId;
    const skipped = await sendTo(A, clients.oficina, {
      channel: 'whatsapp',
      cause: 'routine',
      n: 2,
      ...oficina,
    });
    expect(skipped.status).toBe('skipped');
    m.routineOficinaWa = skipped.messageId;
    m.ticketOficina = (
      await sendTo(A, clients.oficina, { channel: 'email', cause: 'ticket', n: 3, ...oficina })
    ).messageId;
    tick();
    m.manual = ok<{ messageId: string }>(
      await adminA.request({ method: 'POST', url: '/api/channels/email/test' }),
    ).messageId;
    tick();
    const ticket = await postCreated<{ id: string }>(adminA, '/api/tickets', {
      clientId: clients.padaria,
      subject: 'Alteração contratual',
    });
    tick();
    const notified = ok<{ email: { status: string; messageId: string } }>(
      await adminA.request({ method: 'POST', url: `/api/tickets/${ticket.id}/notify` }),
    );
    expect(notified.email.status).toBe('queued');
    m.ticketPadaria = notified.email.messageId;
    m.runPadaria = (
      await sendTo(A, clients.padaria, { channel: 'email', cause: 'run', n: 4, ...padaria })
    ).messageId;
    // Office B: a ticket's e-mail to its client, and its own test e-mail.
    m.beta = (
      await sendTo(t.b.office.id, clients.beta, {
        channel: 'email',
        cause: 'ticket',
        n: 5,
        name: 'Cliente Beta Ltda',
        email: 'beta@beta.com.br',
      })
    ).messageId;
    tick();
    m.betaManual = ok<{ messageId: string }>(
      await adminB.request({ method: 'POST', url: '/api/channels/email/test' }),
    ).messageId;
  });
  afterAll(async () => {
    await smtp?.stop();
    await t?.close();
  });

  it('stores the causes the product writes, all of them filterable', async () => {
    const a = await list(adminA, 'pageSize=100');
    expect(a.items.map((i) => i.causeKind).sort()).toEqual([
      'manual',
      'routine',
      'routine',
      'run',
      'ticket',
      'ticket',
    ]);
    for (const kind of a.items.map((i) => i.causeKind)) expect(messageCauses).toContain(kind);
    const bad = await adminA.request({ method: 'GET', url: '/api/messages?cause=nonsense' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields?.[0]?.field ?? bad.body).toContain('cause');
  });

  it('each filter alone returns exactly the right rows', async () => {
    expect(await names(adminA, '')).toEqual(
      ['manual', 'routineOficinaWa', 'routinePadaria', 'runPadaria', 'ticketOficina', 'ticketPadaria'].sort(),
    );
    expect(await names(adminA, 'status=skipped')).toEqual(['routineOficinaWa']);
    expect(await names(adminA, 'status=queued')).toEqual(
      ['manual', 'routinePadaria', 'runPadaria', 'ticketOficina', 'ticketPadaria'].sort(),
    );
    expect(await names(adminA, 'channel=whatsapp')).toEqual(['routineOficinaWa']);
    expect(await names(adminA, 'channel=sms')).toEqual([]);
    expect(await names(adminA, 'channel=email')).toEqual(
      ['manual', 'routinePadaria', 'runPadaria', 'ticketOficina', 'ticketPadaria'].sort(),
    );
    expect(await names(adminA, `clientId=${clients.oficina}`)).toEqual(['routineOficinaWa', 'ticketOficina']);
    expect(await names(adminA, `clientId=${clients.padaria}`)).toEqual(
      ['routinePadaria', 'runPadaria', 'ticketPadaria'].sort(),
    );
    expect(await names(adminA, 'cause=ticket')).toEqual(['ticketOficina', 'ticketPadaria']);
    expect(await names(adminA, 'cause=routine')).toEqual(['routineOficinaWa', 'routinePadaria']);
    expect(await names(adminA, 'cause=manual')).toEqual(['manual']);
    expect(await names(adminA, 'cause=run')).toEqual(['runPadaria']);
  });

  it('filters combine (and paginate with the right total)', async () => {
    expect(await names(adminA, `clientId=${clients.oficina}&cause=routine`)).toEqual(['routineOficinaWa']);
    expect(await names(adminA, `clientId=${clients.oficina}&channel=email`)).toEqual(['ticketOficina']);
    expect(await names(adminA, `clientId=${clients.padaria}&cause=ticket`)).toEqual(['ticketPadaria']);
    expect(await names(adminA, 'cause=routine&status=queued')).toEqual(['routinePadaria']);
    expect(await names(adminA, 'cause=routine&channel=whatsapp&status=skipped')).toEqual([
      'routineOficinaWa',
    ]);
    expect(await names(adminA, `cause=manual&clientId=${clients.padaria}`)).toEqual([]);
    expect(await names(adminA, 'cause=ticket&status=skipped')).toEqual([]);
    const page = await list(adminA, 'channel=email&pageSize=2&page=2');
    expect(page.total).toBe(5);
    expect(page.items).toHaveLength(2);
  });

  it("another office's messages never show, whatever the filter", async () => {
    expect(await names(adminB, '')).toEqual(['beta', 'betaManual']);
    expect(await names(adminB, 'cause=ticket')).toEqual(['beta']);
    expect(await names(adminA, `clientId=${clients.beta}`)).toEqual([]);
    expect(await names(adminB, `clientId=${clients.padaria}`)).toEqual([]);
    expect(
      (await adminB.request({ method: 'GET', url: `/api/messages/${m.ticketPadaria}` })).statusCode,
    ).toBe(404);
    expect((await act(adminB, m.ticketPadaria!, 'cancel')).statusCode).toBe(404);
    expect((await act(adminB, m.ticketPadaria!, 'retry')).statusCode).toBe(404);
    expect((await get(adminA, m.ticketPadaria!)).status).toBe('queued');
  });

  it('cancels a queued message: never delivered, even after the worker runs; refused once cancelled', async () => {
    const cancelled = ok<Msg>(await act(adminA, m.runPadaria!, 'cancel'));
    expect(cancelled).toMatchObject({ id: m.runPadaria, status: 'cancelled' });
    expect(await names(adminA, 'status=cancelled')).toEqual(['runPadaria']);

    // One mailbox refuses the recipient (bounced); the server refuses every message body (failed).
    smtp.unknownRecipients.add('fin@padaria.com.br');
    smtp.refuseWith = 550;
    await worker();
    expect((await get(adminA, m.runPadaria!)).status).toBe('cancelled');
    expect((await get(adminA, m.runPadaria!)).attempts).toBe(0);

    const again = await act(adminA, m.runPadaria!, 'cancel');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'messaging.not_cancellable',
      detail: 'Só é possível cancelar mensagens na fila.',
    });
    // Cancelled is not failed: nothing to send again either.
    expect((await act(adminA, m.runPadaria!, 'retry')).statusCode).toBe(409);
  });

  it('the worker left failed and bounced messages, which the filters find', async () => {
    expect(await names(adminA, 'status=failed')).toEqual(['manual', 'ticketOficina']);
    // Both Padaria e-mails went to the refused address.
    expect(await names(adminA, 'status=bounced')).toEqual(['routinePadaria', 'ticketPadaria']);
    expect(await names(adminA, `status=failed&clientId=${clients.oficina}`)).toEqual(['ticketOficina']);
    expect(await names(adminA, 'status=bounced&cause=ticket')).toEqual(['ticketPadaria']);
    expect((await get(adminA, m.ticketOficina!)).error).toContain('550');
    // Office B's e-mails landed in its local mailbox.
    expect(await names(adminB, 'status=delivered')).toEqual(['beta', 'betaManual']);
    expect(smtp.received).toHaveLength(0);
  });

  it('retries a failed message: queued again, then sent by the worker', async () => {
    smtp.refuseWith = null;
    const before = await get(adminA, m.ticketOficina!);
    expect(before.attempts).toBe(1);
    const retried = ok<Msg>(await act(adminA, m.ticketOficina!, 'retry'));
    expect(retried).toMatchObject({ status: 'queued', error: null });
    expect(await names(adminA, 'status=queued')).toEqual(['ticketOficina']);

    await worker();
    const sent = await get(adminA, m.ticketOficina!);
    expect(sent).toMatchObject({ status: 'sent', error: null, attempts: 2 });
    expect(sent.sentAt).not.toBeNull();
    expect(receivedIds()).toEqual([`<${m.ticketOficina}@expediente>`]);
    // The other failed one was not sent along.
    expect((await get(adminA, m.manual!)).status).toBe('failed');
  });

  it('retries a bounced message once the address is fixed', async () => {
    smtp.unknownRecipients.clear();
    expect(ok<Msg>(await act(adminA, m.ticketPadaria!, 'retry')).status).toBe('queued');
    await worker();
    expect((await get(adminA, m.ticketPadaria!)).status).toBe('sent');
    expect(receivedIds()).toContain(`<${m.ticketPadaria}@expediente>`);
    expect((await get(adminA, m.routinePadaria!)).status).toBe('bounced');
  });

  it('refuses to retry a sent, skipped or queued message, in pt-BR and English; a retry is one delivery', async () => {
    const sent = await act(adminA, m.ticketOficina!, 'retry');
    expect(sent.statusCode).toBe(409);
    expect(sent.json()).toMatchObject({
      code: 'messaging.not_retryable',
      detail: 'Só é possível reenviar mensagens que falharam ou foram devolvidas.',
    });
    const en = await act(adminA, m.ticketOficina!, 'retry', 'en');
    expect(en.json().detail).toBe('Only failed or bounced messages can be sent again.');
    expect((await act(adminA, m.routineOficinaWa!, 'retry')).statusCode).toBe(409);

    // Retried twice in a row: the second is refused (it is queued now), and one e-mail goes out.
    expect((await act(adminA, m.manual!, 'retry')).statusCode).toBe(200);
    const twice = await act(adminA, m.manual!, 'retry');
    expect(twice.statusCode).toBe(409);
    await worker();
    expect((await get(adminA, m.manual!)).status).toBe('sent');
    expect(receivedIds().filter((id) => id === `<${m.manual}@expediente>`)).toHaveLength(1);
  });

  it('refuses to cancel a sent or skipped message, in pt-BR and English', async () => {
    const sent = await act(adminA, m.ticketOficina!, 'cancel', 'en');
    expect(sent.statusCode).toBe(409);
    expect(sent.json()).toMatchObject({
      code: 'messaging.not_cancellable',
      detail: 'Only queued messages can be cancelled.',
    });
    expect((await act(adminA, m.routineOficinaWa!, 'cancel')).statusCode).toBe(409);
    expect((await get(adminA, m.ticketOficina!)).status).toBe('sent');
    // The cancelled one never went out.
    expect(receivedIds()).not.toContain(`<${m.runPadaria}@expediente>`);
  });

  it("lists a client's communications (the Comunicações tab) with their statuses, newest first", async () => {
    const oficina = await list(adminA, `clientId=${clients.oficina}&page=1&pageSize=20`);
    expect(oficina.items.map((i) => [i.id, i.status, i.channel, i.causeKind])).toEqual([
      [m.ticketOficina, 'sent', 'email', 'ticket'],
      [m.routineOficinaWa, 'skipped', 'whatsapp', 'routine'],
    ]);
    const padaria = await list(adminA, `clientId=${clients.padaria}&page=1&pageSize=20`);
    expect(new Map(padaria.items.map((i) => [i.id, i.status]))).toEqual(
      new Map([
        [m.runPadaria, 'cancelled'],
        [m.ticketPadaria, 'sent'],
        [m.routinePadaria, 'bounced'],
      ]),
    );
    expect(padaria.items.every((i) => i.clientId === clients.padaria)).toBe(true);
    const beta = await list(adminB, `clientId=${clients.beta}&page=1&pageSize=20`);
    expect(beta.items.map((i) => [i.id, i.status])).toEqual([[m.beta, 'delivered']]);
  });
});
