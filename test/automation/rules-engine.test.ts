import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defineAction,
  registerActionKinds,
  upcomingSteps,
} from '../../src/server/modules/automation/index.js';
import { dialects } from '../support/test-db.js';
import { ok, setSubject, useRulesWorld } from './helpers.js';

/** An outside call (as a webhook would be): no transaction held while it runs. */
const calls: { runId: string; inTransaction: boolean }[] = [];
const externalCall = defineAction({
  kind: 'test.external',
  category: 'own',
  name: { 'pt-BR': 'Chamada externa', en: 'External call' },
  description: { 'pt-BR': 'Chamada externa', en: 'External call' },
  input: z.object({ fail: z.boolean() }),
  external: true,
  describe: () => 'external',
  async execute(ctx, i) {
    calls.push({ runId: ctx.run.id, inTransaction: ctx.db.isTransaction });
    if (i.fail) throw new Error('HTTP 503');
    return { summary: { 'pt-BR': 'Respondeu 200.', en: 'Answered 200.' }, output: { answer: 200 } };
  },
});
registerActionKinds([externalCall]);

for (const dialect of dialects) {
  describe(`automation rule engine (${dialect})`, () => {
    const w = useRulesWorld(dialect);

    it('runs a sequence after the previous group and parallel rules beside it, each after its delay', async () => {
      const r1 = await w.rule('analyzing', setSubject('Primeira'));
      const r2 = await w.rule('analyzing', {
        action: 'item.set_field',
        input: { field: 'value', value: 12_345 },
        mode: 'parallel',
        delay: { kind: 'after', amount: 10, unit: 'minutes' },
      });
      const r3 = await w.rule('analyzing', {
        action: 'item.set_field',
        input: { field: 'subject', value: 'Terceira' },
        mode: 'sequence',
      });
      const t = await w.ticket();
      await w.move(t.id, 'analyzing');

      let runs = await w.runsOf(t.id);
      const byRule = (id: string) => runs.find((r) => r.rule_id === id)!;
      expect(byRule(r1.id)).toMatchObject({ group_no: 0, status: 'pending' });
      expect(byRule(r2.id)).toMatchObject({
        group_no: 0,
        status: 'pending',
        due_at: '2026-11-23T12:10:00.000Z',
      });
      expect(byRule(r3.id)).toMatchObject({ group_no: 1, status: 'waiting', due_at: null });

      w.ctx.clock.advance(1_000);
      await w.drain();
      runs = await w.runsOf(t.id);
      expect(byRule(r1.id).status).toBe('done');
      expect(byRule(r2.id).status).toBe('pending');
      // The sequence rule waits for the whole first group (the parallel rule is still due).
      expect(byRule(r3.id).status).toBe('waiting');
      expect((await w.ticketRow(t.id)).subject).toBe('Primeira');

      w.ctx.clock.set('2026-11-23T12:10:00.000Z');
      await w.drain();
      runs = await w.runsOf(t.id);
      expect(runs.map((r) => r.status)).toEqual(['done', 'done', 'done']);
      const row = await w.ticketRow(t.id);
      expect(Number(row.value_cents)).toBe(12_345);
      expect(row.subject).toBe('Terceira');
      expect(byRule(r3.id).finished_at! >= byRule(r2.id).finished_at!).toBe(true);
    });

    it('counts business days on the office calendar, across a holiday and a weekend, and business hours', async () => {
      await w.rule('waiting', {
        action: 'item.set_field',
        input: { field: 'subject', value: 'Depois do feriado' },
        delay: { kind: 'after', amount: 1, unit: 'business_days' },
      });
      await w.rule('waiting', {
        action: 'item.set_field',
        input: { field: 'dueDate', value: '2026-12-01' },
        mode: 'parallel',
        delay: { kind: 'after', amount: 30, unit: 'minutes', businessHours: true },
      });
      // Thursday 19/11/2026 at 17:45 in São Paulo; Friday 20/11 is a national holiday (Consciência Negra).
      w.ctx.clock.set('2026-11-19T20:45:00.000Z');
      const t = await w.ticket();
      await w.move(t.id, 'waiting');
      const runs = await w.runsOf(t.id);
      // One business day later: Monday 23/11 at the same local time.
      expect(runs[0]!.due_at).toBe('2026-11-23T20:45:00.000Z');
      // 18:15 is after hours: the next opening, Monday 08:00.
      expect(runs[1]!.due_at).toBe('2026-11-23T11:00:00.000Z');

      w.ctx.clock.set('2026-11-20T20:45:00.000Z');
      await w.drain();
      expect((await w.runsOf(t.id)).map((r) => r.status)).toEqual(['pending', 'pending']);
      w.ctx.clock.set('2026-11-23T11:00:00.000Z');
      await w.drain();
      expect((await w.runsOf(t.id)).map((r) => r.status)).toEqual(['pending', 'done']);
      w.ctx.clock.set('2026-11-23T20:45:00.000Z');
      await w.drain();
      expect((await w.runsOf(t.id)).map((r) => r.status)).toEqual(['done', 'done']);
      expect((await w.ticketRow(t.id)).subject).toBe('Depois do feriado');
    });

    it('cancels the pending steps of a stage the item leaves, and says so in the history', async () => {
      await w.rule('analyzing', {
        action: 'item.set_field',
        input: { field: 'subject', value: 'Nunca' },
        delay: { kind: 'after', amount: 1, unit: 'hours' },
      });
      await w.rule('analyzing', { action: 'item.set_field', input: { field: 'value', value: 1 } });
      const t = await w.ticket('Fica como está');
      await w.move(t.id, 'analyzing');
      await w.move(t.id, 'waiting');
      w.ctx.clock.advance(2 * 3_600_000);
      await w.drain();
      const runs = await w.runsOf(t.id);
      expect(runs.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
      expect((await w.ticketRow(t.id)).subject).toBe('Fica como está');
      const history = ok<{
        entries: { stageId: string; status: string; runs: { status: string; error: string | null }[] }[];
      }>(await w.adminA.request({ method: 'GET', url: `/api/automation/items/tickets/${t.id}/history` }));
      expect(history.entries.map((e) => [e.stageId, e.status])).toEqual([
        ['waiting', 'active'],
        ['analyzing', 'left'],
      ]);
      expect(history.entries[1]!.runs[0]).toMatchObject({
        status: 'cancelled',
        error: 'Cancelada: o item saiu do estágio antes da execução.',
      });
    });

    it('stops a loop between two stages at the guard, with status loop in the history', async () => {
      await w.rule('analyzing', { action: 'item.move', input: { stageId: 'waiting' } });
      await w.rule('waiting', { action: 'item.move', input: { stageId: 'analyzing' } });
      const t = await w.ticket('Laço');
      await w.move(t.id, 'analyzing');
      for (let i = 0; i < 20; i++) {
        w.ctx.clock.advance(1_000);
        const { runs } = await w.drain();
        if (runs === 0) break;
      }
      const entries = await w.ctx.db
        .selectFrom('automation_entries')
        .selectAll()
        .where('item_id', '=', t.id)
        .orderBy('depth')
        .execute();
      // Depths 0..5 run; the sixth move (depth 6) is stopped.
      expect(entries.map((e) => Number(e.depth))).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(entries.at(-1)!.status).toBe('loop');
      expect(new Set(entries.map((e) => e.chain_id)).size).toBe(1);
      const runs = await w.runsOf(t.id);
      expect(runs.filter((r) => r.status === 'done')).toHaveLength(6);
      expect(runs.filter((r) => r.status === 'loop')).toHaveLength(1);
      const history = ok<{ entries: { status: string; runs: { status: string; error: string }[] }[] }>(
        await w.adminA.request({
          method: 'GET',
          url: `/api/automation/items/tickets/${t.id}/history`,
          headers: { 'accept-language': 'en' },
        }),
      );
      expect(history.entries[0]!.status).toBe('loop');
      expect(history.entries[0]!.runs[0]!.status).toBe('loop');
      expect(history.entries[0]!.runs[0]!.error).toMatch(/chain of automations deeper than 5/);
    });

    it('marks only the failing run failed, with the reason; the other rules and the item go on', async () => {
      // Analisando → Aberto is not a move the ticket workflow allows: the action throws.
      await w.rule('analyzing', { action: 'item.move', input: { stageId: 'open' } });
      await w.rule('analyzing', {
        action: 'item.set_field',
        input: { field: 'subject', value: 'Seguiu' },
        mode: 'parallel',
      });
      await w.rule('analyzing', { action: 'item.set_field', input: { field: 'value', value: 777 } });
      const t = await w.ticket();
      await w.move(t.id, 'analyzing');
      w.ctx.clock.advance(1_000);
      await w.drain();
      const runs = await w.runsOf(t.id);
      expect(runs.map((r) => r.status)).toEqual(['failed', 'done', 'done']);
      expect(JSON.parse(runs[0]!.error!)['pt-BR']).toMatch(/Analisando/);
      const row = await w.ticketRow(t.id);
      expect(row.status).toBe('analyzing');
      expect(row.subject).toBe('Seguiu');
      expect(Number(row.value_cents)).toBe(777);
    });

    it('keeps a waiting run on its version when a new version is published', async () => {
      const r = await w.rule('analyzing', {
        action: 'item.set_field',
        input: { field: 'subject', value: 'Versão 1' },
        delay: { kind: 'after', amount: 1, unit: 'hours' },
      });
      const t1 = await w.ticket();
      await w.move(t1.id, 'analyzing');
      ok(
        await w.adminA.request({
          method: 'PUT',
          url: `/api/automation/rules/${r.id}`,
          payload: {
            action: 'item.set_field',
            input: { field: 'subject', value: 'Versão 2' },
            delay: { kind: 'after', amount: 1, unit: 'hours' },
          },
        }),
      );
      const v2 = ok<{ published: { version: number } }>(
        await w.adminA.request({ method: 'POST', url: `/api/automation/rules/${r.id}/publish` }),
      );
      expect(v2.published.version).toBe(2);
      const t2 = await w.ticket();
      await w.move(t2.id, 'analyzing');
      w.ctx.clock.advance(3_600_000);
      await w.drain();
      expect((await w.ticketRow(t1.id)).subject).toBe('Versão 1');
      expect((await w.ticketRow(t2.id)).subject).toBe('Versão 2');
      expect(Number((await w.runsOf(t1.id))[0]!.version)).toBe(1);
      expect(Number((await w.runsOf(t2.id))[0]!.version)).toBe(2);
    });

    it('lists the steps due in a period for "Próximos envios", and a cancelled one no longer', async () => {
      await w.rule('analyzing', {
        action: 'item.set_field',
        input: { field: 'subject', value: 'Amanhã' },
        delay: { kind: 'after', amount: 1, unit: 'days' },
      });
      const t = await w.ticket('Próximo envio');
      await w.move(t.id, 'analyzing');
      const range = {
        from: new Date('2026-11-24T00:00:00Z'),
        to: new Date('2026-11-25T00:00:00Z'),
        now: w.ctx.clock.now(),
      };
      const steps = await upcomingSteps(w.ctx.db, w.officeId, range);
      expect(steps).toHaveLength(1);
      expect(steps[0]).toMatchObject({
        dueAt: '2026-11-24T12:00:00.000Z',
        status: 'pending',
        pipeline: { id: 'tickets' },
        stage: { id: 'analyzing' },
        itemId: t.id,
        itemPath: `/tickets/${t.id}`,
        clientId: w.client.id,
        action: 'item.set_field',
        channel: null,
      });
      expect(steps[0]!.itemTitle).toMatch(/Próximo envio/);
      expect(await upcomingSteps(w.ctx.db, w.b.office.id, range)).toEqual([]);
      const res = await w.staffA.request({
        method: 'POST',
        url: `/api/automation/runs/${steps[0]!.runId}/cancel`,
      });
      expect(res.statusCode, res.body).toBe(204);
      expect(await upcomingSteps(w.ctx.db, w.officeId, range)).toEqual([]);
      const again = await w.staffA.request({
        method: 'POST',
        url: `/api/automation/runs/${steps[0]!.runId}/cancel`,
      });
      expect(again.statusCode).toBe(409);
      const run = (await w.runsOf(t.id))[0]!;
      expect(JSON.parse(run.error!)['pt-BR']).toBe('Cancelada por Bruno Staff.');
    });

    it('calls an external action outside the transaction, records its answer, and a failure fails only it', async () => {
      await w.rule('analyzing', { action: 'test.external', input: { fail: false } });
      await w.rule('analyzing', { action: 'test.external', input: { fail: true }, mode: 'parallel' });
      await w.rule('analyzing', {
        action: 'item.set_field',
        input: { field: 'subject', value: 'Depois da chamada' },
        condition: { '==': [{ var: 'vars.answer' }, 200] },
      });
      const t = await w.ticket();
      await w.move(t.id, 'analyzing');
      calls.length = 0;
      w.ctx.clock.advance(1_000);
      await w.drain();
      expect(calls).toHaveLength(2);
      expect(calls.every((c) => !c.inTransaction)).toBe(true);
      // The sequence rule, released when both calls finished, read the first call's output.
      const runs = await w.runsOf(t.id);
      expect(runs.map((r) => r.status)).toEqual(['done', 'failed', 'done']);
      expect(JSON.parse(runs[1]!.error!).en).toBe('Failed: HTTP 503');
      expect(JSON.parse(runs[2]!.condition_values!)).toEqual({ 'vars.answer': 200 });
      expect((await w.ticketRow(t.id)).subject).toBe('Depois da chamada');
    });

    it('stops the 21st entry of an item within a minute, even from people', async () => {
      await w.rule('analyzing', {
        action: 'item.set_field',
        input: { field: 'value', value: 1 },
        delay: { kind: 'after', amount: 1, unit: 'hours' },
      });
      const t = await w.ticket('Vai e volta');
      for (let i = 0; i < 21; i++) {
        w.ctx.clock.advance(1_000);
        await w.move(t.id, i % 2 === 0 ? 'analyzing' : 'waiting');
      }
      const entries = await w.ctx.db
        .selectFrom('automation_entries')
        .select(['status', 'depth'])
        .where('item_id', '=', t.id)
        .orderBy('entered_at')
        .execute();
      expect(entries).toHaveLength(21);
      expect(entries.slice(0, 20).every((e) => e.status === 'left' && Number(e.depth) === 0)).toBe(true);
      expect(entries[20]!.status).toBe('loop');
      const runs = await w.runsOf(t.id);
      expect(runs.at(-1)!.status).toBe('loop');
      expect(JSON.parse(runs.at(-1)!.error!)['pt-BR']).toMatch(/mais de 20 vezes em um minuto/);
      // A minute later the item moves normally again.
      w.ctx.clock.advance(61_000);
      await w.move(t.id, 'waiting');
      await w.move(t.id, 'analyzing');
      expect((await w.runsOf(t.id)).at(-1)!.status).toBe('pending');
    });
  });
}
