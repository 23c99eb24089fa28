/**
 * The drain's batch path: the due runs of one rule version whose action has a batch form
 * (`ActionKind.executeBatch`) run together — "Alterar campo" on Processos cards as one UPDATE per chunk
 * and its events in multi-row inserts — with the same results as one by one: conditions checked per run,
 * `item.field_changed` emitted once per change and its triggers fired once, and a failing batch rolled
 * back and run again one by one so that only the bad item's run fails, with its reason.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  defineAction,
  drainOffice,
  pipelineKindOf,
  registerActionKinds,
} from '../../src/server/modules/automation/index.js';
import { processPipeline } from '../../src/server/modules/processes/processes.pipeline.js';
import { postCreated } from '../http/helpers.js';
import { newCard, ok, processesWorld, type World } from '../processes/helpers.js';
import { dialects } from '../support/test-db.js';

/**
 * A batch-capable test action: sets `capital` on every item of the batch, then fails the whole batch when
 * one item's title says "ruim" — after its writes, which the drain must roll back. One by one, only that
 * item's run fails.
 */
const probe = defineAction({
  kind: 'test.batch_probe',
  category: 'staff',
  name: { 'pt-BR': 'Teste em lote', en: 'Batch test' },
  description: { 'pt-BR': 'Teste em lote', en: 'Batch test' },
  input: z.object({ value: z.number() }),
  describe: (i) => `capital = ${i.value}`,
  async execute(ctx, i) {
    if (ctx.item.title.includes('ruim')) throw new Error('cartão ruim');
    await pipelineKindOf(ctx.item.pipelineId)!.setField(
      ctx.app,
      ctx.db,
      ctx.officeId,
      ctx.item,
      'capital',
      i.value,
      {
        chainId: ctx.run.chainId,
        depth: ctx.run.depth,
        ruleRunId: ctx.run.id,
      },
    );
    return { summary: { 'pt-BR': 'um', en: 'one' } };
  },
  async executeBatch(ctx, i, runs) {
    const kind = pipelineKindOf(runs[0]!.item.pipelineId)!;
    await kind.setFieldMany!(
      ctx.app,
      ctx.db,
      ctx.officeId,
      runs.map((r) => ({
        item: r.item,
        cause: { chainId: r.run.chainId, depth: r.run.depth, ruleRunId: r.run.id },
      })),
      'capital',
      i.value,
    );
    if (runs.some((r) => r.item.title.includes('ruim'))) throw new Error('one bad card in the batch');
    return runs.map(() => ({ summary: { 'pt-BR': 'lote', en: 'batch' } }));
  },
});

