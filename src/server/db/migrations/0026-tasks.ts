import type { Kysely } from 'kysely';
import { dropTables, indexes, officeTable, parent, timestamps } from '../migration-helpers.js';

/**
 * Tarefas: a task for one of the office's people (title, description, responsible, due date), open or
 * done (who, when), linked to an automation item (a ticket, a programação, a process card) and a client;
 * and its comments. A task made by a rule keeps the run's id, unique, so a retried run never makes two.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await officeTable(db, 'tasks')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('responsible_id', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text')
    // open | done
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addColumn('done_by', 'text')
    .addColumn('client_id', 'text')
    .addColumn('pipeline_id', 'text')
    .addColumn('item_id', 'text')
    .addColumn('item_title', 'text')
    .addColumn('item_path', 'text')
    .addColumn('created_by', 'text')
    .addColumn('rule_run_id', 'text')
    .$call(timestamps)
    // NULLs are distinct on both dialects: only tasks made by a rule run are held to one per run.
    .addUniqueConstraint('tasks_rule_run_uq', ['rule_run_id'])
    .execute();
  // "Minhas tarefas" and the header's count: one responsible's open tasks by due date.
  await indexes(db, 'tasks', {
    tasks_responsible_idx: ['office_id', 'responsible_id', 'status', 'due_date'],
    tasks_office_idx: ['office_id', 'status', 'due_date'],
    tasks_item_idx: ['office_id', 'pipeline_id', 'item_id'],
  });

  await officeTable(db, 'task_comments')
    .addColumn('task_id', 'text', parent('tasks'))
    .addColumn('user_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await indexes(db, 'task_comments', { task_comments_task_idx: ['task_id', 'created_at'] });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropTables(db, ['task_comments', 'tasks']);
}
