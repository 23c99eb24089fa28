import { describe, expect, it } from 'vitest';
import { writeTransaction } from '../../src/server/db/group-commit.js';
import {
  type ActionContext,
  type AutomationItem,
  actionKind,
  type PipelineView,
} from '../../src/server/modules/automation/index.js';
import { expectFieldErrors, expectProblem, missingId } from '../http/helpers.js';
import { auditActions } from '../support/audit.js';
import { type Session, useSession, useTestApp } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';

interface TaskDto {
  id: string;
  title: string;
  description: string;
  responsible: { id: string; name: string };
  dueDate: string | null;
  status: 'open' | 'done';
  overdue: boolean;
  doneAt: string | null;
  doneBy: { id: string; name: string } | null;
  client: { id: string; name: string } | null;
  item: { pipelineId: string; itemId: string; title: string; path: string | null } | null;
  ruleRunId: string | null;
  comments?: { body: string; author: { name: string } | null }[];
}

for (const dialect of dialects) {
  describe(`tasks (${dialect})`, () => {
    const t = useTestApp(dialect, { config: { sessionTtlMs: 365 * 86_400_000 } });
    const admin = useSession(t, 'admin@a.com.br');
    const staff = useSession(t, 'staff@a.com.br');
    const other = useSession(t, 'admin@b.com.br');
    const json = async <T>(
      p: Promise<{ statusCode: number; body: string; json: () => unknown }>,
      status = 200,
    ) => {
      const res = await p;
      expect(res.statusCode, res.body).toBe(status);
      return res.json() as T;
    };

    const counts = (s: Session) =>
      json<{ open: number; overdue: number }>(s.request({ method: 'GET', url: '/api/tasks/counts' }));

    it('creates, reads, changes, completes, reopens, comments on and deletes a task, with an audit entry each', async () => {
      t.ctx.clock.set('2026-11-23T12:00:00.000Z');
      const created = await json<TaskDto>(
        admin.request({
          method: 'POST',
          url: '/api/tasks',
          payload: {
            title: 'Conferir a folha de novembro',
            description: 'Ver os adicionais.',
            responsibleId: t.a.staff.id,
            due: { kind: 'date', date: '2026-11-30' },
          },
        }),
        201,
      );
      expect(created).toMatchObject({
        title: 'Conferir a folha de novembro',
        responsible: { id: t.a.staff.id, name: 'Bruno Staff' },
        dueDate: '2026-11-30',
        status: 'open',
        overdue: false,
        item: null,
        client: null,
      });
      // The responsible is told (the author made it for someone else).
      const notes = await t.ctx.db
        .selectFrom('notifications')
        .select(['title', 'link'])
        .where('user_id', '=', t.a.staff.id)
        .execute();
      expect(notes).toContainEqual({
        title: 'Nova tarefa: Conferir a folha de novembro',
        link: `/tasks/${created.id}`,
      });

      const changed = await json<TaskDto>(
        staff.request({
          method: 'PATCH',
          url: `/api/tasks/${created.id}`,
          payload: { title: 'Conferir a folha', due: null },
        }),
      );
      expect(changed).toMatchObject({
        title: 'Conferir a folha',
        dueDate: null,
        description: 'Ver os adicionais.',
      });

      const done = await json<TaskDto>(
        staff.request({ method: 'PUT', url: `/api/tasks/${created.id}/done`, payload: { done: true } }),
      );
      expect(done).toMatchObject({
        status: 'done',
        doneBy: { id: t.a.staff.id },
        doneAt: '2026-11-23T12:00:00.000Z',
      });
      const reopened = await json<TaskDto>(
        admin.request({ method: 'PUT', url: `/api/tasks/${created.id}/done`, payload: { done: false } }),
      );
      expect(reopened).toMatchObject({ status: 'open', doneBy: null, doneAt: null });

      const commented = await json<TaskDto>(
        staff.request({
          method: 'POST',
          url: `/api/tasks/${created.id}/comments`,
          payload: { body: 'Feito em parte.' },
        }),
        201,
      );
      expect(commented.comments).toEqual([
        expect.objectContaining({
          body: 'Feito em parte.',
          author: expect.objectContaining({ name: 'Bruno Staff' }),
        }),
      ]);

      expect(await auditActions(t.ctx, 'task', created.id)).toEqual([
        'create',
        'update',
        'complete',
        'reopen',
        'comment',
      ]);

      const del = await admin.request({ method: 'DELETE', url: `/api/tasks/${created.id}` });
      expect(del.statusCode, del.body).toBe(204);
      expectProblem(
        await admin.request({ method: 'GET', url: `/api/tasks/${created.id}` }),
        404,
        'tasks.not_found',
      );
    });

    it('refuses bad input with field errors and writes nothing', async () => {
      const before = await t.ctx.db
        .selectFrom('tasks')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const errors = expectFieldErrors(
        await admin.request({
          method: 'POST',
          url: '/api/tasks',
          payload: { title: 'x', responsibleId: t.b.admin.id, clientId: missingId },
        }),
      );
      expect(errors.map((e) => e.field).sort()).toEqual(['clientId', 'responsibleId']);
      expectFieldErrors(
        await admin.request({
          method: 'POST',
          url: '/api/tasks',
          payload: { title: '', responsibleId: t.a.admin.id },
        }),
      );
      expectFieldErrors(
        await admin.request({
          method: 'POST',
          url: '/api/tasks',
          payload: { title: 'x', responsibleId: t.a.admin.id, due: { kind: 'businessDays', days: 999 } },
        }),
      );
      const after = await t.ctx.db
        .selectFrom('tasks')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });

    it('counts "em N dias úteis" on the office calendar, across the 20 November holiday and the weekend', async () => {
      // Thursday 19/11/2026: Friday the 20th is Consciência Negra, then the weekend.
      t.ctx.clock.set('2026-11-19T15:00:00.000Z');
      expect(await json(admin.request({ method: 'GET', url: '/api/tasks/due-date?businessDays=1' }))).toEqual(
        {
          today: '2026-11-19',
          dueDate: '2026-11-23',
        },
      );
      const task = await json<TaskDto>(
        admin.request({
          method: 'POST',
          url: '/api/tasks',
          payload: {
            title: 'Entregar a DCTFWeb',
            responsibleId: t.a.admin.id,
            due: { kind: 'businessDays', days: 2 },
          },
        }),
        201,
      );
      expect(task.dueDate).toBe('2026-11-24');
      // Zero days on a closed day: the next business day.
      t.ctx.clock.set('2026-11-20T15:00:00.000Z');
      expect(
        await json(admin.request({ method: 'GET', url: '/api/tasks/due-date?businessDays=0' })),
      ).toMatchObject({
        dueDate: '2026-11-23',
      });
      t.ctx.clock.set('2026-11-23T12:00:00.000Z');
    });

    it("shows the office's tasks to its users and never another office's", async () => {
      const mine = await json<TaskDto>(
        staff.request({
          method: 'POST',
          url: '/api/tasks',
          payload: { title: 'Só do escritório A', responsibleId: t.a.staff.id },
        }),
        201,
      );
      const all = await json<{ items: TaskDto[] }>(
        admin.request({ method: 'GET', url: '/api/tasks?pageSize=100' }),
      );
      expect(all.items.map((i) => i.id)).toContain(mine.id);
      const adminsOwn = await json<{ items: TaskDto[] }>(
        admin.request({ method: 'GET', url: '/api/tasks?mine=true&pageSize=100' }),
      );
      expect(adminsOwn.items.map((i) => i.id)).not.toContain(mine.id);
      expect(adminsOwn.items.every((i) => i.responsible.id === t.a.admin.id)).toBe(true);

      const b = await json<{ items: TaskDto[]; total: number }>(
        other.request({ method: 'GET', url: '/api/tasks?status=all' }),
      );
      expect(b.total).toBe(0);
      expectProblem(
        await other.request({ method: 'GET', url: `/api/tasks/${mine.id}` }),
        404,
        'tasks.not_found',
      );
      expectProblem(
        await other.request({ method: 'PUT', url: `/api/tasks/${mine.id}/done`, payload: { done: true } }),
        404,
        'tasks.not_found',
      );
      expectProblem(
        await other.request({
          method: 'POST',
          url: `/api/tasks/${mine.id}/comments`,
          payload: { body: 'oi' },
        }),
        404,
        'tasks.not_found',
      );
      expectProblem(
        await other.request({ method: 'DELETE', url: `/api/tasks/${mine.id}` }),
        404,
        'tasks.not_found',
      );
      expect(
        (await json<TaskDto>(staff.request({ method: 'GET', url: `/api/tasks/${mine.id}` }))).status,
      ).toBe('open');
    });

    it("counts the caller's open tasks and the overdue ones for the header", async () => {
      t.ctx.clock.set('2026-11-23T12:00:00.000Z');
      const start = await counts(staff);
      const soon = await json<TaskDto>(
        admin.request({
          method: 'POST',
          url: '/api/tasks',
          payload: {
            title: 'Prazo amanhã',
            responsibleId: t.a.staff.id,
            due: { kind: 'businessDays', days: 1 },
          },
        }),
        201,
      );
      await json(
        admin.request({
          method: 'POST',
          url: '/api/tasks',
          payload: {
            title: 'Já venceu',
            responsibleId: t.a.staff.id,
            due: { kind: 'date', date: '2026-11-10' },
          },
        }),
        201,
      );
      expect(await counts(staff)).toEqual({ open: start.open + 2, overdue: start.overdue + 1 });
      // Two days later the first one is overdue too.
      t.ctx.clock.set('2026-11-25T12:00:00.000Z');
      expect(await counts(staff)).toEqual({ open: start.open + 2, overdue: start.overdue + 2 });
      const overdue = await json<{ items: TaskDto[] }>(
        staff.request({ method: 'GET', url: '/api/tasks?mine=true&overdue=true&pageSize=100' }),
      );
      expect(overdue.items.every((i) => i.overdue)).toBe(true);
      await json(
        staff.request({ method: 'PUT', url: `/api/tasks/${soon.id}/done`, payload: { done: true } }),
      );
      expect(await counts(staff)).toEqual({ open: start.open + 1, overdue: start.overdue + 1 });
      // Another office's user counts none of them.
      expect(await counts(other)).toEqual({ open: 0, overdue: 0 });
      t.ctx.clock.set('2026-11-23T12:00:00.000Z');
    });

    describe('the tasks.create action', () => {
      const action = () => actionKind('tasks.create')!;
      const pipeline: PipelineView = {
        id: 'tickets',
        kind: 'tickets',
        name: { 'pt-BR': 'Atendimentos', en: 'Tickets' },
        stages: [{ id: 'open', name: { 'pt-BR': 'Aberto', en: 'Open' }, color: null }],
        fields: [
          { key: 'subject', label: { 'pt-BR': 'Assunto', en: 'Subject' }, type: 'text', writable: false },
        ],
      };
      const item = (): AutomationItem => ({
        pipelineId: 'tickets',
        id: 'ticket-42',
        stageId: 'open',
        title: '#42 Pedido de móveis',
        clientId: null,
        responsibleId: t.a.staff.id,
        fields: { subject: 'Mesa de jantar' },
        path: '/tickets/ticket-42',
      });
      const run = async (runId: string, input: unknown, testMode = false) => {
        const parsed = action().input.parse(input);
        return writeTransaction(t.ctx, (trx) => {
          const ctx: ActionContext = {
            app: t.ctx,
            db: trx,
            officeId: t.a.office.id,
            item: item(),
            run: { id: runId, ruleId: 'rule-1', version: 1, chainId: 'chain-1', depth: 0 },
            vars: { pedido: { numero: 'P-7' } },
            testMode,
            now: t.ctx.clock.now(),
          };
          return action().execute(ctx, parsed);
        });
      };
      const tasksOfRun = (runId: string) =>
        t.ctx.db.selectFrom('tasks').selectAll().where('rule_run_id', '=', runId).execute();

      it('creates exactly one task per run, however often the run is retried', async () => {
        t.ctx.clock.set('2026-11-19T15:00:00.000Z');
        const input = {
          title: 'Separar {{ item.subject }} ({{ vars.pedido.numero }})',
          description: 'Pedido {{ item.title }}',
          responsible: { kind: 'item' },
          dueInBusinessDays: 1,
        };
        const first = await run('run-once', input);
        const second = await run('run-once', input);
        const rows = await tasksOfRun('run-once');
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          title: 'Separar Mesa de jantar (P-7)',
          description: 'Pedido #42 Pedido de móveis',
          responsible_id: t.a.staff.id,
          due_date: '2026-11-23',
          pipeline_id: 'tickets',
          item_id: 'ticket-42',
          item_path: '/tickets/ticket-42',
          created_by: null,
        });
        expect(first.links).toEqual([
          { kind: 'task', id: rows[0]!.id, label: 'Separar Mesa de jantar (P-7)' },
        ]);
        expect(second.links?.[0]?.id).toBe(rows[0]!.id);
        // The item's tasks, as its page lists them.
        const ofItem = await json<{ items: TaskDto[] }>(
          staff.request({ method: 'GET', url: '/api/tasks?pipelineId=tickets&itemId=ticket-42&status=all' }),
        );
        expect(ofItem.items.map((i) => i.id)).toEqual([rows[0]!.id]);
        expect(ofItem.items[0]).toMatchObject({
          ruleRunId: 'run-once',
          item: { title: '#42 Pedido de móveis' },
        });
        expect(first.summary['pt-BR']).toContain('Bruno Staff');
        t.ctx.clock.set('2026-11-23T12:00:00.000Z');
      });

      it("gives the task to the responsible's supervisor, or a chosen user", async () => {
        await run('run-supervisor', { title: 'Aprovar', responsible: { kind: 'supervisor' } });
        expect((await tasksOfRun('run-supervisor'))[0]?.responsible_id).toBe(t.a.admin.id);
        await run('run-user', { title: 'Ligar', responsible: { kind: 'user', userId: t.a.admin.id } });
        expect((await tasksOfRun('run-user'))[0]?.responsible_id).toBe(t.a.admin.id);
      });

      it('creates nothing in test mode and says what it would create', async () => {
        const out = await run(
          'run-test',
          { title: 'Separar {{ item.subject }}', dueInBusinessDays: 2 },
          true,
        );
        expect(await tasksOfRun('run-test')).toHaveLength(0);
        expect(out.summary['pt-BR']).toBe(
          'Criaria a tarefa “Separar Mesa de jantar” para Bruno Staff, prazo 25/11/2026 (teste: nada criado).',
        );
        expect(out.links ?? []).toEqual([]);
      });

      it('refuses, when saved, a variable the item does not have and a user of another office', async () => {
        const issues = await action().validate!(
          t.ctx.db,
          t.a.office.id,
          action().input.parse({
            title: '{{ item.nope }}',
            description: '{{ client.name }} {{ vars.anything.at.all }}',
            responsible: { kind: 'user', userId: t.b.admin.id },
          }),
          pipeline,
        );
        expect(issues.map((i) => [i.field, i.code])).toEqual([
          ['input.title', 'messaging.unknown_variable'],
          ['input.responsible.userId', 'unknown_user'],
        ]);
        expect(issues[0]!.message['pt-BR']).toContain('item.nope');
      });
    });
  });
}
