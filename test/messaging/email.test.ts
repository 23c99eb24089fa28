import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../src/server/http/errors.js';
import { createClientBody } from '../../src/server/modules/clients/clients.schema.js';
import { createClient, createContact, unsubscribeByToken } from '../../src/server/modules/clients/index.js';
import { recipientOfClient, recipientOfContact } from '../../src/server/modules/clients/recipients.js';
import { enqueueKind, getRun, Worker } from '../../src/server/modules/engine/index.js';
import {
  compileTemplate,
  defineTemplate,
  type SendInput,
  send,
} from '../../src/server/modules/messaging/index.js';
import { saveEmailSettings } from '../../src/server/modules/messaging/messaging.service.js';
import { useOffice } from '../support/fixtures.js';
import { smtpSettings, startSmtp, type TestSmtp } from '../support/smtp.js';
import { dialects, useTestContext } from '../support/test-db.js';

defineTemplate({
  key: 'test.newsletter',
  description: { 'pt-BR': 'Teste', en: 'Test' },
  variables: ['office.*', 'contact.name', 'fee.cents', 'due'],
  transactional: false,
  defaults: {
    email: {
      subject: 'Honorários de {{ due | date }} — ação necessária',
      body: 'Olá, {{ contact.name }}!\n\nO valor de {{ fee.cents | money }} vence em {{ due | date }}.\n\nAtenciosamente,\n{{ office.name }}',
    },
  },
});

defineTemplate({
  key: 'test.asks-for-files',
  description: { 'pt-BR': 'Pede arquivos', en: 'Asks for files' },
  variables: ['office.*'],
  transactional: true,
  expectsReply: true,
  defaults: { email: { subject: 'Envie as certidões', body: 'Responda a este e-mail com os PDFs.' } },
});

