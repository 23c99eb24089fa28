import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PortalView, RequestDetail } from '../../src/server/modules/collection/index.js';
import { Worker } from '../../src/server/modules/engine/index.js';
import { expectFieldErrors, expectProblem } from '../http/helpers.js';
import { auditActions } from '../support/audit.js';
import { useFixture } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { multipart, tinyPdf } from '../tickets/helpers.js';
import { collectionWorld, createTemplate, ok, scheduleOnce, templateBody } from './helpers.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const xml = (n: number) => `<?xml version="1.0"?><nfeProc><NFe n="${n}"/></nfeProc>`;

for (const dialect of dialects) {
  describe(`collection: the whole lifecycle (${dialect})`, () => {
    const w = useFixture(() => collectionWorld(dialect));
    let token: string;
    let view: PortalView;
    const ids = () => [w.clients.padaria.id, w.clients.mercado.id, w.clients.oficina.id];
    const portal = (method: 'GET' | 'POST' | 'DELETE', path: string, extra: Record<string, unknown> = {}) =>
      w.app.inject({ method, url: `/api/portal/collection/${token}${path}`, ...extra });
    const itemOf = (company: string, item: string) => {
      const c = view.companies.find((x) => x.name.startsWith(company))!;
      return { request: c.requests[0]!, item: c.requests[0]!.items.find((i) => i.name === item)! };
    };
    const refresh = async () => {
      view = ok<PortalView>(await portal('GET', ''));
    };
    /** How many collection requests (the message that asks a contact for documents) have been queued. */
    const requestMessages = async () =>
      (
        await w.ctx.db
          .selectFrom('messages')
          .select('id')
          .where('template', '=', 'collection.request')
          .execute()
      ).length;

    beforeAll(async () => {
      expect((await scheduleOnce(w.adminA, w.template.id, ids(), '2026-11')).created).toBe(3);
      await new Worker(w.ctx).runOnce();
    });

    it('sends the request to each contact of each client when the programação opens', async () => {
      const sent = await w.ctx.db
        .selectFrom('messages')
        .select(['recipient_id', 'subject', 'body_text', 'status'])
        .where('template', '=', 'collection.request')
        .execute();
      expect(sent.map((m) => m.recipient_id).sort()).toEqual(
        [w.contacts.maria.id, w.contacts.mariaMercado.id, w.contacts.pedro.id].sort(),
      );
      const toPedro = sent.find((m) => m.recipient_id === w.contacts.pedro.id)!;
      expect(toPedro.subject).toBe('Documentos de 11/2026 — Oficina Roda Viva Ltda');
      expect(toPedro.body_text).toContain('Envie até 10/12/2026');
      expect(toPedro.body_text).toContain('• Notas de entrada (XML)');
      expect(toPedro.body_text).not.toContain('Conferir apuração');
      expect(toPedro.body_text).toMatch(/\/portal\/arquivos\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/);
      // A second run sends nothing again.
      await new Worker(w.ctx).runOnce();
      expect(await requestMessages()).toBe(3);
    });

    it("shows a contact every open request of every company it answers for, and nobody else's", async () => {
      token = ok<{ token: string; url: string }>(
        await w.adminA.request({
          method: 'POST',
          url: `/api/collection/contacts/${w.contacts.maria.id}/link`,
        }),
      ).token;
      await refresh();
      expect(view.contact.name).toBe('Maria Souza');
      expect(view.companies.map((c) => c.name)).toEqual([
        'Mercado Bom Preço Ltda',
        'Padaria Pão Quente Ltda',
      ]);
      expect(view.companies[0]!.requests[0]!.items.map((i) => i.name)).toEqual([
        'Extrato bancário',
        'Notas de entrada (XML)',
        'Folha de pagamento',
      ]);
      // A tampered token, a token of another purpose, a revoked link.
      const [head, sig] = token.split('.') as [string, string];
      const tampered = `${head}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`;
      expectProblem(
        await w.app.inject({ method: 'GET', url: `/api/portal/collection/${tampered}` }),
        404,
        'collection.link_invalid',
      );
      const ticketLike = `${head}.${'x'.repeat(32)}`;
      expectProblem(
        await w.app.inject({ method: 'GET', url: `/api/portal/collection/${ticketLike}` }),
        404,
        'collection.link_invalid',
      );
      // Pedro's link never reaches the bakery's items (404, as if they did not exist).
      const pedro = ok<{ token: string }>(
        await w.adminA.request({
          method: 'POST',
          url: `/api/collection/contacts/${w.contacts.pedro.id}/link`,
        }),
      ).token;
      const bakeryItem = itemOf('Padaria', 'Extrato bancário').item;
      expectProblem(
        await w.app.inject({
          method: 'POST',
          url: `/api/portal/collection/${pedro}/items/${bakeryItem.id}/answer`,
          payload: { answer: 'none_this_month' },
        }),
        404,
        'collection.item_not_found',
      );
      // Office B's contact link sees only office B.
      const beto = ok<{ token: string }>(
        await w.adminB.request({ method: 'POST', url: `/api/collection/contacts/${w.contactB.id}/link` }),
      ).token;
      const betoView = ok<PortalView>(
        await w.app.inject({ method: 'GET', url: `/api/portal/collection/${beto}` }),
      );
      expect(betoView.companies.map((c) => c.name)).toEqual(['Cliente Beta Ltda']);
      expect(betoView.companies[0]!.requests).toEqual([]);
      // Office B's staff cannot open office A's programação.
      expectProblem(
        await w.adminB.request({
          method: 'GET',
          url: `/api/collection/requests/${itemOf('Padaria', 'Extrato bancário').request.id}`,
        }),
        404,
        'collection.request_not_found',
      );
    });

    it('takes an upload streamed, checks type, content, emptiness and size, and moves Aberto → Iniciado', async () => {
      const { request, item } = itemOf('Padaria', 'Extrato bancário');
      const up = (name: string, content: Buffer | string, itemId = item.id) =>
        portal('POST', `/items/${itemId}/files`, multipart([{ name, content }]));
      const res = ok<{ file: { sha256: string; name: string }; warnings: unknown[] }>(
        await up('../../extrato novembro.pdf', tinyPdf),
        201,
      );
      expect(res.file).toMatchObject({ name: 'extrato novembro.pdf', sha256: sha(tinyPdf) });
      expect(res.warnings).toEqual([]);

      const wrong = expectProblem(await up('virus.exe', 'MZ'), 400, 'collection.file_type');
      expect(wrong.detail).toContain('PDF, OFX');
      expectProblem(await up('falso.pdf', 'não sou um pdf'), 400, 'collection.file_content_mismatch');
      expectProblem(await up('vazio.pdf', Buffer.alloc(0)), 400, 'collection.file_empty');
      const big = Buffer.concat([tinyPdf, Buffer.alloc(1024 * 1024)]);
      expectProblem(await up('grande.pdf', big), 413, 'collection.file_too_large');

      const detail = ok<RequestDetail>(
        await w.adminA.request({ method: 'GET', url: `/api/collection/requests/${request.id}` }),
      );
      expect(detail.status).toBe('started');
      expect(detail.progress).toEqual({ settled: 1, total: 4 });
      const extrato = detail.items.find((i) => i.name === 'Extrato bancário')!;
      expect(extrato.state).toBe('received');
      expect(extrato.answeredBy).toEqual({ kind: 'client', name: 'Maria Souza' });
      expect(extrato.files.map((f) => f.name)).toEqual(['extrato novembro.pdf']);
      // Download, and the inline preview of a PDF.
      const fileUrl = `/api/collection/requests/${request.id}/files/${extrato.files[0]!.id}`;
      const dl = await w.staffA.request({ method: 'GET', url: fileUrl });
      expect(dl.statusCode).toBe(200);
      expect(dl.rawPayload.equals(tinyPdf)).toBe(true);
      expect(dl.headers['content-type']).toBe('application/pdf');
      expect(dl.headers['content-disposition']).toMatch(/^attachment;/);
      const inline = await w.staffA.request({ method: 'GET', url: `${fileUrl}?inline=1` });
      expect(inline.headers['content-disposition']).toMatch(/^inline;/);
      expectProblem(
        await w.adminB.request({ method: 'GET', url: fileUrl }),
        404,
        'collection.file_not_found',
      );
      const events = await w.ctx.db
        .selectFrom('events')
        .select(['type', 'payload'])
        .where('entity', '=', 'collection_request')
        .where('entity_id', '=', request.id)
        .orderBy('at')
        .execute();
      expect(events.map((e) => e.type)).toEqual(['collection.file_received', 'item.stage_entered']);
      // The pipeline `collection`'s StageEntered payload (Automações), beside the old from/to.
      expect(JSON.parse(events[1]!.payload)).toEqual({
        pipelineId: 'collection',
        stageId: 'started',
        fromStageId: 'open',
        chain: null,
        from: 'open',
        to: 'started',
      });
    });

    it('lands two uploads to the same item at once', async () => {
      const { request, item } = itemOf('Padaria', 'Notas de entrada (XML)');
      const [a, b] = await Promise.all([
        portal('POST', `/items/${item.id}/files`, multipart([{ name: 'nota1.xml', content: xml(1) }])),
        portal('POST', `/items/${item.id}/files`, multipart([{ name: 'nota2.xml', content: xml(2) }])),
      ]);
      expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
      const detail = ok<RequestDetail>(
        await w.adminA.request({ method: 'GET', url: `/api/collection/requests/${request.id}` }),
      );
      const notas = detail.items.find((i) => i.key === 'notas-de-entrada-xml')!;
      expect(notas.files.map((f) => f.name).sort()).toEqual(['nota1.xml', 'nota2.xml']);
      expect(detail.progress.settled).toBe(2);
    });

    it('takes the three answers, refuses a past date, and deletes only its own files', async () => {
      await refresh();
      const folha = itemOf('Padaria', 'Folha de pagamento');
      const mercadoExtrato = itemOf('Mercado', 'Extrato bancário');
      const past = await portal('POST', `/items/${mercadoExtrato.item.id}/answer`, {
        payload: { answer: 'will_send_later', sendLaterOn: '2026-11-23' },
      });
      expect(expectFieldErrors(past)[0]!.field).toBe('sendLaterOn');
      view = ok<PortalView>(
        await portal('POST', `/items/${mercadoExtrato.item.id}/answer`, {
          payload: { answer: 'will_send_later', sendLaterOn: '2026-12-04' },
        }),
      );
      expect(itemOf('Mercado', 'Extrato bancário').item).toMatchObject({
        state: 'will_send_later',
        sendLaterOn: '2026-12-04',
      });
      view = ok<PortalView>(
        await portal('POST', `/items/${folha.item.id}/answer`, { payload: { answer: 'never_ask_again' } }),
      );
      const skips = ok<{ items: { itemKey: string; by: string }[] }>(
        await w.adminA.request({
          method: 'GET',
          url: `/api/collection/clients/${w.clients.padaria.id}/skips`,
        }),
      );
      expect(skips.items).toEqual([
        expect.objectContaining({
          itemKey: 'folha-de-pagamento',
          by: 'Maria Souza',
          templateName: 'Documentos mensais',
        }),
      ]);
      const answered = await w.ctx.db
        .selectFrom('events')
        .select('payload')
        .where('type', '=', 'collection.item_answered')
        .execute();
      expect(answered).toHaveLength(2);

      // The office attaches a file; the client cannot delete it, but deletes its own.
      const notas = itemOf('Padaria', 'Notas de entrada (XML)');
      const staffUp = ok<{ items: { id: string }[] }>(
        await w.staffA.request({
          method: 'POST',
          url: `/api/collection/requests/${notas.request.id}/items/${notas.item.id}/files`,
          ...multipart([{ name: 'nota3.xml', content: xml(3) }]),
        }),
        201,
      );
      expectProblem(
        await portal('DELETE', `/files/${staffUp.items[0]!.id}`),
        404,
        'collection.file_not_found',
      );
      const mine = notas.item.files.find((f) => f.name === 'nota1.xml')!;
      expect(mine.mine).toBe(true);
      expect((await portal('DELETE', `/files/${mine.id}`)).statusCode).toBe(204);
    });

    it("e-mails the receipt of the files sent since the last one, with each file's SHA-256", async () => {
      const r = ok<{ sentTo: string; files: number }>(await portal('POST', '/receipt'));
      expect(r).toEqual({ sentTo: 'maria@padaria.com.br', files: 2 });
      const m = await w.ctx.db
        .selectFrom('messages')
        .select(['subject', 'body_text', 'address'])
        .where('template', '=', 'collection.receipt')
        .executeTakeFirstOrThrow();
      expect(m.address).toBe('maria@padaria.com.br');
      expect(m.body_text).toContain(`SHA-256: ${sha(tinyPdf)}`);
      expect(m.body_text).toContain(`SHA-256: ${sha(xml(2))}`);
      expect(m.body_text).not.toContain('nota1.xml');
      expectProblem(await portal('POST', '/receipt'), 409, 'collection.nothing_to_receipt');
    });

    it('lets the office dispense, comment, reopen (asking again), transfer and give the baixa', async () => {
      await refresh();
      const { request } = itemOf('Padaria', 'Extrato bancário');
      const detail = ok<RequestDetail>(
        await w.adminA.request({ method: 'GET', url: `/api/collection/requests/${request.id}` }),
      );
      const activity = detail.items.find((i) => i.kind === 'activity')!;
      const extrato = detail.items.find((i) => i.key === 'extrato-bancario')!;
      const patched = ok<RequestDetail>(
        await w.adminA.request({
          method: 'PATCH',
          url: `/api/collection/requests/${request.id}/items/${activity.id}`,
          payload: { state: 'done', comment: 'Apuração conferida', requirement: 'required' },
        }),
      );
      expect(patched.progress).toEqual({ settled: 4, total: 4 });
      expect(patched.offerClose).toBe(true);
      const complete = await w.ctx.db
        .selectFrom('events')
        .select('payload')
        .where('type', '=', 'collection.checklist_complete')
        .where('entity_id', '=', request.id)
        .execute();
      expect(complete).toHaveLength(1);
      const done = patched.items.find((i) => i.id === activity.id)!;
      expect(done).toMatchObject({ state: 'done', comment: 'Apuração conferida', requirement: 'required' });
      expect(done.changedBy?.name).toBe('Ana Admin');

      const before = await requestMessages();
      const reopened = ok<RequestDetail>(
        await w.adminA.request({
          method: 'POST',
          url: `/api/collection/requests/${request.id}/items/${extrato.id}/reopen`,
          payload: { comment: 'O extrato veio sem a última página.' },
        }),
      );
      expect(reopened.items.find((i) => i.id === extrato.id)).toMatchObject({
        state: 'pending',
        comment: 'O extrato veio sem a última página.',
      });
      expect(reopened.offerClose).toBe(false);
      expect(await requestMessages()).toBe(before + 1);

      // "Enviar nova solicitação ao cliente".
      const notified = ok<{ messages: number; skipped: number }>(
        await w.adminA.request({ method: 'POST', url: `/api/collection/requests/${request.id}/notify` }),
      );
      expect(notified).toEqual({ messages: 1, skipped: 0 });
      const moved = ok<RequestDetail>(
        await w.adminA.request({
          method: 'POST',
          url: `/api/collection/requests/${request.id}/transfer`,
          payload: { responsibleId: w.a.staff.id },
        }),
      );
      expect(moved.responsible?.name).toBe('Bruno Staff');
      expect(moved.items.every((i) => i.responsible?.id === w.a.staff.id)).toBe(true);

      const closed = ok<RequestDetail>(
        await w.adminA.request({
          method: 'POST',
          url: `/api/collection/requests/${request.id}/close`,
          payload: { status: 'delivered_with_pending', note: 'Extrato chega depois.' },
        }),
      );
      expect(closed).toMatchObject({
        status: 'closed',
        closeStatus: 'delivered_with_pending',
        closeNote: 'Extrato chega depois.',
      });

      // The closed request leaves the client's page and refuses answers politely.
      await refresh();
      expect(view.companies.find((c) => c.name.startsWith('Padaria'))!.requests).toEqual([]);
      expectProblem(
        await portal('POST', `/items/${extrato.id}/answer`, { payload: { answer: 'none_this_month' } }),
        409,
        'collection.request_closed',
      );

      const history = ok<{ items: { text: string; actor: string }[] }>(
        await w.adminA.request({
          method: 'GET',
          url: `/api/collection/requests/${request.id}/history`,
          headers: { 'accept-language': 'pt-BR' },
        }),
      );
      const texts = history.items.map((h) => h.text);
      expect(texts[0]).toBe(
        'Programação criada: competência 11/2026, vencimento 10/12/2026, versão 1 do modelo.',
      );
      expect(texts).toContain('Arquivo “extrato novembro.pdf” recebido.');
      expect(texts).toContain('Resposta do cliente: “Não me pedir nos próximos meses”.');
      expect(texts).toContain(
        'Item reaberto e pedido de novo ao cliente: O extrato veio sem a última página.',
      );
      expect(texts).toContain('Programação transferida de Ana Admin para Bruno Staff.');
      expect(texts).toContain('Baixa: Entregue com pendências. Extrato chega depois.');
      const en = ok<{ items: { text: string }[] }>(
        await w.adminA.request({
          method: 'GET',
          url: `/api/collection/requests/${request.id}/history`,
          headers: { 'accept-language': 'en' },
        }),
      );
      expect(en.items.map((h) => h.text)).toContain('Request status: Started → Closed.');

      const reopenedRequest = ok<RequestDetail>(
        await w.adminA.request({ method: 'POST', url: `/api/collection/requests/${request.id}/reopen` }),
      );
      expect(reopenedRequest.status).toBe('started');
      expect(await auditActions(w.ctx, 'collection_request', request.id)).toEqual(
        expect.arrayContaining([
          'file_upload',
          'client_answer',
          'item_update',
          'item_reopen',
          'transfer',
          'close',
          'reopen',
        ]),
      );
    });

    it('leaves "não me pedir" items out of the next months until the office asks again', async () => {
      const dec = await scheduleOnce(w.adminA, w.template.id, [w.clients.padaria.id], '2026-12');
      expect(dec.created).toBe(1);
      const page = ok<{ items: { id: string }[] }>(
        await w.adminA.request({
          method: 'GET',
          url: `/api/collection/requests?competencia=2026-12&clientId=${w.clients.padaria.id}`,
        }),
      );
      const d = ok<RequestDetail>(
        await w.adminA.request({ method: 'GET', url: `/api/collection/requests/${page.items[0]!.id}` }),
      );
      expect(d.items.map((i) => i.key)).toEqual([
        'extrato-bancario',
        'notas-de-entrada-xml',
        'conferir-apuracao',
      ]);
      const del = await w.adminA.request({
        method: 'DELETE',
        url: `/api/collection/clients/${w.clients.padaria.id}/skips/folha-de-pagamento`,
      });
      expect(del.statusCode).toBe(204);
      expect(await auditActions(w.ctx, 'client', w.clients.padaria.id)).toContain('collection_skip_delete');
      await scheduleOnce(w.adminA, w.template.id, [w.clients.padaria.id], '2027-01');
      const jan = ok<{ items: { id: string; progress: { total: number } }[] }>(
        await w.adminA.request({ method: 'GET', url: `/api/collection/requests?competencia=2027-01` }),
      );
      expect(jan.items[0]!.progress.total).toBe(4);
    });

    it('closes automatically when every required item is settled (model with automatic baixa)', async () => {
      const auto = await createTemplate(w.adminA, {
        name: 'Baixa automática',
        autoClose: true,
        items: [templateBody().items[0], templateBody().items[2]],
      });
      await scheduleOnce(w.adminA, auto.id, [w.clients.oficina.id], '2026-11');
      const pedro = ok<{ token: string }>(
        await w.adminA.request({
          method: 'POST',
          url: `/api/collection/contacts/${w.contacts.pedro.id}/link`,
        }),
      ).token;
      const v = ok<PortalView>(await w.app.inject({ method: 'GET', url: `/api/portal/collection/${pedro}` }));
      const req = v.companies[0]!.requests.find((r) => r.templateName === 'Baixa automática')!;
      const extrato = req.items.find((i) => i.name === 'Extrato bancário')!;
      ok(
        await w.app.inject({
          method: 'POST',
          url: `/api/portal/collection/${pedro}/items/${extrato.id}/answer`,
          payload: { answer: 'none_this_month' },
        }),
      );
      const d = ok<RequestDetail>(
        await w.adminA.request({ method: 'GET', url: `/api/collection/requests/${req.id}` }),
      );
      expect(d).toMatchObject({ status: 'closed', closeStatus: 'delivered' });
      const types = await w.ctx.db
        .selectFrom('events')
        .select('type')
        .where('entity_id', '=', req.id)
        .orderBy('at')
        .execute();
      expect(types.map((t) => t.type)).toEqual([
        'collection.item_answered',
        'item.stage_entered',
        'item.stage_entered',
      ]);
    });

    it('filters and pages the grid, exports CSV, and revokes a link', async () => {
      const page = ok<{ items: { client: { name: string } }[]; total: number }>(
        await w.adminA.request({
          method: 'GET',
          url: '/api/collection/requests?competencia=2026-11&pageSize=2&sort=client',
        }),
      );
      expect(page.total).toBe(4);
      expect(page.items.map((r) => r.client.name)).toEqual([
        'Mercado Bom Preço Ltda',
        'Oficina Roda Viva Ltda',
      ]);
      // The model names no profession: every programação is the admin's ("only mine"), but the one transferred.
      const all = ok<{ total: number }>(
        await w.adminA.request({ method: 'GET', url: '/api/collection/requests' }),
      );
      const mine = ok<{ total: number }>(
        await w.adminA.request({ method: 'GET', url: '/api/collection/requests?mine=true' }),
      );
      const staffMine = ok<{ total: number }>(
        await w.staffA.request({ method: 'GET', url: '/api/collection/requests?mine=true' }),
      );
      expect([mine.total, staffMine.total]).toEqual([all.total - 1, 1]);
      const search = ok<{ items: { client: { name: string } }[] }>(
        await w.adminA.request({ method: 'GET', url: '/api/collection/requests?q=oficina&status=open' }),
      );
      expect(search.items.every((r) => r.client.name === 'Oficina Roda Viva Ltda')).toBe(true);
      const csv = await w.adminA.request({
        method: 'GET',
        url: '/api/collection/requests.csv?competencia=2026-11',
      });
      expect(csv.statusCode).toBe(200);
      expect(csv.body).toContain('Competência;Cliente');
      expect(csv.body).toContain('11/2026;Mercado Bom Preço Ltda');

      const del = await w.adminA.request({
        method: 'DELETE',
        url: `/api/collection/contacts/${w.contacts.maria.id}/link`,
      });
      expect(del.statusCode).toBe(204);
      expectProblem(await portal('GET', ''), 410, 'collection.link_expired');
    });
  });
}
