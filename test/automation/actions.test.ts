import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { blobStore } from '../../src/server/blobs/index.js';
import { newId } from '../../src/server/ids.js';
import { actionKind } from '../../src/server/modules/automation/index.js';
import { payInvoice, savePixSettings } from '../../src/server/modules/billing/index.js';
import { createContact } from '../../src/server/modules/clients/index.js';
import { updateUser } from '../../src/server/modules/platform/index.js';
import { createTicket, moveTicket } from '../../src/server/modules/tickets/index.js';
import { createTicketBody } from '../../src/server/modules/tickets/tickets.schema.js';
import { officePix } from '../billing/fee-contract.js';
import { makeClient, noonSP } from '../billing/helpers.js';
import { pdfText } from '../billing/pdf-text.js';
import { seedOffice } from '../support/fixtures.js';
import { createTestContext, dialects, type TestContext } from '../support/test-db.js';
import { action, actionContext, itemOf, testPipeline } from './action-helpers.js';

for (const dialect of dialects) {
  describe(`automation actions (${dialect})`, () => {
    let ctx: TestContext;
    let seed: Awaited<ReturnType<typeof seedOffice>>;
    let officeId: string;
    let clientId: string;

    beforeAll(async () => {
      ctx = await createTestContext(dialect);
      ctx.clock.set(noonSP('2026-11-23'));
      seed = await seedOffice(ctx);
      officeId = seed.office.id;
      clientId = (await makeClient(ctx, seed.actor, 'Móveis Aurora Ltda', '11.222.333/0001-81')).id;
    });
    afterAll(async () => {
      await ctx?.destroy();
    });

    const messagesOfKey = (key: string) =>
      ctx.db
        .selectFrom('messages')
        .selectAll()
        .where('office_id', '=', officeId)
        .where('idempotency_key', '=', key)
        .execute();

    it('message.email renders the rule’s Liquid for the item’s client, through the outbox once per run', async () => {
      const email = action('message.email');
      const item = itemOf(clientId);
      const run = actionContext(ctx, officeId, item);
      const input = {
        subject: 'Pedido {{ item.product }} — {{ client.name }}',
        body: 'Olá, {{ client.name }}!\nValor: {{ item.value | money }}. Entrega em {{ item.due | date }}.\n{{ office.name }}',
      };
      const out = await email.run(run, input);
      const rows = await messagesOfKey(`automation:${run.run.id}`);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        channel: 'email',
        status: 'queued',
        client_id: clientId,
        address: 'financeiro@moveis.com.br',
        subject: 'Pedido Mesa de jantar — Móveis Aurora Ltda',
        cause_kind: 'automation',
        cause_id: run.run.id,
      });
      expect(rows[0]!.body_text).toBe(
        'Olá, Móveis Aurora Ltda!\nValor: R$ 2.500,00. Entrega em 10/12/2026.\nEscritório Teste',
      );
      expect(out.links).toEqual([{ kind: 'message', id: rows[0]!.id, label: 'queued' }]);

      // A retried run sends nothing new: the key names its message.
      const again = await email.run(run, input);
      expect(await messagesOfKey(`automation:${run.run.id}`)).toHaveLength(1);
      expect(again.links?.[0]?.id).toBe(rows[0]!.id);
    });

    it('test mode renders the message as a preview and writes nothing', async () => {
      const email = action('message.email');
      const run = actionContext(ctx, officeId, itemOf(clientId), { testMode: true });
      const out = await email.run(run, {
        subject: 'Oi {{ client.name }}',
        body: 'Produto: {{ item.product }}',
      });
      expect(out.preview).toEqual([
        {
          channel: 'email',
          to: 'financeiro@moveis.com.br',
          subject: 'Oi Móveis Aurora Ltda',
          body: 'Produto: Mesa de jantar',
        },
      ]);
      expect(await messagesOfKey(`automation:${run.run.id}`)).toHaveLength(0);
      const jobs = await ctx.db
        .selectFrom('jobs')
        .select('id')
        .where('unique_key', 'like', 'deliver:%')
        .execute();
      const queued = await ctx.db
        .selectFrom('messages')
        .select('id')
        .where('office_id', '=', officeId)
        .execute();
      expect(jobs.length).toBe(queued.length);
    });

    it('refuses at save time a template with an unknown variable, naming it, and an unknown template', async () => {
      const email = action('message.email');
      const issues = await email.validate(ctx, officeId, { subject: 'Oi', body: 'Pedido {{ item.color }}' });
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ field: 'body', code: 'unknown_variable' });
      expect(issues[0]!.message['pt-BR']).toContain('item.color');
      expect(issues[0]!.message.en).toContain('item.color');
      expect(
        await email.validate(ctx, officeId, { subject: 'Oi', body: '{{ vars.x }} {{ item.value }}' }),
      ).toEqual([]);
      const unknown = await email.validate(ctx, officeId, { template: 'nope.nothing' });
      expect(unknown[0]).toMatchObject({ field: 'template', code: 'unknown_template' });
      // A catalog template whose variables this pipeline does not give.
      const foreign = await email.validate(ctx, officeId, { template: 'tickets.status-changed' });
      expect(foreign[0]?.message['pt-BR']).toContain('ticket.');
      expect(() => email.parse({ to: { kind: 'client' } })).toThrow();
    });

    it('a tickets rule sends the ticket’s own template, with the movement and the portal link its module provides', async () => {
      const ticket = await createTicket(
        ctx,
        seed.actor,
        createTicketBody.parse({ clientId, subject: 'Nota fiscal' }),
      );
      await moveTicket(ctx, seed.actor, ticket.id, {
        to: 'analyzing',
        comment: 'Vamos verificar.',
        version: ticket.version,
      });
      const email = action('message.email');
      const tickets = { ...testPipeline, id: 'tickets' };
      const a = actionKind('message.email')!;
      const input = a.input.parse({ template: 'tickets.status-changed' });
      expect(await a.validate!(ctx.db, officeId, input, tickets)).toEqual([]);
      const item = itemOf(clientId, {
        pipelineId: 'tickets',
        id: ticket.id,
        stageId: 'analyzing',
        title: `#${ticket.number} Nota fiscal`,
        path: `/tickets/${ticket.id}`,
      });
      const run = actionContext(ctx, officeId, item);
      await email.run(run, { template: 'tickets.status-changed' });
      const [mail] = await messagesOfKey(`automation:${run.run.id}`);
      expect(mail!.subject).toBe(`Atendimento nº ${ticket.number} — Analisando: Nota fiscal`);
      expect(mail!.body_text).toContain('mudou de Aberto para Analisando');
      expect(mail!.body_text).toContain('Comentário da equipe: Vamos verificar.');
      expect(mail!.body_text).toMatch(/\/portal\/tickets\//);
    });

    it('message.sms records a skipped message with the reason when SMS is not set up; a contact gets it by e-mail', async () => {
      const sms = action('message.sms');
      const run = actionContext(ctx, officeId, itemOf(clientId));
      const out = await sms.run(run, { body: 'Pedido {{ item.product }} recebido.' });
      const [row] = await messagesOfKey(`automation:${run.run.id}`);
      expect(row).toMatchObject({ channel: 'sms', status: 'skipped' });
      expect(out.summary['pt-BR']).toContain('SMS não configurado');

      const contact = await createContact(ctx, seed.actor, clientId, {
        name: 'Carla Compras',
        email: 'carla@moveis.com.br',
      });
      const run2 = actionContext(ctx, officeId, itemOf(clientId));
      await action('message.email').run(run2, { to: { kind: 'contact', contactId: contact.id }, body: 'Oi' });
      const [mail] = await messagesOfKey(`automation:${run2.run.id}`);
      expect(mail).toMatchObject({
        recipient_kind: 'contact',
        recipient_id: contact.id,
        address: 'carla@moveis.com.br',
      });

      // An item without a client: the run fails with the reason.
      await expect(
        action('message.email').run(actionContext(ctx, officeId, itemOf(null)), { body: 'x' }),
      ).rejects.toThrow(/not linked to a client/);
    });

    it('staff.notify tells the responsible’s supervisor in the app and by e-mail; no supervisor is a clear failure', async () => {
      const notify = action('staff.notify');
      const item = itemOf(clientId, { responsibleId: seed.staff.id });
      const run = actionContext(ctx, officeId, item);
      const out = await notify.run(run, {
        to: 'supervisor',
        title: 'Pedido de {{ client.name }} parado',
        body: 'O pedido {{ item.title }} precisa de atenção.',
      });
      const notes = await ctx.db
        .selectFrom('notifications')
        .selectAll()
        .where('user_id', '=', seed.admin.id)
        .where('title', '=', 'Pedido de Móveis Aurora Ltda parado')
        .execute();
      expect(notes).toHaveLength(1);
      expect(notes[0]!.link).toBe(item.path);
      const [mail] = await messagesOfKey(`automation:${run.run.id}`);
      expect(mail).toMatchObject({
        recipient_kind: 'user',
        recipient_id: seed.admin.id,
        address: 'admin@teste.com.br',
      });
      expect(mail!.body_text).toContain('Pedido 42 — Mesa de jantar precisa de atenção');
      expect(out.summary['pt-BR']).toBe('Ana Admin avisado');

      // The admin has no supervisor.
      const run2 = actionContext(ctx, officeId, itemOf(clientId, { responsibleId: seed.admin.id }));
      await expect(notify.run(run2, { to: 'supervisor', title: 'x', body: 'y' })).rejects.toThrow(
        /no supervisor|não tem supervisor|No one/,
      );
      // Test mode: who and what, nothing written.
      const run3 = actionContext(ctx, officeId, item, { testMode: true });
      const t = await notify.run(run3, {
        to: 'responsible',
        title: 'T {{ item.product }}',
        body: 'B',
        email: true,
      });
      expect(t.preview?.map((p) => [p.channel, p.to, p.subject])).toEqual([
        ['app', 'Bruno Staff', 'T Mesa de jantar'],
        ['email', 'staff@teste.com.br', 'T Mesa de jantar'],
      ]);
      expect(await messagesOfKey(`automation:${run3.run.id}`)).toHaveLength(0);
    });

    it('refuses a supervisor that would close a cycle', async () => {
      // Bruno (staff) reports to Ana (admin): Ana reporting to Bruno would be circular.
      const err = await updateUser(ctx, seed.actor, seed.admin.id, { supervisorId: seed.staff.id }).catch(
        (e) => e,
      );
      expect(err.code).toBe('platform.supervisor_cycle');
      expect(err.fields[0].field).toBe('supervisorId');
      expect(err.messages['pt-BR']).toContain('Bruno Staff');
    });

    it('document.create renders Liquid into a PDF kept in the blob store, with a public link; an e-mail attaches it', async () => {
      const doc = action('document.create');
      const item = itemOf(clientId);
      const run = actionContext(ctx, officeId, item);
      const out = await doc.run(run, {
        name: 'Pedido {{ item.product }}',
        template:
          '# Confirmação de pedido\n\nCliente: {{ client.name }} ({{ client.document | document }})\n\n- Produto: {{ item.product }}\n- Valor: {{ item.value | money }}',
      });
      const row = await ctx.db
        .selectFrom('automation_documents')
        .selectAll()
        .where('run_id', '=', run.run.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ name: 'Pedido Mesa de jantar', item_id: item.id, client_id: clientId });
      const chunks: Buffer[] = [];
      for await (const c of await blobStore(ctx).open(row.blob_ref)) chunks.push(c as Buffer);
      const bytes = Buffer.concat(chunks);
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const text = await pdfText(bytes);
      expect(text).toContain('Confirmação de pedido');
      expect(text).toContain('Cliente: Móveis Aurora Ltda (11.222.333/0001-81)');
      expect(text).toContain('Valor: R$ 2.500,00');
      const document = out.output?.document as { id: string; name: string; link: string };
      expect(document).toMatchObject({ id: row.id, name: 'Pedido Mesa de jantar' });
      expect(document.link).toMatch(new RegExp(`/api/public/documents/${row.token}$`));
      expect(out.links).toEqual([{ kind: 'document', id: row.id, label: 'Pedido Mesa de jantar' }]);

      // A retried run finds its document.
      await doc.run(run, { name: 'Pedido {{ item.product }}', template: 'x' });
      expect(
        await ctx.db
          .selectFrom('automation_documents')
          .select('id')
          .where('run_id', '=', run.run.id)
          .execute(),
      ).toHaveLength(1);

      // The public link downloads it without a session; a wrong token is 404.
      const app = await buildApp(ctx, { webRoot: null });
      try {
        const res = await app.inject({ method: 'GET', url: `/api/public/documents/${row.token}` });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect(res.rawPayload.equals(bytes)).toBe(true);
        const bad = await app.inject({ method: 'GET', url: `/api/public/documents/${'x'.repeat(32)}` });
        expect(bad.statusCode).toBe(404);
      } finally {
        await app.close();
      }

      // The next rule's e-mail links and attaches it.
      const run2 = actionContext(ctx, officeId, item, { vars: { document } });
      await action('message.email').run(run2, {
        subject: 'Seu pedido',
        body: 'Baixe: {{ vars.document.link }}',
        attachDocument: true,
      });
      const [mail] = await messagesOfKey(`automation:${run2.run.id}`);
      expect(mail!.body_text).toBe(`Baixe: ${document.link}`);
      expect(JSON.parse(mail!.attachments)).toEqual([
        {
          filename: 'Pedido Mesa de jantar.pdf',
          contentType: 'application/pdf',
          ref: row.blob_ref,
          size: bytes.length,
        },
      ]);
      // Without a document before it, attaching fails the run with the reason.
      await expect(
        action('message.email').run(actionContext(ctx, officeId, item), { body: 'x', attachDocument: true }),
      ).rejects.toThrow(/no document to attach/);
    });

    it('data.last_message reads what the client last sent', async () => {
      await ctx.db
        .insertInto('inbound_messages')
        .values([
          {
            id: newId(),
            office_id: officeId,
            channel: 'email',
            from_address: 'financeiro@moveis.com.br',
            provider_message_id: 'm1',
            body: 'Primeira',
            received_at: '2026-11-20T10:00:00.000Z',
          },
          {
            id: newId(),
            office_id: officeId,
            channel: 'email',
            from_address: 'financeiro@moveis.com.br',
            provider_message_id: 'm2',
            body: 'Pode enviar a nota?',
            received_at: '2026-11-22T10:00:00.000Z',
          },
          {
            id: newId(),
            office_id: officeId,
            channel: 'email',
            from_address: 'outro@cliente.com.br',
            provider_message_id: 'm3',
            body: 'De outro',
            received_at: '2026-11-23T10:00:00.000Z',
          },
        ])
        .execute();
      const out = await action('data.last_message').run(actionContext(ctx, officeId, itemOf(clientId)), {});
      expect(out.output).toEqual({
        lastMessage: {
          channel: 'email',
          body: 'Pode enviar a nota?',
          receivedAt: '2026-11-22T10:00:00.000Z',
        },
      });
      const none = await action('data.last_message').run(actionContext(ctx, officeId, itemOf(clientId)), {
        channel: 'whatsapp',
      });
      expect(none.output).toEqual({ lastMessage: null });
    });

    it('billing.create_invoice makes a PIX invoice from an item field that remembers the item; paying it names the item', async () => {
      await savePixSettings(ctx, seed.actor, officePix);
      const create = action('billing.create_invoice');
      expect(
        (await create.validate(ctx, officeId, { amount: { from: 'field', field: 'product' } }))[0]?.field,
      ).toBe('amount.field');
      const item = itemOf(clientId);
      const run = actionContext(ctx, officeId, item);
      const input = {
        amount: { from: 'field', field: 'value' },
        dueInBusinessDays: 3,
        description: 'Pedido {{ item.product }}',
      };
      const out = await create.run(run, input);
      const inv = out.output?.invoice as {
        id: string;
        amount: number;
        dueDate: string;
        pixCode: string;
        link: string;
      };
      // Monday 23/11/2026 + 3 business days = Thursday 26/11.
      expect(inv).toMatchObject({ amount: 250_000, dueDate: '2026-11-26' });
      expect(inv.pixCode).toMatch(/^000201/);
      const row = await ctx.db
        .selectFrom('invoices')
        .selectAll()
        .where('id', '=', inv.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        client_id: clientId,
        description: 'Pedido Mesa de jantar',
        period: '2026-11',
        automation_pipeline_id: item.pipelineId,
        automation_item_id: item.id,
        automation_run_id: run.run.id,
      });
      // Its PDF is kept with the item and linked.
      const doc = await ctx.db
        .selectFrom('automation_documents')
        .selectAll()
        .where('run_id', '=', run.run.id)
        .executeTakeFirstOrThrow();
      expect(inv.link).toContain(doc.token);
      const chunks: Buffer[] = [];
      for await (const c of await blobStore(ctx).open(doc.blob_ref)) chunks.push(c as Buffer);
      expect(await pdfText(Buffer.concat(chunks))).toContain('R$ 2.500,00');
      // A retried run finds its invoice.
      const again = await create.run(run, input);
      expect((again.output!.invoice as { id: string }).id).toBe(inv.id);
      expect(
        await ctx.db.selectFrom('invoices').select('id').where('client_id', '=', clientId).execute(),
      ).toHaveLength(1);
      // Another run for the same client and month is refused (one invoice per competência).
      await expect(create.run(actionContext(ctx, officeId, itemOf(clientId)), input)).rejects.toThrow(
        /already an invoice/,
      );

      // The open invoices read it.
      const open = await action('billing.open_invoices').run(
        actionContext(ctx, officeId, itemOf(clientId)),
        {},
      );
      expect(open.output).toMatchObject({ openInvoicesCount: 1, openInvoicesTotal: 250_000 });

      await payInvoice(ctx, seed.actor, inv.id, { note: null });
      const event = await ctx.db
        .selectFrom('events')
        .select('payload')
        .where('type', '=', 'invoice.paid')
        .where('entity_id', '=', inv.id)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(event.payload).item).toEqual({ pipelineId: item.pipelineId, itemId: item.id });
    });
  });
}
