/**
 * The seed's furniture store, end to end through the HTTP API on both dialects: a Processos pipeline "Loja
 * de móveis" with its public form; an SMS to the client on the first stage; on "Criar documentos" a
 * document, an invoice and an e-mail carrying both; on "Fatura" the trigger "Fatura paga" and a task for
 * the warehouse. The database is only read, to check results; the clock is fake.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobStore } from '../../src/server/blobs/index.js';
import { drainOffice } from '../../src/server/modules/automation/index.js';
import type { CardDetail, Pipeline } from '../../src/server/modules/processes/processes.schema.js';
import { fieldsOf, type JsonSchema } from '../../src/web/pages/automation/schema-form.js';
import { pdfText } from '../billing/pdf-text.js';
import { cnpj, postCreated } from '../http/helpers.js';
import { orderForm } from '../support/furniture-store.js';
import { createTestApp, loginAs, type Session } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { ok } from './helpers.js';

/** Wednesday 18/11/2026, 12:00 in São Paulo (Friday 20/11 is a national holiday: Consciência Negra). */
const START = '2026-11-18T15:00:00.000Z';
const minutes = (n: number) => n * 60_000;

interface Run {
  id: string;
  action: string;
  version: number;
  status: string;
  error: string | null;
  outcome: {
    summary: string;
    output?: Record<string, unknown>;
    links?: { kind: string; id: string; label?: string }[];
  } | null;
}
interface History {
  entries: { stageId: string; stageName: string; status: string; depth: number; runs: Run[] }[];
}