describe.each(dialects)('e-mail through the outbox on %s', (dialect) => {
  const ctx = useTestContext(dialect);
  const seed = useOffice(ctx);
  let clientId: string;
  let noEmailClientId: string;
  let contactId: string;
  let smtp: TestSmtp;
  const worker = () => new Worker(ctx);

  beforeAll(async () => {
    const c = await createClient(
      ctx,
      seed.actor,
      createClientBody.parse({
        legalName: 'Padaria Pão de Açúcar Ltda',
        document: '11.222.333/0001-81',
        emails: ['financeiro@padaria.com.br'],
      }),
    );
    clientId = c.id;
    noEmailClientId = (
      await createClient(
        ctx,
        seed.actor,
        createClientBody.parse({ legalName: 'Sem E-mail Ltda', document: '12.ABC.345/01DE-35' }),
      )
    ).id;
    contactId = (
      await createContact(ctx, seed.actor, clientId, { name: 'João Conceição', email: 'joao@padaria.com.br' })
    ).id;
    smtp = await startSmtp();
  });
  afterAll(async () => smtp.stop());

  /** Sends `template` (the newsletter unless told) by e-mail; `vars` default to the recipient's name and R$ 1.234,56. */
  const sendTo = async (
    to: 'client' | 'noemail' | 'contact',
    key: string,
    extra: Partial<Pick<SendInput, 'template' | 'vars' | 'attachments'>> = {},
  ) =>
    ctx.db.transaction().execute(async (trx) => {
      const recipient =
        to === 'contact'
          ? await recipientOfContact(trx, seed.office.id, contactId)
          : await recipientOfClient(trx, seed.office.id, to === 'client' ? clientId : noEmailClientId);
      return send(ctx, trx, {
        officeId: seed.office.id,
        to: recipient!,
        channels: ['email'],
        template: 'test.newsletter',
        vars: { contact: { name: recipient!.name }, fee: { cents: 123456 }, due: '2026-12-10' },
        key,
        cause: { kind: 'test' },
        ...extra,
      });
    });
  const message = (id: string) =>
    ctx.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** The raw MIME of a message in the local mailbox, parsed. */
  const mailboxMail = async (messageId: string) => {
    const box = await ctx.db
      .selectFrom('mailbox')
      .select('raw')
      .where('message_id', '=', messageId)
      .executeTakeFirstOrThrow();
    return simpleParser(box.raw);
  };

  it('lands in the local mailbox, exactly as the client would see it, when no SMTP is configured', async () => {
    const r = await sendTo('client', 'k1');
    expect(r).toMatchObject({ status: 'queued', channel: 'email', duplicate: false });
    await worker().runOnce();
    expect((await message(r.messageId)).status).toBe('delivered');
    const mail = await mailboxMail(r.messageId);
    expect(mail.subject).toBe('Honorários de 10/12/2026 — ação necessária');
    expect(mail.from?.text).toBe('"Escritório Teste" <nao-responda@expediente.local>');
    expect(mail.text).toContain('O valor de R$ 1.234,56 vence em 10/12/2026.');
    expect(mail.html).toContain('<p>Olá, Padaria Pão de Açúcar Ltda!</p>');
    expect(mail.messageId).toBe(`<${r.messageId}@expediente>`);
  });

  it('a message that asks for an answer has a Reply-To that reaches the office, not the no-reply From', async () => {
    const deliver = async (template: string, key: string) => {
      const vars = { contact: { name: 'x' }, fee: { cents: 1 }, due: '2026-12-10' };
      const r = await sendTo('client', key, { template, vars });
      await worker().runOnce();
      return mailboxMail(r.messageId);
    };
    const asks = await deliver('test.asks-for-files', 'reply-1');
    expect(asks.from?.text).toContain('nao-responda@expediente.local');
    expect(asks.replyTo?.text).toBe('admin@teste.com.br');
    // A notice that asks nothing keeps no Reply-To.
    const notice = await deliver('test.newsletter', 'reply-2');
    expect(notice.replyTo).toBeUndefined();
  });

  it('the same key twice is one message', async () => {
    const again = await sendTo('client', 'k1');
    expect(again.duplicate).toBe(true);
    const rows = await ctx.db
      .selectFrom('messages')
      .select('id')
      .where('idempotency_key', '=', 'k1')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('a client without e-mail gets a visible skipped row with the reason, and no delivery job', async () => {
    const r = await sendTo('noemail', 'k2');
    expect(r.status).toBe('skipped');
    expect(r.reason).toEqual({
      'pt-BR': 'cliente sem e-mail cadastrado',
      en: 'client has no e-mail address',
    });
    const jobs = await ctx.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', 'messaging.deliver')
      .where('payload', 'like', `%${r.messageId}%`)
      .execute();
    expect(jobs).toHaveLength(0);
  });

  it('sends through a real SMTP server: accents, HTML and text parts, List-Unsubscribe for a contact', async () => {
    await saveEmailSettings(ctx, seed.actor, {
      ...smtpSettings(smtp),
      fromName: 'Escritório Contábil Conceição',
      replyTo: 'atendimento@escritorio.com.br',
    });
    const stored = await ctx.db.selectFrom('channel_settings').select('settings').executeTakeFirstOrThrow();
    expect(stored.settings).not.toContain('senha-smtp-secreta');
    const r = await sendTo('contact', 'k3');
    await worker().runOnce();
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.subject).toBe('Honorários de 10/12/2026 — ação necessária');
    expect(mail.from?.value[0]).toEqual({
      address: 'contato@escritorio.com.br',
      name: 'Escritório Contábil Conceição',
    });
    expect(mail.replyTo?.text).toBe('atendimento@escritorio.com.br');
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('joao@padaria.com.br');
    expect(mail.text).toContain('Olá, João Conceição!');
    expect(mail.html).toContain('Olá, João Conceição!');
    const unsubscribe = mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
    expect(unsubscribe.replace(/\r\n\s+/g, ' ')).toMatch(
      /^List-Unsubscribe: <http:\/\/.+\/api\/unsubscribe\/[\w-]+\.[\w-]+>$/,
    );
    expect((await message(r.messageId)).status).toBe('sent');

    // The one-click link opts the contact out; the next notice is skipped with the reason.
    const token = /\/api\/unsubscribe\/([\w.-]+)>/.exec(unsubscribe.replace(/\r\n\s+/g, ' '))![1]!;
    expect(await unsubscribeByToken(ctx, `${token}x`)).toBe(false);
    expect(await unsubscribeByToken(ctx, token)).toBe(true);
    const next = await sendTo('contact', 'k3-next');
    expect(next.status).toBe('skipped');
    expect(next.reason?.['pt-BR']).toBe('o contato optou por não receber e-mails');
  });

  it('SMTP 4xx is retried with backoff and then delivered; 5xx fails for good', async () => {
    smtp.received.length = 0;
    smtp.refuseWith = 451;
    const r = await sendTo('client', 'k4');
    await worker().runOnce();
    let msg = await message(r.messageId);
    expect(msg).toMatchObject({ status: 'queued', attempts: 1 });
    expect(msg.error).toContain('451');
    smtp.refuseWith = null;
    ctx.clock.advance(60_000);
    await worker().runOnce();
    msg = await message(r.messageId);
    expect(msg).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.received).toHaveLength(1);

    smtp.refuseWith = 550;
    const bad = await sendTo('client', 'k5');
    await worker().runOnce();
    msg = await message(bad.messageId);
    expect(msg.status).toBe('failed');
    expect(msg.error).toContain('550');
    smtp.refuseWith = null;
  });

  it('with the server down it retries, then delivers once it is back', async () => {
    smtp.received.length = 0;
    await smtp.stop();
    const r = await sendTo('client', 'k6');
    await worker().runOnce();
    let msg = await message(r.messageId);
    expect(msg.status).toBe('queued');
    await smtp.start();
    ctx.clock.advance(60_000);
    await worker().runOnce();
    msg = await message(r.messageId);
    expect(msg.status).toBe('sent');
    expect(smtp.received).toHaveLength(1);
  });

  it('carries attachments, stored once in the blob store, with safe file names', async () => {
    smtp.received.length = 0;
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 7)]);
    // Larger than the 64 KiB the sender gathers into one socket write: it streams in several.
    const scan = randomBytes(300 * 1024);
    const r = await sendTo('client', 'k-attach', {
      vars: { contact: { name: 'Financeiro' }, fee: { cents: 12000 }, due: '2026-12-10' },
      attachments: [
        { filename: '../Fatura novembro — R$ 120,00.pdf', contentType: 'application/pdf', data: pdf },
        { filename: 'contrato digitalizado.bin', contentType: 'application/octet-stream', data: scan },
      ],
    });
    await worker().runOnce();
    const mail = smtp.received.at(-1)!;
    expect(mail.attachments).toHaveLength(2);
    expect(mail.attachments[0]!.filename).toBe('.._Fatura novembro — R$ 120,00.pdf');
    expect(mail.attachments[0]!.contentType).toBe('application/pdf');
    expect(mail.attachments[0]!.content.equals(pdf)).toBe(true);
    expect(mail.attachments[1]!.filename).toBe('contrato digitalizado.bin');
    expect(mail.attachments[1]!.content.equals(scan)).toBe(true);
    const row = await message(r.messageId);
    expect(row.status).toBe('sent');
    expect(JSON.parse(row.attachments)[0]).toMatchObject({
      size: pdf.length,
      ref: expect.stringMatching(/^sha256:/),
    });
  });

  it('e-mails the summary of a background run to the user who asked for it', async () => {
    smtp.received.length = 0;
    const { id } = await enqueueKind(
      ctx,
      ctx.db,
      'clients.data-quality',
      {},
      { officeId: seed.office.id, requestedBy: seed.admin.id },
    );
    await worker().runOnce();
    expect((await getRun(ctx, seed.office.id, id)).state).toBe('succeeded');
    const summary = smtp.received.find((m) => m.subject?.startsWith('Execução concluída'));
    expect(summary?.subject).toBe('Execução concluída: Verificar cadastro de clientes');
    expect(summary?.text).toContain('clientes verificados');
    // The e-mail is in pt-BR; the run itself reads in the reader's language.
    const en = (await getRun(ctx, seed.office.id, id, 'en')).result as { summary: string };
    expect(en.summary).toMatch(/^\d+ clients checked: \d+ without e-mail, \d+ without WhatsApp, /);
    expect(en).not.toHaveProperty('summaryEn');
  });
});

