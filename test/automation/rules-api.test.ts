import { describe, expect, it } from 'vitest';
import { dialects } from '../support/test-db.js';
import { ok, type RuleAnswer, setSubject, useRulesWorld } from './helpers.js';

interface Problem {
  code: string;
  errors?: { field: string; code: string; message: string }[];
}

for (const dialect of dialects) {
  describe(`automation rules API (${dialect})`, () => {
    const w = useRulesWorld(dialect);

    const post = (url: string, payload: unknown, lang = 'pt-BR') =>
      w.adminA.request({
        method: 'POST',
        url,
        payload: payload as object,
        headers: { 'accept-language': lang },
      });

    it('lists the pipelines and the catalog in the request language', async () => {
      const pipelines = ok<{ items: { id: string; name: string; stages: { id: string; name: string }[] }[] }>(
        await w.adminA.request({
          method: 'GET',
          url: '/api/automation/pipelines',
          headers: { 'accept-language': 'en' },
        }),
      );
      const tickets = pipelines.items.find((p) => p.id === 'tickets')!;
      expect(tickets.name).toBe('Tickets');
      expect(tickets.stages.map((s) => s.id)).toContain('analyzing');
      const catalog = ok<{
        actions: {
          category: string;
          name: string;
          items: { kind: string; inputSchema: { properties?: object } }[];
        }[];
      }>(await w.adminA.request({ method: 'GET', url: '/api/automation/catalog' }));
      const staff = catalog.actions.find((c) => c.category === 'staff')!;
      expect(staff.name).toBe('Para a equipe');
      const move = staff.items.find((i) => i.kind === 'item.move')!;
      expect(move.inputSchema.properties).toHaveProperty('stageId');
    });

    it('refuses, field by field and in both languages, what cannot run', async () => {
      const url = '/api/automation/pipelines/tickets/stages/analyzing/rules';
      const unknownField = ok<Problem>(
        await post(url, {
          action: 'item.set_field',
          input: { field: 'subject', value: 'x' },
          condition: { '>': [{ var: 'item.valorTotal' }, 10] },
        }),
        400,
      );
      expect(unknownField.errors).toEqual([
        {
          field: 'condition',
          code: 'unknown_field',
          message: 'A condição usa um campo que não existe neste funil: item.valorTotal.',
        },
      ]);
      const operator = ok<Problem>(
        await post(
          url,
          {
            action: 'item.set_field',
            input: { field: 'subject', value: 'x' },
            condition: { substr: [{ var: 'item.subject' }, 1] },
          },
          'en',
        ),
        400,
      );
      expect(operator.errors?.[0]?.message).toBe('Operator not allowed in the condition: substr.');
      const tooLong = ok<Problem>(
        await post(url, {
          action: 'item.set_field',
          input: { field: 'subject', value: 'x' },
          delay: { kind: 'after', amount: 251, unit: 'business_days' },
        }),
        400,
      );
      expect(tooLong.errors?.[0]).toMatchObject({ field: 'delay.amount' });
      expect(tooLong.errors?.[0]?.message).toMatch(/Espera longa demais/);
      const notDate = ok<Problem>(
        await post(url, {
          action: 'item.set_field',
          input: { field: 'subject', value: 'x' },
          delay: { kind: 'field', field: 'subject', offsetDays: -1 },
        }),
        400,
      );
      expect(notDate.errors?.[0]).toMatchObject({ field: 'delay.field', code: 'not_a_date_field' });
      const badValue = ok<Problem>(
        await post(url, { action: 'item.set_field', input: { field: 'dueDate', value: '31/12/2026' } }),
        400,
      );
      expect(badValue.errors?.[0]).toMatchObject({ field: 'input.value', code: 'invalid' });
      const readOnly = ok<Problem>(
        await post(url, { action: 'item.set_field', input: { field: 'number', value: 3 } }),
        400,
      );
      expect(readOnly.errors?.[0]).toMatchObject({ field: 'input.field', code: 'read_only' });
      const noAction = ok<Problem>(await post(url, { action: 'nada.disso', input: {} }), 400);
      expect(noAction.errors?.[0]).toMatchObject({ field: 'action', code: 'not_found' });
      const otherUser = ok<Problem>(
        await post(url, { action: 'item.set_responsible', input: { userId: w.b.admin.id } }),
        400,
      );
      expect(otherUser.errors?.[0]).toMatchObject({ field: 'input.userId', code: 'not_found' });
      for (const [rulesUrl, code] of [
        ['/api/automation/pipelines/tickets/stages/limbo/rules', 'automation.stage_not_found'],
        [
          '/api/automation/pipelines/process:0199aaaa-0000-7000-8000-000000000000/stages/a/rules',
          'automation.pipeline_not_found',
        ],
      ] as const) {
        expect(ok<Problem>(await post(rulesUrl, setSubject('x')), 404).code).toBe(code);
      }
      // Another office's rule is not found; staff may not edit rules.
      const theirs = await w.rule('analyzing', setSubject('B'), w.adminB);
      const res = await w.adminA.request({
        method: 'POST',
        url: `/api/automation/rules/${theirs.id}/publish`,
      });
      expect(res.statusCode).toBe(404);
      const staff = await w.staffA.request({
        method: 'POST',
        url,
        payload: setSubject('x'),
      });
      expect(staff.statusCode).toBe(403);
      const nothingSaved = await w.ctx.db
        .selectFrom('automation_rules')
        .select('id')
        .where('office_id', '=', w.officeId)
        .execute();
      expect(nothingSaved).toEqual([]);
    });

    it('keeps drafts apart from the published version, reorders and moves rules between stages', async () => {
      const a = await w.rule('analyzing', setSubject('A'));
      const b = await w.rule('analyzing', {
        name: 'Valor padrão',
        action: 'item.set_field',
        input: { field: 'value', value: 100 },
      });
      expect(a.published?.version).toBe(1);
      expect(a.draft).toBeNull();
      const edited = ok<RuleAnswer>(
        await w.adminA.request({
          method: 'PUT',
          url: `/api/automation/rules/${a.id}`,
          payload: setSubject('A2'),
        }),
      );
      expect(edited.published?.version).toBe(1);
      expect(edited.draft).toMatchObject({ input: { value: 'A2' } });
      expect(edited.description).toBe('Alterar subject para A2');
      const order = ok<{ stages: { stageId: string; rules: RuleAnswer[] }[] }>(
        await w.adminA.request({
          method: 'PUT',
          url: '/api/automation/pipelines/tickets/order',
          payload: {
            stages: [
              { stageId: 'analyzing', ruleIds: [b.id] },
              { stageId: 'waiting', ruleIds: [a.id] },
            ],
          },
        }),
      );
      const stage = (id: string) => order.stages.find((s) => s.stageId === id)!.rules.map((r) => r.id);
      expect(stage('analyzing')).toEqual([b.id]);
      expect(stage('waiting')).toEqual([a.id]);
      expect(order.stages.find((s) => s.stageId === 'analyzing')!.rules[0]!.description).toBe('Valor padrão');
      const missing = await w.adminA.request({
        method: 'PUT',
        url: '/api/automation/pipelines/tickets/order',
        payload: { stages: [{ stageId: 'analyzing', ruleIds: [] }] },
      });
      expect(missing.statusCode).toBe(400);
      const off = ok<RuleAnswer>(
        await w.adminA.request({
          method: 'PUT',
          url: `/api/automation/rules/${b.id}/enabled`,
          payload: { enabled: false },
        }),
      );
      expect(off.enabled).toBe(false);
      const t = await w.ticket();
      await w.move(t.id, 'analyzing');
      expect(await w.runsOf(t.id)).toEqual([]);
      const del = await w.adminA.request({ method: 'DELETE', url: `/api/automation/rules/${b.id}` });
      expect(del.statusCode).toBe(204);
    });

    it('applies a rule to the items already in the stage after a dry run, once per entry', async () => {
      const inStage = [await w.ticket('Já estava 1'), await w.ticket('Já estava 2')];
      for (const t of inStage) await w.move(t.id, 'waiting');
      const r = await w.rule('waiting', {
        action: 'item.set_field',
        input: { field: 'subject', value: 'Aplicada' },
        condition: { '==': [{ var: 'item.subject' }, 'Já estava 1'] },
      });
      const dry = ok<{
        count: number;
        matching: number;
        created: number;
        items: { title: string; passes: boolean }[];
      }>(await post(`/api/automation/rules/${r.id}/apply-existing`, { dryRun: true }));
      expect(dry.count).toBeGreaterThanOrEqual(2);
      expect(dry.matching).toBe(1);
      expect(dry.created).toBe(0);
      expect(dry.items.find((i) => i.title.endsWith('Já estava 1'))?.passes).toBe(true);
      expect(await w.runsOf(inStage[0]!.id)).toEqual([]);
      const real = ok<{ created: number }>(
        await post(`/api/automation/rules/${r.id}/apply-existing`, { dryRun: false }),
      );
      expect(real.created).toBe(dry.count);
      const again = ok<{ created: number }>(
        await post(`/api/automation/rules/${r.id}/apply-existing`, { dryRun: false }),
      );
      expect(again.created).toBe(0);
      w.ctx.clock.advance(1_000);
      await w.drain();
      expect((await w.ticketRow(inStage[0]!.id)).subject).toBe('Aplicada');
      expect((await w.ticketRow(inStage[1]!.id)).subject).toBe('Já estava 2');
      expect((await w.runsOf(inStage[1]!.id)).map((x) => x.status)).toEqual(['skipped']);
    });

    it('tests a stage on one item with nothing kept', async () => {
      await w.rule('analyzing', setSubject('Testado'));
      await w.rule('analyzing', { action: 'item.move', input: { stageId: 'open' } });
      const t = await w.ticket('Original');
      const result = ok<{
        runs: { status: string; outcome: { summary: string } | null; error: string | null }[];
      }>(await post('/api/automation/pipelines/tickets/stages/analyzing/test', { itemId: t.id }));
      expect(result.runs.map((r) => r.status)).toEqual(['done', 'done']);
      expect(result.runs[0]!.outcome?.summary).toBe('Alteraria “Assunto”: Original → Testado.');
      const row = await w.ticketRow(t.id);
      expect(row.subject).toBe('Original');
      expect(row.status).toBe('open');
      expect(await w.runsOf(t.id)).toEqual([]);
      const missing = await post('/api/automation/pipelines/tickets/stages/analyzing/test', {
        itemId: w.ticketB.id,
      });
      expect(missing.statusCode).toBe(404);
    });
  });
}