const rule = (
  name: string,
  action: string,
  input: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => ({ name, action, input, mode: 'sequence', delay: { kind: 'none' }, condition: null, ...extra });

describe.each(dialects)('the furniture store example, end to end (%s)', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let admin: Session;
  let sms: Server;
  let pipeline: Pipeline;
  let warehouse: { id: string };
  let manager: { id: string };
  let client: { id: string };
  let token: string;
  let card: CardDetail;
  const automationId = () => `process:${pipeline.id}`;
  const stage = (name: string) => pipeline.stages.find((s) => s.name === name)!.id;
  const drain = () => drainOffice(t.ctx, t.a.office.id);
  const history = async () =>
    ok<History>(
      await admin.request({
        method: 'GET',
        url: `/api/automation/items/${automationId()}/${card.id}/history`,
      }),
    );
  const messagesOfClient = (channel: 'sms' | 'email') =>
    t.ctx.db
      .selectFrom('messages')
      .selectAll()
      .where('client_id', '=', client.id)
      .where('channel', '=', channel)
      .execute();

  async function addRule(stageName: string, def: Record<string, unknown>) {
    const created = await postCreated<{ id: string }>(
      admin,
      `/api/automation/pipelines/${automationId()}/stages/${stage(stageName)}/rules`,
      def,
    );
    ok(await admin.request({ method: 'POST', url: `/api/automation/rules/${created.id}/publish` }));
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { sessionTtlMs: 365 * 86_400_000 });
    t.ctx.clock.set(START);
    admin = await loginAs(t.app, 'admin@a.com.br');

    // The office's SMS provider (a local one speaking the documented contract) and its PIX key.
    sms = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"sms-1"}'));
    });
    await new Promise<void>((r) => sms.listen(0, '127.0.0.1', r));
    ok(
      await admin.request({
        method: 'PUT',
        url: '/api/channels/sms',
        payload: {
          url: `http://127.0.0.1:${(sms.address() as AddressInfo).port}/send`,
          token: 'sms-token-0123456789',
          sender: 'MOVEIS',
        },
      }),
    );
    ok(
      await admin.request({
        method: 'PUT',
        url: '/api/billing/settings',
        payload: {
          keyKind: 'email',
          key: 'pix@escritorio-a.com.br',
          merchantName: 'ESCRITORIO A',
          merchantCity: 'SAO PAULO',
        },
      }),
    );

    const user = async (name: string, email: string) =>
      await postCreated<{ id: string }>(admin, '/api/users', {
        name,
        email,
        role: 'staff',
        password: 'uma-senha-bem-longa-123',
      });
    manager = await user('Gerente Paulo', 'paulo@a.com.br');
    warehouse = await user('Almoxarifado Joana', 'joana@a.com.br');

    client = await postCreated<{ id: string }>(admin, '/api/clients', {
      legalName: 'Casa Nova Decorações Ltda',
      document: cnpj(7301),
      emails: ['compras@casanova.com.br'],
      phone: '(11) 98765-4321',
    });

    pipeline = await postCreated<Pipeline>(admin, '/api/processes/pipelines', {
      name: 'Loja de móveis',
      stages: ['Novo pedido', 'Contato feito', 'Criar documentos', 'Fatura', 'Enviado'].map((name) => ({
        name,
      })),
    });
    pipeline = await postCreated<Pipeline>(admin, `/api/processes/pipelines/${pipeline.id}/fields`, {
      key: 'produto',
      label: 'Produto',
      type: 'text',
      required: true,
    });
    pipeline = ok<Pipeline>(
      await admin.request({
        method: 'PUT',
        url: `/api/processes/pipelines/${pipeline.id}/form`,
        payload: orderForm({ intro: 'Escolha o móvel; o gerente entra em contato.', fieldKeys: ['produto'] }),
      }),
    );
    token = pipeline.form!.token;

    // The rules of the seed, as the Automações screen saves them.
    await addRule(
      'Novo pedido',
      rule('SMS de boas-vindas', 'message.sms', {
        body: 'Olá! Recebemos seu pedido de {{ item.produto }}. O gerente entrará em contato em até 30 minutos.',
      }),
    );
    // "Notificar supervisor" when nobody took the order in 30 minutes: cancelled by the manager's move.
    await addRule(
      'Novo pedido',
      rule(
        'Pedido parado',
        'staff.notify',
        {
          to: 'user',
          userId: manager.id,
          title: 'Pedido {{ item.title }} sem contato',
          body: 'O cliente {{ client.name }} espera contato há 30 minutos.',
          email: false,
        },
        { mode: 'parallel', delay: { kind: 'after', amount: 30, unit: 'minutes' } },
      ),
    );
    await addRule(
      'Criar documentos',
      rule('Pedido em PDF', 'document.create', {
        name: 'Pedido — {{ client.name }}',
        template:
          '# Pedido\n\nCliente: {{ client.name }}\n\n- Produto: {{ item.produto }}\n- Valor: {{ item.value | money }}',
      }),
    );
    await addRule(
      'Criar documentos',
      rule(
        'Fatura do pedido',
        'billing.create_invoice',
        {
          amount: { from: 'field', field: 'value' },
          dueInBusinessDays: 3,
          description: 'Pedido {{ item.produto }}',
        },
        { mode: 'parallel' },
      ),
    );
    await addRule(
      'Criar documentos',
      rule('E-mail com documentos', 'message.email', {
        subject: 'Seu pedido: {{ item.produto }}',
        body: 'Pedido: {{ vars.document.link }}\nFatura de {{ vars.invoice.amountText }}, vence {{ vars.invoice.dueDate | date }}: {{ vars.invoice.link }}\nPIX: {{ vars.invoice.pixCode }}',
        attachDocument: true,
      }),
    );
    await postCreated(admin, `/api/automation/pipelines/${automationId()}/triggers`, {
      kind: 'invoice_paid',
      stageId: stage('Fatura'),
    });
    await addRule(
      'Fatura',
      rule('Separar o pedido', 'tasks.create', {
        title: 'Preparar o pedido para envio: {{ item.produto }}',
        description: 'Cliente: {{ client.name }}.',
        responsible: { kind: 'user', userId: warehouse.id },
        dueInBusinessDays: 1,
      }),
    );
  });
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((r) => (sms ? sms.close(() => r()) : r()));
  });

  it("the editor's form for 'Criar documento' asks the document's text, not a message template", async () => {
    const catalog = ok<{ actions: { items: { kind: string; inputSchema: JsonSchema }[] }[] }>(
      await admin.request({ method: 'GET', url: '/api/automation/catalog' }),
    );
    const doc = catalog.actions.flatMap((c) => c.items).find((a) => a.kind === 'document.create')!;
    expect(fieldsOf(doc.inputSchema).map((f) => [f.key, f.kind])).toEqual([
      ['name', 'text'],
      ['template', 'longText'],
    ]);
  });

  it('the public form puts the order in "Novo pedido" and the client gets the SMS', async () => {
    const sent = await t.app.inject({
      method: 'POST',
      url: `/api/public/forms/${token}`,
      payload: {
        name: 'Pedido Casa Nova',
        phone: '(11) 98765-4321',
        document: cnpj(7301),
        fields: { produto: 'Mesa de jantar' },
        website: '',
      },
    });
    expect(ok<{ thanks: string }>(sent, 201).thanks).toBe('Pedido recebido!');
    const row = await t.ctx.db
      .selectFrom('process_cards')
      .select('id')
      .where('pipeline_id', '=', pipeline.id)
      .executeTakeFirstOrThrow();
    card = ok<CardDetail>(await admin.request({ method: 'GET', url: `/api/processes/cards/${row.id}` }));
    expect(card).toMatchObject({ stageId: stage('Novo pedido'), clientId: client.id });

    await drain();
    const [message] = await messagesOfClient('sms');
    expect(message).toMatchObject({ status: 'queued', address: '+5511987654321' });
    expect(message!.body_text).toContain('O gerente entrará em contato em até 30 minutos');
    expect(message!.body_text).toContain('Mesa de jantar');
    const [entry] = (await history()).entries;
    expect(entry!.runs.map((r) => [r.action, r.status])).toEqual([
      ['message.sms', 'done'],
      ['staff.notify', 'pending'],
    ]);
    expect(entry!.runs[0]!.outcome!.links).toEqual([
      expect.objectContaining({ kind: 'message', id: message!.id }),
    ]);
  });

  it('the manager calls within 30 minutes: the pending notice is cancelled when the card moves on', async () => {
    t.ctx.clock.set(new Date(Date.parse(START) + minutes(20)).toISOString());
    ok(
      await admin.request({
        method: 'PATCH',
        url: `/api/processes/cards/${card.id}`,
        payload: { valueCents: 1_890_00, responsibleId: manager.id },
      }),
    );
    ok(
      await admin.request({
        method: 'POST',
        url: `/api/processes/cards/${card.id}/move`,
        payload: { stageId: stage('Contato feito') },
      }),
    );
    // Past the notice's due time: nothing runs for it.
    t.ctx.clock.set(new Date(Date.parse(START) + minutes(45)).toISOString());
    await drain();
    const notice = (await history()).entries.find((e) => e.stageName === 'Novo pedido')!.runs[1]!;
    expect(notice).toMatchObject({ action: 'staff.notify', status: 'cancelled' });
    expect(
      await t.ctx.db.selectFrom('notifications').select('id').where('user_id', '=', manager.id).execute(),
    ).toEqual([]);
  });

  it('"Criar documentos" makes the PDF and the invoice, then e-mails both links', async () => {
    ok(
      await admin.request({
        method: 'POST',
        url: `/api/processes/cards/${card.id}/move`,
        payload: { stageId: stage('Criar documentos') },
      }),
    );
    await drain();
    const entry = (await history()).entries.find((e) => e.stageName === 'Criar documentos')!;
    expect(entry.runs.map((r) => [r.action, r.status, r.error])).toEqual([
      ['document.create', 'done', null],
      ['billing.create_invoice', 'done', null],
      ['message.email', 'done', null],
    ]);

    const doc = await t.ctx.db
      .selectFrom('automation_documents')
      .selectAll()
      .where('item_id', '=', card.id)
      .where('name', '=', 'Pedido — Casa Nova Decorações Ltda')
      .executeTakeFirstOrThrow();
    const chunks: Buffer[] = [];
    for await (const c of await blobStore(t.ctx).open(doc.blob_ref)) chunks.push(c as Buffer);
    const text = await pdfText(Buffer.concat(chunks));
    expect(text).toContain('Mesa de jantar');
    expect(text).toContain('R$ 1.890,00');

    const invoice = await t.ctx.db
      .selectFrom('invoices')
      .selectAll()
      .where('client_id', '=', client.id)
      .executeTakeFirstOrThrow();
    // Wednesday + 3 business days, the Friday holiday skipped: Tuesday 24/11.
    expect(invoice).toMatchObject({
      amount_cents: 1_890_00,
      status: 'open',
      automation_item_id: card.id,
    });
    expect(String(invoice.due_date)).toContain('2026-11-24');
    const invoiceOutput = entry.runs[1]!.outcome!.output!.invoice as { id: string; link: string };
    expect(invoiceOutput.id).toBe(invoice.id);

    const [mail] = await messagesOfClient('email');
    expect(mail).toMatchObject({ status: 'queued', address: 'compras@casanova.com.br' });
    expect(mail!.subject).toBe('Seu pedido: Mesa de jantar');
    expect(mail!.body_text).toContain(`/api/public/documents/${doc.token}`);
    expect(mail!.body_text).toContain(invoiceOutput.link);
    expect(mail!.body_text).toContain('R$ 1.890,00, vence 24/11/2026');
    expect(JSON.parse(mail!.attachments).map((a: { ref: string }) => a.ref)).toContain(doc.blob_ref);
    expect(entry.runs[2]!.outcome!.links).toEqual([
      expect.objectContaining({ kind: 'message', id: mail!.id }),
    ]);
    // Both links answer without login.
    for (const link of [
      `/api/public/documents/${doc.token}`,
      new URL(invoiceOutput.link, 'http://x').pathname,
    ]) {
      const res = await t.app.inject({ method: 'GET', url: link });
      expect(res.statusCode, link).toBe(200);
      expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
  });

  it('paying the invoice moves the card to "Fatura" and the warehouse gets its task', async () => {
    const invoice = await t.ctx.db
      .selectFrom('invoices')
      .select('id')
      .where('client_id', '=', client.id)
      .executeTakeFirstOrThrow();
    ok(await admin.request({ method: 'POST', url: `/api/invoices/${invoice.id}/pay`, payload: {} }));
    const moved = ok<CardDetail>(
      await admin.request({ method: 'GET', url: `/api/processes/cards/${card.id}` }),
    );
    expect(moved.stageId).toBe(stage('Fatura'));
    expect(moved.movements.map((m) => m.source)).toContain('automation');

    await drain();
    const tasks = ok<{
      items: { id: string; title: string; responsible: { id: string }; dueDate: string | null }[];
    }>(
      await admin.request({
        method: 'GET',
        url: `/api/tasks?pipelineId=${encodeURIComponent(automationId())}&itemId=${card.id}`,
      }),
    );
    expect(tasks.items).toEqual([
      expect.objectContaining({
        title: 'Preparar o pedido para envio: Mesa de jantar',
        responsible: expect.objectContaining({ id: warehouse.id }),
        dueDate: '2026-11-19',
      }),
    ]);
    // The warehouse sees it in "Minhas tarefas".
    const joana = await loginAs(t.app, 'joana@a.com.br', 'uma-senha-bem-longa-123');
    const mine = ok<{ items: { id: string }[] }>(
      await joana.request({ method: 'GET', url: '/api/tasks?mine=true' }),
    );
    expect(mine.items.map((i) => i.id)).toEqual([tasks.items[0]!.id]);

    // The card's automation history: every entry and run with its outcome.
    // Newest entry first, as the card's Automação tab shows it.
    const h = await history();
    expect(h.entries.map((e) => [e.stageName, e.status])).toEqual([
      ['Fatura', 'active'],
      ['Criar documentos', 'left'],
      ['Contato feito', 'left'],
      ['Novo pedido', 'left'],
    ]);
    expect(h.entries.flatMap((e) => e.runs.map((r) => [r.action, r.status, r.version]))).toEqual([
      ['tasks.create', 'done', 1],
      ['document.create', 'done', 1],
      ['billing.create_invoice', 'done', 1],
      ['message.email', 'done', 1],
      ['message.sms', 'done', 1],
      ['staff.notify', 'cancelled', 1],
    ]);
    // The trigger's move is one step deeper in the payment's chain.
    expect(h.entries[0]!.depth).toBeGreaterThan(0);
    const taskRun = h.entries[0]!.runs[0]!;
    expect(taskRun.outcome!.links).toEqual([
      expect.objectContaining({ kind: 'task', id: tasks.items[0]!.id }),
    ]);
    for (const run of h.entries.flatMap((e) => e.runs))
      expect(run.outcome?.summary ?? run.error ?? run.status).toBeTruthy();
  });
});
