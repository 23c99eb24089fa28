import type { Kysely } from 'kysely';
import { notNull, nullable, parent, timestamps } from '../migration-columns.js';
import { dropTables, indexes, officeTable } from '../migration-helpers.js';

/**
 * Tarefas: a task for one of the office's people (title, description, responsible, due date), open or
 * done (who, when), linked to an automation item (a ticket, a programação, a process card) and a client;
 * and its comments. A task made by a rule keeps the run's id, unique, so a retried run never makes two.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await officeTable(db, 'tasks')
    .$call(notNull('text', 'title', 'description', 'responsible_id'))
    .addColumn('due_date', 'text')
    // open | done
    .addColumn('status', 'text', (c) => c.notNull())
    .$call(nullable('text', 'done_at', 'done_by', 'client_id', 'pipeline_id', 'item_id', 'item_title'))
    .$call(nullable('text', 'item_path', 'created_by', 'rule_run_id'))
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
    .$call(notNull('text', 'body', 'created_at'))
    .execute();
  await indexes(db, 'task_comments', { task_comments_task_idx: ['task_id', 'created_at'] });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropTables(db, ['task_comments', 'tasks']);
}
