import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCatalog } from '../../src/server/catalog.js';
import { writeTransaction } from '../../src/server/db/group-commit.js';
import { emitEvent } from '../../src/server/modules/automation/index.js';
import { type CollectionWorld, collectionWorld, ok, scheduleOnce } from '../collection/helpers.js';
import { cnpj, expectFieldErrors, expectProblem, postCreated } from '../http/helpers.js';
import type { Session } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import {
  standInSettings,
  startWhatsAppStandIn,
  type WhatsAppStandIn,
  webhookBody,
} from '../support/whatsapp-standin.js';
import { multipart, tinyPdf } from '../tickets/helpers.js';

registerCatalog();

interface Trigger {
  id: string;
  pipelineId: string;
  stageId: string;
  kind: string;
  name: string;
  description: string;
  config: Record<string, unknown>;
  allowBack: boolean;
  enabled: boolean;
  webhookUrl: string | null;
}
interface Moved {
  pipelineId: string;
  itemId: string;
  title: string;
  from: string;
  to: string;
}

const NUMBER = '5511987654321';

for (const dialect of dialects) {
  describe(`automation triggers on the collection pipeline (${dialect})`, () => {
    let w: CollectionWorld;
    let wa: WhatsAppStandIn;
    /** Each client's programação of 2026-11. */
    const req: Record<'padaria' | 'mercado' | 'oficina', string> = { padaria: '', mercado: '', oficina: '' };
    const triggers: string[] = [];

    const statusOf = async (id: string) =>
      (
        await w.ctx.db
          .selectFrom('collection_requests')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).status;
    const setStatus = (id: string, status: 'open' | 'started' | 'closed' | 'cancelled') =>
      w.ctx.db.updateTable('collection_requests').set({ status }).where('id', '=', id).execute();
    const addTrigger = async (body: Record<string, unknown>) => {
      const t = ok<Trigger>(await postTrigger(w.adminA, body), 201);
      triggers.push(t.id);
      return t;
    };
    /** Removes the triggers of the test before the next (each test sets up its own). */
    const clearTriggers = async () => {
      for (const id of triggers.splice(0))
        expect(
          (await w.adminA.request({ method: 'DELETE', url: `/api/automation/triggers/${id}` })).statusCode,
        ).toBe(204);
    };
    /** Emits an event of office A, as the module that owns it would, in a write transaction of its own. */
    const emit = (event: Omit<Parameters<typeof emitEvent>[2], 'officeId'>) =>
      writeTransaction(w.ctx, (trx) => emitEvent(w.ctx, trx, { officeId: w.a.office.id, ...event }));
    const postTrigger = (s: Session, payload: Record<string, unknown>, headers?: Record<string, string>) =>
      s.request({ method: 'POST', url: '/api/automation/pipelines/collection/triggers', payload, headers });
    const reset = async () => {
      await clearTriggers();
      for (const id of Object.values(req)) await setStatus(id, 'open');
    };
    const hook = (secretOrUrl: string, payload: unknown) =>
      w.app.inject({
        method: 'POST',
        url: secretOrUrl.startsWith('http')
          ? new URL(secretOrUrl).pathname
          : `/api/automation/hooks/${secretOrUrl}`,
        payload: payload as Record<string, unknown>,
      });

    beforeAll(async () => {
      w = await collectionWorld(dialect);
      wa = await startWhatsAppStandIn();
      const ids = [w.clients.padaria.id, w.clients.mercado.id, w.clients.oficina.id];
      await scheduleOnce(w.adminA, w.template.id, ids, '2026-11');
      const rows = await w.ctx.db
        .selectFrom('collection_requests')
        .select(['id', 'client_id'])
        .where('office_id', '=', w.a.office.id)
        .execute();
      req.padaria = rows.find((r) => r.client_id === w.clients.padaria.id)!.id;
      req.mercado = rows.find((r) => r.client_id === w.clients.mercado.id)!.id;
      req.oficina = rows.find((r) => r.client_id === w.clients.oficina.id)!.id;
    });
    afterAll(async () => {
      await wa.stop();
      await w.close();
    });

    it('refuses a bad trigger with field errors: unknown kind, stage or field, invalid config', async () => {
      const post = (payload: Record<string, unknown>) => postTrigger(w.adminA, payload);
      const kind = expectFieldErrors(await post({ kind: 'no_such_kind', stageId: 'closed' }));
      expect(kind.map((e) => [e.field, e.code])).toEqual([['kind', 'unknown_trigger_kind']]);
      expect(kind[0]!.message).toBe('Tipo de gatilho desconhecido.');
      const stage = expectFieldErrors(await post({ kind: 'invoice_paid', stageId: 'limbo' }));
      expect(stage.map((e) => [e.field, e.code])).toEqual([['stageId', 'unknown_stage']]);
      const config = expectFieldErrors(
        await post({ kind: 'field_changed', stageId: 'closed', config: { fields: [] } }),
      );
      expect(config.map((e) => e.field)).toEqual(['config.fields']);
      const field = expectFieldErrors(
        await post({ kind: 'field_changed', stageId: 'closed', config: { fields: ['dueDate', 'colour'] } }),
      );
      expect(field.map((e) => [e.field, e.code])).toEqual([['config.fields.1', 'unknown_pipeline_field']]);
      const date = expectFieldErrors(
        await post({ kind: 'date_reached', stageId: 'closed', config: { field: 'competencia' } }),
      );
      expect(date.map((e) => [e.field, e.code])).toEqual([['config.field', 'not_a_date_field']]);
      const sweep = expectFieldErrors(
        await post({ kind: 'no_movement', stageId: 'closed', config: { days: 0 } }),
      );
      expect(sweep.map((e) => e.field)).toEqual(['config.days']);
      // English on request.
      const en = expectFieldErrors(
        await postTrigger(w.adminA, { kind: 'invoice_paid', stageId: 'limbo' }, { 'accept-language': 'en' }),
      );
      expect(en[0]!.message).toBe('This stage does not exist in the pipeline.');
      expectProblem(
        await w.adminA.request({
          method: 'POST',
          url: '/api/automation/pipelines/process:00000000-0000-7000-8000-000000000000/triggers',
          payload: { kind: 'invoice_paid', stageId: 'closed' },
        }),
        404,
        'automation.trigger_pipeline_not_found',
      );
      // Staff may read, not change.
      expectProblem(
        await postTrigger(w.staffA, { kind: 'invoice_paid', stageId: 'closed' }),
        403,
        'http.forbidden',
      );
      expect(await w.ctx.db.selectFrom('automation_triggers').select('id').execute()).toHaveLength(0);
    });

    it("lists, changes and deletes a trigger; another office's trigger is not found", async () => {
      const t = await addTrigger({ kind: 'invoice_paid', stageId: 'started' });
      expect(t).toMatchObject({ name: 'Fatura paga', allowBack: false, enabled: true, webhookUrl: null });
      const list = ok<{ items: Trigger[] }>(
        await w.staffA.request({ method: 'GET', url: '/api/automation/pipelines/collection/triggers' }),
      );
      expect(list.items.map((i) => i.id)).toEqual([t.id]);
      const changed = ok<Trigger>(
        await w.adminA.request({
          method: 'PUT',
          url: `/api/automation/triggers/${t.id}`,
          headers: { 'accept-language': 'en' },
          payload: {
            kind: 'field_changed',
            stageId: 'closed',
            config: { fields: ['dueDate'] },
            allowBack: true,
          },
        }),
      );
      expect(changed).toMatchObject({
        stageId: 'closed',
        kind: 'field_changed',
        name: 'Field changed',
        description: 'When dueDate changes',
        allowBack: true,
      });
      expectProblem(
        await w.adminB.request({
          method: 'PUT',
          url: `/api/automation/triggers/${t.id}`,
          payload: { kind: 'invoice_paid', stageId: 'closed' },
        }),
        404,
        'automation.trigger_not_found',
      );
      expectProblem(
        await w.adminB.request({ method: 'DELETE', url: `/api/automation/triggers/${t.id}` }),
        404,
        'automation.trigger_not_found',
      );
      const listB = ok<{ items: Trigger[] }>(
        await w.adminB.request({ method: 'GET', url: '/api/automation/pipelines/collection/triggers' }),
      );
      expect(listB.items).toEqual([]);
      await clearTriggers();
    });

    it('invoice paid moves the client’s open programação; one already there is not moved again', async () => {
      await reset();
      await addTrigger({ kind: 'invoice_paid', stageId: 'started' });
      const pay = () =>
        emit({
          type: 'invoice.paid',
          entity: 'invoice',
          entityId: '00000000-0000-7000-8000-000000000001',
          payload: {
            invoiceId: 'x',
            clientId: w.clients.padaria.id,
            amountCents: 100,
            paidAmountCents: 100,
          },
        });
      const first = await pay();
      expect(first.outcomes).toEqual([
        {
          key: 'automation.triggers',
          status: 'ran',
          result: {
            moved: [expect.objectContaining({ itemId: req.padaria, from: 'open', to: 'started' })],
          },
        },
      ]);
      expect(await statusOf(req.padaria)).toBe('started');
      expect(await statusOf(req.mercado)).toBe('open');
      // The move is the collection's own: its history line and its stage event with the chain one deeper.
      const entered = await w.ctx.db
        .selectFrom('events')
        .select(['payload'])
        .where('type', '=', 'item.stage_entered')
        .where('entity_id', '=', req.padaria)
        .orderBy('at', 'desc')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(entered.payload)).toMatchObject({
        pipelineId: 'collection',
        stageId: 'started',
        fromStageId: 'open',
        chain: { id: first.event.id, depth: 1 },
      });
      const second = await pay();
      expect(second.outcomes[0]!.result).toEqual({ moved: [] });
      expect(await statusOf(req.padaria)).toBe('started');
    });

    it('through billing: paying an invoice moves the item named in the payload', async () => {
      await reset();
      await addTrigger({ kind: 'invoice_paid', stageId: 'closed' });
      // An invoice created by a rule on the programação carries it as `payload.item`.
      await emit({
        type: 'invoice.paid',
        entity: 'invoice',
        entityId: '00000000-0000-7000-8000-000000000002',
        payload: {
          invoiceId: 'y',
          clientId: w.clients.mercado.id,
          amountCents: 100,
          paidAmountCents: 100,
          item: { pipelineId: 'collection', itemId: req.oficina },
        },
      });
      expect(await statusOf(req.oficina)).toBe('closed');
      expect(await statusOf(req.mercado)).toBe('open');
      const history = ok<{ items: { text: string; actor: string }[] }>(
        await w.adminA.request({ method: 'GET', url: `/api/collection/requests/${req.oficina}/history` }),
      );
      expect(history.items.map((h) => h.text)).toContain('Baixa: Entregue.');
    });

    it('allow moving back: off leaves a later item alone, on moves it back', async () => {
      await reset();
      await setStatus(req.padaria, 'closed');
      const t = await addTrigger({ kind: 'checklist_complete', stageId: 'started' });
      const complete = () =>
        emit({
          type: 'collection.checklist_complete',
          entity: 'collection_request',
          entityId: req.padaria,
          payload: { clientId: w.clients.padaria.id, competencia: '2026-11', items: 4 },
        });
      await complete();
      expect(await statusOf(req.padaria)).toBe('closed');
      ok(
        await w.adminA.request({
          method: 'PUT',
          url: `/api/automation/triggers/${t.id}`,
          payload: { kind: 'checklist_complete', stageId: 'started', allowBack: true },
        }),
      );
      await complete();
      expect(await statusOf(req.padaria)).toBe('started');
      // Reopened by automation: the baixa is cleared.
      const r = await w.ctx.db
        .selectFrom('collection_requests')
        .select(['close_status'])
        .where('id', '=', req.padaria)
        .executeTakeFirstOrThrow();
      expect(r.close_status).toBeNull();
      // Disabled: nothing.
      await setStatus(req.padaria, 'closed');
      ok(
        await w.adminA.request({
          method: 'PUT',
          url: `/api/automation/triggers/${t.id}`,
          payload: { kind: 'checklist_complete', stageId: 'started', allowBack: true, enabled: false },
        }),
      );
      await complete();
      expect(await statusOf(req.padaria)).toBe('closed');
    });

    it('file received (for the chosen checklist items) moves that programação', async () => {
      await reset();
      await addTrigger({ kind: 'file_received', stageId: 'closed', config: { itemKeys: ['nope'] } });
      const detail = ok<{ items: { id: string; key: string; name: string }[] }>(
        await w.adminA.request({ method: 'GET', url: `/api/collection/requests/${req.mercado}` }),
      );
      const extrato = detail.items.find((i) => i.name === 'Extrato bancário')!;
      const upload = () =>
        w.staffA.request({
          method: 'POST',
          url: `/api/collection/requests/${req.mercado}/items/${extrato.id}/files`,
          ...multipart([{ name: 'extrato.pdf', content: tinyPdf, type: 'application/pdf' }]),
        });
      expect((await upload()).statusCode).toBe(201);
      // Another item's key: the first file only starts the programação.
      expect(await statusOf(req.mercado)).toBe('started');
      await clearTriggers();
      await addTrigger({ kind: 'file_received', stageId: 'closed', config: { itemKeys: [extrato.key] } });
      expect((await upload()).statusCode).toBe(201);
      expect(await statusOf(req.mercado)).toBe('closed');
    });

    it('checklist complete moves the programação when its last item is settled', async () => {
      await reset();
      await addTrigger({ kind: 'checklist_complete', stageId: 'closed' });
      const detail = ok<{ items: { id: string; state: string }[] }>(
        await w.adminA.request({ method: 'GET', url: `/api/collection/requests/${req.oficina}` }),
      );
      for (const [i, item] of detail.items.entries()) {
        if (item.state !== 'pending') continue;
        ok(
          await w.adminA.request({
            method: 'PATCH',
            url: `/api/collection/requests/${req.oficina}/items/${item.id}`,
            payload: { state: 'dispensed' },
          }),
        );
        if (i < detail.items.length - 1) expect(await statusOf(req.oficina)).not.toBe('closed');
      }
      expect(await statusOf(req.oficina)).toBe('closed');
    });

    it('form submitted moves the card the form created (a form on this pipeline)', async () => {
      await reset();
      await addTrigger({ kind: 'form_submitted', stageId: 'cancelled' });
      await emit({
        type: 'form.submitted',
        entity: 'process_card',
        entityId: req.mercado,
        payload: { pipelineId: 'collection', cardId: req.mercado },
      });
      expect(await statusOf(req.mercado)).toBe('cancelled');
      expect(await statusOf(req.padaria)).toBe('open');
    });

    it('field changed fires on the chosen fields only', async () => {
      await reset();
      const before = await w.ctx.db
        .selectFrom('collection_requests')
        .select('responsible_id')
        .where('id', '=', req.oficina)
        .executeTakeFirstOrThrow();
      const other = before.responsible_id === w.a.staff.id ? w.a.admin.id : w.a.staff.id;
      await addTrigger({ kind: 'field_changed', stageId: 'started', config: { fields: ['responsible'] } });
      ok(
        await w.adminA.request({
          method: 'POST',
          url: `/api/collection/requests/${req.oficina}/transfer`,
          payload: { responsibleId: other },
        }),
      );
      expect(await statusOf(req.oficina)).toBe('started');
      await clearTriggers();
      await addTrigger({ kind: 'field_changed', stageId: 'closed', config: { fields: ['dueDate'] } });
      ok(
        await w.adminA.request({
          method: 'POST',
          url: `/api/collection/requests/${req.oficina}/transfer`,
          payload: { responsibleId: before.responsible_id === w.a.staff.id ? w.a.staff.id : w.a.admin.id },
        }),
      );
      expect(await statusOf(req.oficina)).toBe('started');
    });

    it('the client replied on WhatsApp: the contact’s clients’ open programações move', async () => {
      await reset();
      ok(
        await w.adminA.request({
          method: 'PUT',
          url: '/api/channels/whatsapp',
          payload: standInSettings(wa),
        }),
      );
      await postCreated(w.adminA, `/api/clients/${w.clients.padaria.id}/contacts`, {
        name: 'Maria Souza',
        whatsapp: '(11) 98765-4321',
        whatsappOptIn: true,
      });
      await addTrigger({ kind: 'client_replied', stageId: 'started', config: { channels: ['whatsapp'] } });
      const body = webhookBody(wa.phoneNumberId, {
        contacts: [{ profile: { name: 'Maria' }, wa_id: NUMBER }],
        messages: [
          {
            from: NUMBER,
            id: 'wamid.T1',
            timestamp: String(Math.floor(w.ctx.clock.now().getTime() / 1000)),
            type: 'text',
            text: { body: 'Bom dia! Já separei os documentos.' },
          },
        ],
      });
      const send = () =>
        w.app.inject({
          method: 'POST',
          url: `/api/webhooks/whatsapp/${w.a.office.id}`,
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': wa.sign(body) },
          payload: body,
        });
      expect((await send()).statusCode).toBe(200);
      expect(await statusOf(req.padaria)).toBe('started');
      expect(await statusOf(req.mercado)).toBe('open');
      const received = await w.ctx.db
        .selectFrom('events')
        .select('payload')
        .where('type', '=', 'message.received')
        .execute();
      expect(received.map((e) => JSON.parse(e.payload))).toEqual([
        expect.objectContaining({
          channel: 'whatsapp',
          clientId: w.clients.padaria.id,
          text: 'Bom dia! Já separei os documentos.',
        }),
      ]);
      // Delivered twice by Meta: one event.
      expect((await send()).statusCode).toBe(200);
      expect(
        await w.ctx.db.selectFrom('events').select('id').where('type', '=', 'message.received').execute(),
      ).toHaveLength(1);
    });

    it('the incoming webhook moves the item or the client’s items; unknown secret 404; bad body 400', async () => {
      await reset();
      const t = await addTrigger({ kind: 'webhook', stageId: 'closed' });
      expect(t.webhookUrl).toMatch(/\/api\/automation\/hooks\/[A-Za-z0-9_-]{32}$/);
      const byItem = await hook(t.webhookUrl!, { itemId: req.padaria, data: { pedido: 123 } });
      expect(byItem.statusCode, byItem.body).toBe(202);
      expect(byItem.json<{ moved: Moved[] }>().moved).toEqual([
        expect.objectContaining({
          pipelineId: 'collection',
          itemId: req.padaria,
          from: 'open',
          to: 'closed',
        }),
      ]);
      expect(await statusOf(req.padaria)).toBe('closed');
      // Again: already there, nothing moves (still accepted).
      const again = await hook(t.webhookUrl!, { itemId: req.padaria });
      expect(again.statusCode).toBe(202);
      expect(again.json<{ moved: Moved[] }>().moved).toEqual([]);
      // By the client's CNPJ, formatted as people write it.
      const byClient = await hook(t.webhookUrl!, { clientDocument: cnpj(4002) });
      expect(byClient.statusCode, byClient.body).toBe(202);
      expect(byClient.json<{ moved: Moved[] }>().moved.map((m) => m.itemId)).toEqual([req.mercado]);
      const events = await w.ctx.db
        .selectFrom('events')
        .select('payload')
        .where('type', '=', 'webhook.received')
        .orderBy('at')
        .execute();
      expect(JSON.parse(events[0]!.payload)).toMatchObject({
        triggerId: t.id,
        itemId: req.padaria,
        data: { pedido: 123 },
      });

      expectProblem(await hook('not-a-secret', { itemId: req.padaria }), 404, 'automation.hook_not_found');
      expectProblem(
        await hook(t.webhookUrl!, { itemId: '00000000-0000-7000-8000-000000000009' }),
        404,
        'automation.hook_item_not_found',
      );
      expectProblem(
        await hook(t.webhookUrl!, { clientDocument: cnpj(4999) }),
        404,
        'automation.hook_client_not_found',
      );
      // A refused call leaves no event behind (the unknown item is found out after the event is written).
      expect(
        await w.ctx.db.selectFrom('events').select('id').where('type', '=', 'webhook.received').execute(),
      ).toHaveLength(events.length);
      const neither = expectFieldErrors(await hook(t.webhookUrl!, {}));
      expect(neither.map((e) => [e.field, e.code])).toEqual([['itemId', 'item_or_client']]);
      const both = expectFieldErrors(
        await hook(t.webhookUrl!, { itemId: req.padaria, clientDocument: cnpj(4002) }),
      );
      expect(both.map((e) => e.field)).toEqual(['itemId']);
      const badDoc = expectFieldErrors(await hook(t.webhookUrl!, { clientDocument: '11.111.111/1111-11' }));
      expect(badDoc.map((e) => [e.field, e.code])).toEqual([['clientDocument', 'invalid_tax_id']]);
      const extra = expectFieldErrors(await hook(t.webhookUrl!, { itemId: req.padaria, colour: 'blue' }));
      expect(extra.length).toBeGreaterThan(0);
      // Too big a body.
      const huge = await hook(t.webhookUrl!, { itemId: req.padaria, data: { x: 'a'.repeat(100_000) } });
      expect(huge.statusCode).toBe(413);
      // A disabled trigger's address is not found.
      ok(
        await w.adminA.request({
          method: 'PUT',
          url: `/api/automation/triggers/${t.id}`,
          payload: { kind: 'webhook', stageId: 'closed', enabled: false },
        }),
      );
      expectProblem(await hook(t.webhookUrl!, { itemId: req.oficina }), 404, 'automation.hook_not_found');
      expect(await statusOf(req.oficina)).toBe('open');
    });
  });
}
