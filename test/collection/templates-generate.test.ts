import { describe, expect, it } from 'vitest';
import {
  generateRequests,
  pendingItemsForContact,
  type RequestDetail,
  type Template,
} from '../../src/server/modules/collection/index.js';
import { schedulerTick, Worker } from '../../src/server/modules/engine/index.js';
import { expectProblem } from '../http/helpers.js';
import { useFixture } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import {
  collectionWorld,
  createTemplate,
  monthlyBody,
  ok,
  onceBody,
  postSchedule,
  previewSchedule,
  scheduleOnce,
  templateBody,
} from './helpers.js';

interface Page {
  items: {
    id: string;
    client: { id: string; name: string };
    template: { version: number };
    dueDate: string;
    responsible: { id: string } | null;
    progress: { settled: number; total: number };
  }[];
  total: number;
}

for (const dialect of dialects) {
  describe(`collection: Processos Modelo and generation (${dialect})`, () => {
    const w = useFixture(() => collectionWorld(dialect));

    it('creates a model with stable item keys, versions every edit, copies and deactivates it', async () => {
      expect(w.template.version).toBe(1);
      expect(w.template.items.map((i) => i.key)).toEqual([
        'extrato-bancario',
        'notas-de-entrada-xml',
        'folha-de-pagamento',
        'conferir-apuracao',
      ]);
      expect(w.template.variables).toContain('link');
      const edited = ok<Template>(
        await w.adminA.request({
          method: 'PUT',
          url: `/api/collection/templates/${w.template.id}`,
          payload: templateBody({
            name: 'Documentos mensais (novo)',
            items: [...w.template.items.slice(0, 2), { ...templateBody().items[2], name: 'Guias pagas' }],
          }),
        }),
      );
      expect(edited.version).toBe(2);
      expect(edited.items.map((i) => i.key)).toEqual([
        'extrato-bancario',
        'notas-de-entrada-xml',
        'guias-pagas',
      ]);

      const copy = ok<Template>(
        await w.adminA.request({ method: 'POST', url: `/api/collection/templates/${w.template.id}/copy` }),
        201,
      );
      expect(copy.name).toBe('Cópia de Documentos mensais (novo)');
      expect(copy.version).toBe(1);
      const off = ok<Template>(
        await w.adminA.request({
          method: 'POST',
          url: `/api/collection/templates/${copy.id}/active`,
          payload: { active: false },
        }),
      );
      expect(off.active).toBe(false);
      const refused = await postSchedule(
        w.adminA,
        onceBody(copy.id, { kind: 'clients', clientIds: [w.clients.padaria.id] }, '2026-11'),
      );
      expectProblem(refused, 409, 'collection.template_inactive');
      const list = ok<{ items: { id: string; active: boolean }[] }>(
        await w.adminA.request({ method: 'GET', url: '/api/collection/templates?active=true' }),
      );
      expect(list.items.map((i) => i.id)).not.toContain(copy.id);

      // Office B sees none of A's models.
      expectProblem(
        await w.adminB.request({ method: 'GET', url: `/api/collection/templates/${w.template.id}` }),
        404,
        'collection.template_not_found',
      );
      const preview = ok<{ companies: { requests: { items: { name: string }[] }[] }[] }>(
        await w.adminA.request({ method: 'GET', url: `/api/collection/templates/${w.template.id}/preview` }),
      );
      expect(preview.companies[0]!.requests[0]!.items.map((i) => i.name)).toEqual([
        'Extrato bancário',
        'Notas de entrada (XML)',
        'Guias pagas',
      ]);
    });

    it('refuses an unknown Liquid variable, an empty checklist and a bad file type, in both languages', async () => {
      const bad = templateBody({
        communication: { ...templateBody().communication, requestBody: 'Olá {{ cliente.nome }}' },
        items: [],
      });
      const res = await w.adminA.request({
        method: 'POST',
        url: '/api/collection/templates',
        payload: bad,
        headers: { 'accept-language': 'en' },
      });
      const p = expectProblem(res, 400, 'http.validation_failed');
      const fields = p.errors!.map((e) => e.field).sort();
      expect(fields).toEqual(['communication.requestBody', 'items']);
      expect(p.errors!.find((e) => e.field === 'items')!.message).toBe(
        'The checklist needs at least one item.',
      );
      const pt = expectProblem(
        await w.adminA.request({ method: 'POST', url: '/api/collection/templates', payload: bad }),
        400,
        'http.validation_failed',
      );
      expect(pt.errors!.find((e) => e.field === 'items')!.message).toBe(
        'O checklist precisa de pelo menos um item.',
      );
      expect(pt.errors!.find((e) => e.field === 'communication.requestBody')!.message).toContain(
        'cliente.nome',
      );
      const exe = templateBody({ items: [{ ...templateBody().items[0], acceptedTypes: ['exe'] }] });
      const e = expectProblem(
        await w.adminA.request({ method: 'POST', url: '/api/collection/templates', payload: exe }),
        400,
        'http.validation_failed',
      );
      expect(e.errors![0]!.field).toBe('items.0.acceptedTypes.0');
      // Nothing was written.
      const list = ok<{ items: unknown[] }>(
        await w.adminA.request({ method: 'GET', url: '/api/collection/templates' }),
      );
      expect(list.items).toHaveLength(2);
    });

    it('programs once: preview, due date in business days, responsibles, exactly once, and the version kept', async () => {
      const ids = [w.clients.padaria.id, w.clients.mercado.id, w.clients.oficina.id];
      const body = onceBody(w.template.id, { kind: 'clients', clientIds: ids }, '2026-11');
      const preview = ok<{
        clients: number;
        months: { competencia: string; requests: number; firstDueDates: string[] }[];
      }>(await previewSchedule(w.adminA, body));
      expect(preview).toEqual({
        clients: 3,
        months: [{ competencia: '2026-11', requests: 3, firstDueDates: ['2026-12-10'], generatesOn: null }],
      });
      expect((await scheduleOnce(w.adminA, w.template.id, ids, '2026-11')).created).toBe(3);
      expect((await scheduleOnce(w.adminA, w.template.id, ids, '2026-11')).created).toBe(0);
      const page = ok<Page>(
        await w.adminA.request({ method: 'GET', url: '/api/collection/requests?competencia=2026-11' }),
      );
      expect(page.total).toBe(3);
      expect(page.items.every((r) => r.template.version === 2 && r.dueDate === '2026-12-10')).toBe(true);
      expect(page.items.every((r) => r.progress.total === 3 && r.progress.settled === 0)).toBe(true);

      // A new version does not touch the programações made from version 2.
      ok<Template>(
        await w.adminA.request({
          method: 'PUT',
          url: `/api/collection/templates/${w.template.id}`,
          payload: templateBody({
            professionId: w.fiscal,
            due: { day: 25, businessDays: false, monthOffset: 1, adjust: 'postpone' },
          }),
        }),
      );
      // Maria is a contact of the bakery and of the market (same e-mail): she is asked for both companies.
      const pending = await pendingItemsForContact(w.ctx, w.a.office.id, w.contacts.maria.id);
      expect(new Set(pending.map((p) => p.clientName))).toEqual(
        new Set(['Padaria Pão Quente Ltda', 'Mercado Bom Preço Ltda']),
      );
      expect(pending.filter((p) => p.clientName.startsWith('Padaria')).map((p) => p.itemName)).toEqual([
        'Extrato bancário',
        'Notas de entrada (XML)',
        'Guias pagas',
      ]);
      const one = ok<RequestDetail>(
        await w.adminA.request({ method: 'GET', url: `/api/collection/requests/${page.items[0]!.id}` }),
      );
      expect(one.items.map((i) => i.name)).toEqual([
        'Extrato bancário',
        'Notas de entrada (XML)',
        'Guias pagas',
      ]);

      // Version 3: due on the 25th of the month after — 25/01/2027 is São Paulo's anniversary, a municipal
      // holiday of the office's city, postponed to Tuesday 26/01; the client's responsible for the model's
      // profession, else the office's admin.
      expect((await scheduleOnce(w.adminA, w.template.id, ids, '2026-12')).created).toBe(0 + 3);
      const dec = ok<Page>(
        await w.adminA.request({
          method: 'GET',
          url: '/api/collection/requests?competencia=2026-12&sort=client',
        }),
      );
      expect(dec.items.map((r) => r.dueDate)).toEqual(['2027-01-26', '2027-01-26', '2027-01-26']);
      const byClient = new Map(dec.items.map((r) => [r.client.id, r.responsible?.id]));
      expect(byClient.get(w.clients.padaria.id)).toBe(w.a.staff.id);
      expect(byClient.get(w.clients.mercado.id)).toBe(w.a.admin.id);
    });

    it('postpones a due date that falls on a holiday', async () => {
      const t = await createTemplate(w.adminA, {
        name: 'Natal',
        due: { day: 25, businessDays: false, monthOffset: 0, adjust: 'postpone' },
      });
      const preview = ok<{ months: { firstDueDates: string[] }[] }>(
        await previewSchedule(w.adminA, onceBody(t.id, { kind: 'tag', tagId: 'simples' }, '2026-12')),
      );
      expect(preview.months[0]!.firstDueDates).toEqual(['2026-12-28']);
    });

    it('generates exactly once with three racing generators', async () => {
      const ids = [w.clients.padaria.id, w.clients.mercado.id, w.clients.oficina.id];
      const actor = { officeId: w.a.office.id, userId: w.a.admin.id };
      const run = () =>
        generateRequests(w.ctx, {
          officeId: w.a.office.id,
          templateId: w.template.id,
          competencia: '2027-03',
          clientIds: ids,
          programId: null,
          actor,
          actorName: 'Ana Admin',
        });
      const results = await Promise.all([run(), run(), run()]);
      expect(results.reduce((n, r) => n + r.created, 0)).toBe(3);
      const rows = await w.ctx.db
        .selectFrom('collection_requests')
        .select('id')
        .where('competencia', '=', '2027-03')
        .execute();
      expect(rows).toHaveLength(3);
      const items = await w.ctx.db
        .selectFrom('collection_request_items')
        .select('request_id')
        .where(
          'request_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      // Version 3 has four items.
      expect(items).toHaveLength(12);
    });

    it('programs by class and tag, recurring with its schedule, and stops the program', async () => {
      ok<{ months: unknown[] }>(
        await previewSchedule(w.adminA, onceBody(w.template.id, { kind: 'class', classId: 'A' }, '2027-04')),
      );
      expectProblem(
        await postSchedule(w.adminA, onceBody(w.template.id, { kind: 'tag', tagId: 'nenhuma' }, '2027-04')),
        400,
        'collection.audience_empty',
      );
      // Today is 23/11/2026: the first competência (2027-01) is generated on 20/12/2026 by the schedule.
      const res = ok<{ created: number; programId: string }>(
        await postSchedule(
          w.adminA,
          monthlyBody(w.template.id, { kind: 'tag', tagId: 'simples' }, '2027-01'),
        ),
        201,
      );
      expect(res.created).toBe(0);
      const programs = ok<{ items: { id: string; nextRunAt: string | null }[] }>(
        await w.adminA.request({ method: 'GET', url: '/api/collection/programs' }),
      );
      expect(programs.items[0]!.id).toBe(res.programId);
      expect(programs.items[0]!.nextRunAt).toBe('2026-12-20T09:00:00.000Z');

      w.ctx.clock.set(new Date('2026-12-20T09:00:30.000Z'));
      await schedulerTick(w.ctx);
      await new Worker(w.ctx).runOnce();
      const jan = ok<Page>(
        await w.adminA.request({ method: 'GET', url: '/api/collection/requests?competencia=2027-01' }),
      );
      expect(jan.items.map((r) => r.client.name).sort()).toEqual([
        'Mercado Bom Preço Ltda',
        'Padaria Pão Quente Ltda',
      ]);

      const stop = await w.adminA.request({
        method: 'DELETE',
        url: `/api/collection/programs/${res.programId}`,
      });
      expect(stop.statusCode).toBe(204);
      const after = ok<{ items: { active: boolean; nextRunAt: string | null }[] }>(
        await w.adminA.request({ method: 'GET', url: '/api/collection/programs' }),
      );
      expect(after.items[0]).toMatchObject({ active: false, nextRunAt: null });
    });
  });
}
