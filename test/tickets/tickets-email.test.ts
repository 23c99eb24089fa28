import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '../../src/server/modules/engine/index.js';
import { saveEmailSettings } from '../../src/server/modules/messaging/messaging.service.js';
import type { Ticket } from '../../src/server/modules/tickets/tickets.schema.js';
import { postCreated } from '../http/helpers.js';
import { smtpSettings, startSmtp, type TestSmtp } from '../support/smtp.js';
import { dialects } from '../support/test-db.js';
import { type MoveAnswer, moveReq, ok, openTicket, ticketsWorld, type World } from './helpers.js';

const toText = (m: TestSmtp['received'][number]) => (m.to && 'text' in m.to ? m.to.text : '');

describe.each(dialects)('ticket e-mails delivered through the outbox and SMTP on %s', (dialect) => {
  let w: World;
  let smtp: TestSmtp;

  beforeAll(async () => {
    w = await ticketsWorld(dialect);
    smtp = await startSmtp();
    await saveEmailSettings(w.ctx, { officeId: w.a.office.id, userId: w.a.admin.id }, smtpSettings(smtp));
  });
  afterAll(async () => {
    await smtp.stop();
    await w.close();
  });

  const deliver = () => new Worker(w.ctx).runOnce();

  it('every move e-mails the requester: ticket number, subject, from/to labels, comment and portal link', async () => {
    const t = await openTicket(w.adminA, {
      clientId: w.client.id,
      subject: 'Alteração do endereço da sede',
    });
    smtp.received.length = 0;
    const first = ok<MoveAnswer>(await moveReq(w.adminA, t, 'analyzing', 'Recebemos os documentos.'));
    const second = ok<MoveAnswer>(await moveReq(w.adminA, first.ticket, 'done'));
    expect([first.email.status, second.email.status]).toEqual(['queued', 'queued']);
    await deliver();
    expect(smtp.received).toHaveLength(2);
    const [a, b] = [...smtp.received].sort((x, y) => (x.subject ?? '').localeCompare(y.subject ?? ''));
    expect(a!.subject).toBe(`Atendimento nº ${t.number} — Analisando: Alteração do endereço da sede`);
    expect(b!.subject).toBe(`Atendimento nº ${t.number} — Finalizado: Alteração do endereço da sede`);
    expect(toText(a!)).toBe('financeiro@padaria.com.br');
    expect(a!.text).toContain('Olá, Padaria Pão de Açúcar Ltda.');
    expect(a!.text).toContain(
      `O status do seu atendimento nº ${t.number} — “Alteração do endereço da sede” — mudou de Aberto para Analisando em 23/11/2026.`,
    );
    expect(a!.text).toContain('Comentário da equipe: Recebemos os documentos.');
    expect(b!.text).toContain('mudou de Analisando para Finalizado');
    expect(b!.text).not.toContain('Comentário');
    expect(a!.text).toContain('Escritório A');
    // The link in the e-mail opens the client's portal for this ticket.
    const link = /(https?:\/\/\S+\/portal\/tickets\/([\w-]+\.[\w-]+))/.exec(a!.text ?? '');
    expect(link, a!.text).not.toBeNull();
    const portal = ok<{ ticket: { number: number; status: string } }>(
      await w.app.inject({ method: 'GET', url: `/api/portal/tickets/${link![2]}` }),
    );
    expect(portal.ticket).toMatchObject({ number: t.number, status: 'done' });
    const msgs = await w.ctx.db
      .selectFrom('messages')
      .select(['status', 'template', 'cause_kind'])
      .where('id', 'in', [first.email.messageId!, second.email.messageId!])
      .execute();
    expect(msgs).toHaveLength(2);
    expect(msgs.every((m) => m.status === 'sent' && m.template === 'tickets.status-changed')).toBe(true);
    // Sent by the status e-mail rule of the tickets pipeline (its run is in the ticket's automation history).
    expect(msgs.every((m) => m.cause_kind === 'automation')).toBe(true);
  });

  it('a client without e-mail: the move succeeds, nothing is delivered, the skipped message keeps the reason', async () => {
    const t = await openTicket(w.adminA, { clientId: w.noEmail.id, subject: 'Sem e-mail' });
    smtp.received.length = 0;
    const res = ok<MoveAnswer>(await moveReq(w.adminA, t, 'waiting'));
    expect(res.ticket.status).toBe('waiting');
    expect(res.email).toEqual({
      status: 'skipped',
      reason: 'Não foi possível enviar o e-mail: cliente sem e-mail cadastrado',
      messageId: expect.any(String),
    });
    await deliver();
    expect(smtp.received).toHaveLength(0);
    const msg = await w.ctx.db
      .selectFrom('messages')
      .select(['status', 'skip_reason'])
      .where('id', '=', res.email.messageId!)
      .executeTakeFirstOrThrow();
    expect(msg.status).toBe('skipped');
    expect(JSON.parse(msg.skip_reason!)['pt-BR']).toBe('cliente sem e-mail cadastrado');
  });

  it('Notificar e-mails the opened-ticket notice', async () => {
    const t = await openTicket(w.adminA, {
      clientId: w.client.id,
      serviceId: w.service.id,
      subject: 'Abertura de filial',
    });
    smtp.received.length = 0;
    ok(await w.adminA.request({ method: 'POST', url: `/api/tickets/${t.id}/notify` }));
    await deliver();
    expect(smtp.received).toHaveLength(1);
    const m = smtp.received[0]!;
    expect(m.subject).toBe(`Recebemos o seu atendimento nº ${t.number}: Abertura de filial`);
    expect(m.text).toContain(
      `Registramos o atendimento nº ${t.number} — “Abertura de filial”, aberto em 23/11/2026, referente ao serviço Alteração contratual.`,
    );
    expect(m.text).toContain('Responsável pelo atendimento: Ana Admin.');
    expect(m.text).toMatch(/\/portal\/tickets\/[\w-]+\.[\w-]+/);
  });

  it('a staff chat message is e-mailed with the portal link; an internal note is not', async () => {
    const t: Ticket = await openTicket(w.adminA, { clientId: w.client.id, subject: 'Conversa' });
    smtp.received.length = 0;
    const note = await postCreated<{ email: null; internal: boolean }>(
      w.adminA,
      `/api/tickets/${t.id}/chat`,
      { body: 'Nota interna: cliente costuma atrasar.', internal: true },
    );
    expect(note).toMatchObject({ internal: true, email: null });
    const msg = await postCreated<{ email: MoveAnswer['email']; author: string; authorName: string }>(
      w.adminA,
      `/api/tickets/${t.id}/chat`,
      { body: 'Bom dia! Pode nos enviar o contrato social assinado?' },
    );
    expect(msg).toMatchObject({
      author: 'staff',
      authorName: 'Ana Admin',
      email: { status: 'queued', reason: null },
    });
    await deliver();
    expect(smtp.received).toHaveLength(1);
    const m = smtp.received[0]!;
    expect(m.subject).toBe(`Nova mensagem no atendimento nº ${t.number}: Conversa`);
    expect(m.text).toContain('Ana Admin enviou uma mensagem');
    expect(m.text).toContain('Bom dia! Pode nos enviar o contrato social assinado?');
    expect(m.text).not.toContain('Nota interna');
    // The public answer counts as the first response for the SLA.
    const after = ok<Ticket>(await w.adminA.request({ method: 'GET', url: `/api/tickets/${t.id}` }));
    expect(after.sla.firstRespondedAt).toBe('2026-11-23T12:00:00.000Z');
  });
});
