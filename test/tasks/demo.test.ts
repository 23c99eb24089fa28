import { describe, expect, it } from 'vitest';
import { seedDemoOffice } from '../../src/server/demo/demo-office.js';
import { useTestContext } from '../support/test-db.js';

describe('demo: Tarefas', () => {
  const ctx = useTestContext('sqlite');

  it('gives the administrator two open tasks, one overdue, and a colleague one (who is told)', async () => {
    const { officeId } = await seedDemoOffice(ctx);
    const tasks = await ctx.db
      .selectFrom('tasks')
      .innerJoin('users', 'users.id', 'tasks.responsible_id')
      .select(['tasks.title', 'tasks.due_date', 'users.email', 'tasks.client_id'])
      .where('tasks.office_id', '=', officeId)
      .orderBy('tasks.title')
      .execute();
    expect(tasks.map((t) => [t.email, t.due_date])).toEqual([
      ['admin@demo.expediente.app', '2026-11-26'],
      ['ricardo@demo.expediente.app', '2026-11-24'],
      ['admin@demo.expediente.app', '2026-11-21'],
    ]);
    expect(tasks.every((t) => t.client_id)).toBe(true);
    const told = await ctx.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select('users.email')
      .where('notifications.title', 'like', 'Nova tarefa:%')
      .execute();
    expect(told.map((n) => n.email)).toEqual(['ricardo@demo.expediente.app']);
  });
});
