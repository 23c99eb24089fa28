/**
 * Próximos envios with the automation engine: a rule "Criar tarefa" one day after a ticket enters
 * "Analisando" shows as a rule step (its item, client, the cancel action); when its time comes the engine
 * runs it and exactly one task is made, however often the drain runs; a cancelled step leaves the list.
 * A message rule in sequence behind it shows too, at its earliest time (the earlier rule's due time plus
 * its own delay), with its channel, rule, pipeline and stage; leaving the stage removes both.
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
  rule: {
    id: string;
    pipelineId: string;
    pipeline: string;
    stage: string;
    waiting: boolean;
    waitsFor: string | null;
  } | null;
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
      expect(step!.rule).toEqual({
        id: expect.any(String),
        pipelineId: 'tickets',
        pipeline: 'Atendimentos',
        stage: 'Analisando',
        waiting: false,
        waitsFor: null,
      });
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

    it('lists a message waiting behind an earlier rule at its earliest time; leaving the stage removes both', async () => {
      w.ctx.clock.set('2026-11-26T12:00:00.000Z');
      const mail = await w.rule('analyzing', {
        name: 'Aviso ao cliente',
        action: 'message.email',
        mode: 'sequence',
        input: { subject: 'Em análise', body: 'Seu pedido {{ item.title }} está em análise.' },
        delay: { kind: 'after', amount: 2, unit: 'hours' },
      });
      try {
        const t = await w.ticket('Pedido em sequência');
        await w.move(t.id, 'analyzing');
        const all = await steps();
        expect(all.map((e) => [e.title, e.at, e.rule?.waiting])).toEqual([
          ['Tarefa de revisão', '2026-11-27T12:00:00.000Z', false],
          ['Aviso ao cliente', '2026-11-27T14:00:00.000Z', true],
        ]);
        const waiting = all[1]!;
        expect(waiting).toMatchObject({
          day: '2026-11-27',
          channels: ['email'],
          client: { id: w.client.id },
          item: { path: `/tickets/${t.id}` },
          rule: {
            id: mail.id,
            pipelineId: 'tickets',
            pipeline: 'Atendimentos',
            stage: 'Analisando',
            waiting: true,
            waitsFor: 'Tarefa de revisão',
          },
          stop: { kind: 'cancel_run' },
        });
        // The filters apply to it: its channel, its client, its responsible.
        expect((await steps({ channel: 'email' })).map((e) => e.title)).toEqual(['Aviso ao cliente']);
        expect(await steps({ channel: 'sms' })).toEqual([]);
        expect(await steps({ responsibleId: w.a.staff.id })).toEqual([]);
        // Outside the window (the day before) it is not listed.
        expect(await steps({ from: '2026-11-26', to: '2026-11-26' })).toEqual([]);

        // Leaving the stage cancels both: neither goes out.
        await w.move(t.id, 'waiting');
        expect(await steps()).toEqual([]);
        const runs = await w.runsOf(t.id);
        expect(runs.filter((r) => r.rule_id === mail.id).map((r) => r.status)).toEqual(['cancelled']);
      } finally {
        await w.ctx.db.deleteFrom('automation_rules').where('id', '=', mail.id).execute();
      }
    });
  });
}