/** The error `compileTemplate` throws for `source` (undefined when it compiles). */
const compileError = (source: string, vars: string[]) => {
  try {
    compileTemplate(source, vars);
  } catch (e) {
    return e as AppError;
  }
};

describe('templates', () => {
  it('refuses an unknown variable with the line and the available ones', () => {
    const err = compileError('Olá {{ client.legalName }}\nVence {{ cliente.vencimento }}', [
      'client.*',
      'office.*',
    ]);
    expect(err?.code).toBe('messaging.unknown_variable');
    expect(err?.messages['pt-BR']).toBe(
      'Variável desconhecida na linha 2: cliente.vencimento. Disponíveis: client.*, office.*.',
    );
  });
  it('refuses bad syntax with the line', () => {
    const err = compileError('Linha 1\n{% if client.legalName %}sem fim', ['client.*']);
    expect(err?.code).toBe('messaging.template_syntax');
    expect(err?.messages['pt-BR']).toMatch(
      /^Erro no modelo, linha 2: a tag \{% if client.legalName %\} não foi fechada/,
    );
    expect(err?.messages.en).toMatch(/^Template error, line 2: tag \{% if client.legalName %\} not closed/);
  });
  it.each([
    ['{{ client.legalName', 'a saída "{{ client.legalName" não foi fechada com }}'],
    ['{{ client.legalName | dinheiro }}', 'filtro desconhecido: dinheiro'],
    ['{% endif %}', 'tag desconhecida ou sem abertura: "endif"'],
  ])('says what is wrong with %s in Portuguese', (source, reason) => {
    const err = compileError(`Olá\n\n${source}`, ['client.*']);
    expect(err?.messages['pt-BR']).toBe(`Erro no modelo, linha 3: ${reason}`);
  });
});
