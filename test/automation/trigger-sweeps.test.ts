import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCatalog } from '../../src/server/catalog.js';
import { writeTransaction } from '../../src/server/db/group-commit.js';
import { runTriggerSweep, triggerSweep } from '../../src/server/modules/automation/index.js';
import { collectionPipeline } from '../../src/server/modules/collection/index.js';
import { enqueue, Worker } from '../../src/server/modules/engine/index.js';
import { type CollectionWorld, collectionWorld, ok, scheduleOnce } from '../collection/helpers.js';
import { postCreated } from '../http/helpers.js';
import { dialects } from '../support/test-db.js';

registerCatalog();

/**
 * The daily sweeps on a fake clock, across Consciência Negra (Friday 20 November 2026, a national holiday):
 * programações created on Wednesday the 18th have been idle 2 business days on Monday the 23rd, not before.
 */
for (const dialect of dialects) {
  describe(`automation trigger sweeps (${dialect})`, () => {
    let w: CollectionWorld;
    const ids: string[] = [];
    let padaria = '';
    const statuses = async () =>
      Object.fromEntries(
        (
          await w.ctx.db
            .selectFrom('collection_requests')
            .select(['id', 'status'])
            .where('office_id', '=', w.a.office.id)
            .execute()
        ).map((r) => [r.id, r.status]),
      );
    const sweep = (day: string) => runTriggerSweep(w.ctx, w.a.office.id, day);
    const setAll = (status: 'open' | 'started') =>
      w.ctx.db
        .updateTable('collection_requests')
        .set({ status })
        .where('office_id', '=', w.a.office.id)
        .execute();

    beforeAll(async () => {
      w = await collectionWorld(dialect);
      w.ctx.clock.set('2026-11-18T12:00:00.000Z');
      await scheduleOnce(
        w.adminA,
        w.template.id,
        [w.clients.padaria.id, w.clients.mercado.id, w.clients.oficina.id],
        '2026-11',
      );
      const rows = await w.ctx.db
        .selectFrom('collection_requests')
        .select(['id', 'client_id'])
        .where('office_id', '=', w.a.office.id)
        .orderBy('id')
        .execute();
      ids.push(...rows.map((r) => r.id));
      padaria = rows.find((r) => r.client_id === w.clients.padaria.id)!.id;
    });
    afterAll(() => w.close());

    it('no movement for 2 business days: not on the holiday nor the weekend, on Monday; once a day', async () => {
      const t = await postCreated<{ id: string; description: string }>(
        w.adminA,
        '/api/automation/pipelines/collection/triggers',
        { kind: 'no_movement', stageId: 'started', config: { days: 2 } },
      );
      expect(t.description).toBe('Após 2 dia(s) útil(eis) sem movimentação');
      // The office got its daily sweep schedule with its first sweep trigger.
      const schedules = ok<{ items: { kind: string }[] }>(
        await w.adminA.request({ method: 'GET', url: '/api/schedules' }),
      );
      expect(schedules.items.filter((s) => s.kind === 'automation.trigger-sweep')).toHaveLength(1);

      for (const day of ['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22'])
        expect((await sweep(day)).moved, day).toEqual([]);
      expect(Object.values(await statuses())).toEqual(['open', 'open', 'open']);

      // Monday, through the job as its schedule runs it (the day from the fake clock, office time).
      w.ctx.clock.set('2026-11-23T09:00:00.000Z');
      await enqueue(w.ctx, w.ctx.db, triggerSweep, {}, { officeId: w.a.office.id });
      while ((await new Worker(w.ctx).runOnce()) > 0);
      expect(Object.values(await statuses())).toEqual(['started', 'started', 'started']);
      const job = await w.ctx.db
        .selectFrom('jobs')
        .select(['state', 'result'])
        .where('kind', '=', 'automation.trigger-sweep')
        .executeTakeFirstOrThrow();
      expect(job.state).toBe('succeeded');
      expect(JSON.parse(job.result!)).toMatchObject({ day: '2026-11-23', moved: 3 });

      // Put back by hand (no new movement recorded) the same day: a second sweep moves nothing twice.
      await setAll('open');
      expect((await sweep('2026-11-23')).moved).toEqual([]);
      expect(Object.values(await statuses())).toEqual(['open', 'open', 'open']);
      const fires = await w.ctx.db
        .selectFrom('automation_trigger_fires')
        .select(['item_id', 'day'])
        .where('trigger_id', '=', t.id)
        .execute();
      expect(fires.map((f) => f.day)).toEqual(['2026-11-23', '2026-11-23', '2026-11-23']);
      // Nor the next day: that idle period fired already.
      expect((await sweep('2026-11-24')).moved).toEqual([]);
      const del = await w.adminA.request({ method: 'DELETE', url: `/api/automation/triggers/${t.id}` });
      expect(del.statusCode).toBe(204);
    });

    it('a date field reached (1 business day before the due date, across the holiday), once per date', async () => {
      await w.ctx.db.deleteFrom('automation_trigger_fires').execute();
      await w.ctx.db.deleteFrom('automation_triggers').execute();
      await setAll('open');
      // Padaria's due date moved to Monday the 23rd by automation (the adapter's writable field).
      await writeTransaction(w.ctx, async (trx) => {
        const item = (await collectionPipeline.loadItem(trx, w.a.office.id, 'collection', padaria))!;
        await collectionPipeline.setField(w.ctx, trx, w.a.office.id, item, 'dueDate', '2026-11-23', {
          chainId: '00000000-0000-7000-8000-00000000000a',
          depth: 0,
        });
      });
      const history = ok<{ items: { text: string }[] }>(
        await w.adminA.request({ method: 'GET', url: `/api/collection/requests/${padaria}/history` }),
      );
      expect(history.items.map((h) => h.text)).toContain(
        'Vencimento alterado de 10/12/2026 para 23/11/2026.',
      );

      await postCreated(w.adminA, '/api/automation/pipelines/collection/triggers', {
        kind: 'date_reached',
        stageId: 'closed',
        config: { field: 'dueDate', offsetDays: -1, businessDays: true },
      });
      expect((await sweep('2026-11-18')).moved).toEqual([]);
      // The business day before Monday the 23rd is Thursday the 19th (Friday is a holiday).
      const thursday = await sweep('2026-11-19');
      expect(thursday.moved.map((m) => [m.itemId, m.from, m.to])).toEqual([[padaria, 'open', 'closed']]);
      expect((await statuses())[padaria]).toBe('closed');
      // Reopened by a person: that date does not pull it again, on the same day or later.
      ok(await w.adminA.request({ method: 'POST', url: `/api/collection/requests/${padaria}/reopen` }));
      expect((await sweep('2026-11-19')).moved).toEqual([]);
      expect((await sweep('2026-11-24')).moved).toEqual([]);
      expect((await statuses())[padaria]).not.toBe('closed');
      // The others' due date (10/12) is reached on the 9th.
      expect((await sweep('2026-12-08')).moved).toEqual([]);
      const ninth = await sweep('2026-12-09');
      expect(ninth.moved.map((m) => m.itemId).sort()).toEqual(ids.filter((i) => i !== padaria).sort());
    });
  });
}