for (const dialect of dialects) {
  describe(`the drain's batch path (${dialect})`, () => {
    let w: World;
    let officeId: string;
    let pipelineId: string;
    let stages: string[];
    beforeAll(async () => {
      registerActionKinds([probe]);
      w = await processesWorld(dialect);
      officeId = w.a.office.id;
      pipelineId = `process:${w.pipeline.id}`;
      stages = w.pipeline.stages.map((s) => s.id);
    }, 60_000);
    afterAll(() => w?.close());

    const base = new Date('2026-12-07T12:00:00Z');
    const minutes = (n: number) => new Date(base.getTime() + n * 60_000);

    async function rule(stageId: string, def: Record<string, unknown>) {
      const created = await postCreated<{ id: string }>(
        w.adminA,
        `/api/automation/pipelines/${encodeURIComponent(pipelineId)}/stages/${stageId}/rules`,
        def,
      );
      ok(await w.adminA.request({ method: 'POST', url: `/api/automation/rules/${created.id}/publish` }));
      return created.id;
    }

    async function cards(titles: string[], regime: (i: number) => string) {
      const ids: string[] = [];
      for (const [i, title] of titles.entries()) {
        const card = await newCard(w.adminA, {
          pipelineId: w.pipeline.id,
          title,
          clientId: w.client.id,
          fields: { regime: regime(i) },
        });
        ok(
          await w.adminA.request({
            method: 'POST',
            url: `/api/processes/cards/${card.id}/move`,
            payload: { stageId: stages[1] },
          }),
        );
        ids.push(card.id);
      }
      return ids;
    }

    const runsOfRule = (ruleId: string) =>
      w.ctx.db
        .selectFrom('automation_runs')
        .select(['item_id', 'status', 'error', 'condition_values'])
        .where('rule_id', '=', ruleId)
        .execute();
    const eventsOf = (type: string, ids: string[]) =>
      w.ctx.db
        .selectFrom('events')
        .select(['entity_id', 'payload'])
        .where('type', '=', type as 'item.field_changed')
        .where('entity_id', 'in', ids)
        .execute();

    it('sets a field on every due card in one batch, checks each condition, and fires the field trigger once per change', async () => {
      w.ctx.clock.set(base);
      // A field change of `inicio` moves the card on to the last stage.
      await postCreated(w.adminA, `/api/automation/pipelines/${encodeURIComponent(pipelineId)}/triggers`, {
        kind: 'field_changed',
        stageId: stages[2],
        config: { fields: ['inicio'] },
      });
      const capital = await rule(stages[1]!, {
        action: 'item.set_field',
        input: { field: 'capital', value: 150_000 },
        mode: 'parallel',
        delay: { kind: 'after', amount: 1, unit: 'minutes' },
      });
      const inicio = await rule(stages[1]!, {
        action: 'item.set_field',
        input: { field: 'inicio', value: '2026-12-01' },
        mode: 'parallel',
        delay: { kind: 'after', amount: 2, unit: 'minutes' },
        condition: { '==': [{ var: 'item.regime' }, 'presumido'] },
      });
      const ids = await cards(
        Array.from({ length: 12 }, (_, i) => `Abertura ${i + 1}`),
        (i) => (i % 2 ? 'presumido' : 'simples'),
      );
      const many = vi.spyOn(processPipeline, 'setFieldMany');
      const one = vi.spyOn(processPipeline, 'setField');
      try {
        w.ctx.clock.set(minutes(3));
        const drained = await drainOffice(w.ctx, officeId);
        expect(drained.runs).toBe(24);
        // Two batches (one per rule), no run alone.
        expect(many).toHaveBeenCalledTimes(2);
        expect(many.mock.calls[0]![3]).toHaveLength(12);
        expect(many.mock.calls[1]![3]).toHaveLength(6);
        expect(one).not.toHaveBeenCalled();
      } finally {
        many.mockRestore();
        one.mockRestore();
      }

      const capitalRuns = await runsOfRule(capital);
      expect(capitalRuns.map((r) => r.status)).toEqual(Array(12).fill('done'));
      const inicioRuns = await runsOfRule(inicio);
      expect(inicioRuns.filter((r) => r.status === 'done')).toHaveLength(6);
      const skipped = inicioRuns.filter((r) => r.status === 'skipped');
      expect(skipped).toHaveLength(6);
      expect(skipped.every((r) => JSON.parse(r.condition_values!)['item.regime'] === 'simples')).toBe(true);

      const rows = await w.ctx.db
        .selectFrom('process_cards')
        .select(['id', 'title', 'stage_id', 'fields', 'due_date'])
        .where('id', 'in', ids)
        .execute();
      for (const r of rows) {
        const fields = JSON.parse(r.fields) as Record<string, unknown>;
        expect(fields.capital).toBe(150_000);
        const presumido = fields.regime === 'presumido';
        expect(fields.inicio ?? null).toBe(presumido ? '2026-12-01' : null);
        expect(r.stage_id).toBe(presumido ? stages[2] : stages[1]);
      }
      // One field_changed per change, one trigger move per presumido card.
      const changed = await eventsOf('item.field_changed', ids);
      const fieldOf = (e: { payload: string }) => (JSON.parse(e.payload) as { field: string }).field;
      expect(changed.filter((e) => fieldOf(e) === 'capital')).toHaveLength(12);
      expect(changed.filter((e) => fieldOf(e) === 'inicio')).toHaveLength(6);
      const entered = (await eventsOf('item.stage_entered', ids)).filter(
        (e) => (JSON.parse(e.payload) as { stageId: string }).stageId === stages[2],
      );
      expect(entered).toHaveLength(6);
      expect(new Set(entered.map((e) => e.entity_id)).size).toBe(6);
      // The history says what each did.
      const outcome = await w.ctx.db
        .selectFrom('automation_runs')
        .select('outcome')
        .where('rule_id', '=', capital)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(outcome.outcome!).output).toEqual({
        changed: { field: 'capital', from: null, to: 150_000 },
      });
      await w.ctx.db.deleteFrom('automation_rules').where('office_id', '=', officeId).execute();
      await w.ctx.db.deleteFrom('automation_triggers').where('office_id', '=', officeId).execute();
    });

    it('runs a failing batch again one by one: only the bad card fails, with its reason, and nothing is written twice', async () => {
      w.ctx.clock.set(minutes(10));
      const ruleId = await rule(stages[1]!, {
        action: 'test.batch_probe',
        input: { value: 7_700 },
        delay: { kind: 'after', amount: 1, unit: 'minutes' },
      });
      const titles = Array.from({ length: 8 }, (_, i) => (i === 5 ? 'Cartão ruim' : `Cartão ${i + 1}`));
      const ids = await cards(titles, () => 'simples');
      w.ctx.clock.set(minutes(12));
      const drained = await drainOffice(w.ctx, officeId);
      expect(drained.runs).toBe(8);

      const runs = await runsOfRule(ruleId);
      const bad = ids[5]!;
      expect(runs.filter((r) => r.status === 'done').map((r) => r.item_id)).toHaveLength(7);
      const failed = runs.filter((r) => r.status === 'failed');
      expect(failed.map((r) => r.item_id)).toEqual([bad]);
      expect(JSON.parse(failed[0]!.error!)).toEqual({
        'pt-BR': 'Falhou: cartão ruim',
        en: 'Failed: cartão ruim',
      });

      const rows = await w.ctx.db
        .selectFrom('process_cards')
        .select(['id', 'fields'])
        .where('id', 'in', ids)
        .execute();
      for (const r of rows)
        expect((JSON.parse(r.fields) as { capital?: number }).capital ?? null).toBe(
          r.id === bad ? null : 7_700,
        );
      // The rolled-back batch left no event behind: one per good card.
      const changed = await eventsOf('item.field_changed', ids);
      expect(changed).toHaveLength(7);
      expect(new Set(changed.map((e) => e.entity_id)).size).toBe(7);
      expect(changed.some((e) => e.entity_id === bad)).toBe(false);
    });
  });
}
