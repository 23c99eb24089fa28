/**
 * Próximos envios with the automation engine: a rule "Criar tarefa" one day after a ticket enters
 * "Analisando" shows as a rule step (its item, client, the cancel action); when its time comes the engine
 * runs it and exactly one task is made, however often the drain runs; a cancelled step leaves the list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { automationWorld, ok } from '../automation/helpers.js';

type AutomationWorld = Awaited<ReturnType<typeof automationWorld>>;

import { dialects } from '../support/test-db.js';

interface Entry {
  kind: string;
  day: string;
  at: string | null;
  title: string;
  channels: string[];
  client: { id: string; name: string } | null;
  item: { title: string; path: string } | null;
  stop: { kind: 'link'; path: string } | { kind: 'cancel_run'; runId: string };
}

for (const dialect of dialects) {
  describe(`upcoming: delayed rule steps (${dialect})`, () => {
    let w: AutomationWorld;
    const steps = async (query: Record<string, string> = {}) =>
      ok<{ entries: Entry[] }>(
        await w.adminA.request({ method: 'GET', url: '/api/upcoming', query }),
      ).entries.filter((e) => e.kind === 'rule_step');

    beforeAll(async () => {
      w = await automationWorld(dialect);
      w.ctx.clock.set('2026-11-23T12:00:00.000Z');
      await w.rule('analyzing', {
        name: 'Tarefa de revisão',
        action: 'tasks.create',
        input: {
          title: 'Revisar {{ item.title }}',
          responsible: { kind: 'user', userId: w.a.staff.id },
          dueInBusinessDays: 2,
        },
        delay: { kind: 'after', amount: 1, unit: 'days' },
      });
    });
    afterAll(() => w.close());

    it('lists the waiting step with its item and client; when due, the engine makes exactly one task', async () => {
      const t = await w.ticket('Pedido de móveis');
      await w.move(t.id, 'analyzing');
      const [step, ...rest] = await steps();
      expect(rest).toEqual([]);
      expect(step).toMatchObject({
        day: '2026-11-24',
        at: '2026-11-24T12:00:00.000Z',
        channels: [],
        client: { id: w.client.id },
        item: { path: `/tickets/${t.id}` },
        stop: { kind: 'cancel_run' },
      });
      expect(step!.title).toBe('Tarefa de revisão');
      expect(step!.item!.title).toContain('Pedido de móveis');
      // Filters: another client, a channel it does not use.
      expect(await steps({ clientId: '01900000-0000-7000-8000-000000000000' })).toEqual([]);
      expect(await steps({ channel: 'email' })).toEqual([]);
      expect(await steps({ clientId: w.client.id })).toHaveLength(1);

      w.ctx.clock.set('2026-11-24T12:00:01.000Z');
      await w.drain();
      await w.drain();
      const runId = (step!.stop as { runId: string }).runId;
      const tasks = await w.ctx.db.selectFrom('tasks').selectAll().where('rule_run_id', '=', runId).execute();
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({ responsible_id: w.a.staff.id, item_id: t.id, due_date: '2026-11-26' });
      expect(tasks[0]!.title).toContain('Pedido de móveis');
      expect(await steps()).toEqual([]);
      const run = (await w.runsOf(t.id))[0]!;
      expect(run.status).toBe('done');
    });

    it('drops a step once it is cancelled', async () => {
      w.ctx.clock.set('2026-11-25T12:00:00.000Z');
      const t = await w.ticket('Outro pedido');
      await w.move(t.id, 'analyzing');
      const [step] = await steps();
      expect(step?.stop.kind).toBe('cancel_run');
      const res = await w.staffA.request({
        method: 'POST',
        url: `/api/automation/runs/${(step!.stop as { runId: string }).runId}/cancel`,
      });
      expect(res.statusCode, res.body).toBe(204);
      expect(await steps()).toEqual([]);
      // Another office sees none of it.
      const b = ok<{ entries: Entry[] }>(await w.adminB.request({ method: 'GET', url: '/api/upcoming' }));
      expect(b.entries.filter((e) => e.kind === 'rule_step')).toEqual([]);
    });
  });
}
