import type { Db } from '../../db/database.js';
import { readPage } from '../../db/list-query.js';
import { officeRow } from '../../db/office-row.js';
import type { TasksTable } from '../../db/schema.js';
import type { Task, TaskListQuery } from './tasks.schema.js';

/** Tasks' queries, always scoped by the office. Names of people and clients are joined in (read models). */

const sortColumns = {
  dueDate: 'tasks.due_date',
  createdAt: 'tasks.created_at',
  title: 'tasks.title',
} as const;

function baseQuery(db: Db, officeId: string) {
  return db
    .selectFrom('tasks')
    .innerJoin('users as r', 'r.id', 'tasks.responsible_id')
    .leftJoin('users as d', 'd.id', 'tasks.done_by')
    .leftJoin('users as c', 'c.id', 'tasks.created_by')
    .leftJoin('clients', 'clients.id', 'tasks.client_id')
    .where('tasks.office_id', '=', officeId)
    .selectAll('tasks')
    .select([
      'r.name as responsible_name',
      'd.name as done_by_name',
      'c.name as created_by_name',
      'clients.legal_name as client_name',
    ]);
}

type TaskRowWithNames = TasksTable & {
  responsible_name: string;
  done_by_name: string | null;
  created_by_name: string | null;
  client_name: string | null;
};

/** A row as the API answers it; `today` (the office's civil date) decides "overdue". */
export function toTask(r: TaskRowWithNames, today: string): Task {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    responsible: { id: r.responsible_id, name: r.responsible_name },
    dueDate: r.due_date,
    status: r.status,
    overdue: r.status === 'open' && !!r.due_date && r.due_date < today,
    doneAt: r.done_at,
    doneBy: r.done_by ? { id: r.done_by, name: r.done_by_name ?? '' } : null,
    client: r.client_id ? { id: r.client_id, name: r.client_name ?? '' } : null,
    item:
      r.pipeline_id && r.item_id
        ? { pipelineId: r.pipeline_id, itemId: r.item_id, title: r.item_title ?? '', path: r.item_path }
        : null,
    createdBy: r.created_by ? { id: r.created_by, name: r.created_by_name ?? '' } : null,
    ruleRunId: r.rule_run_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findTask(
  db: Db,
  officeId: string,
  id: string,
  today: string,
): Promise<Task | undefined> {
  const row = await baseQuery(db, officeId).where('tasks.id', '=', id).executeTakeFirst();
  return row ? toTask(row, today) : undefined;
}

export async function findTaskRow(db: Db, officeId: string, id: string) {
  return db.selectFrom('tasks').selectAll().where(officeRow(officeId, id)).executeTakeFirst();
}

export async function listTaskRows(
  db: Db,
  officeId: string,
  q: TaskListQuery & { userId: string | null },
  today: string,
) {
  let base = db.selectFrom('tasks').where('tasks.office_id', '=', officeId);
  if (q.mine) base = base.where('tasks.responsible_id', '=', q.userId ?? '');
  if (q.responsibleId) base = base.where('tasks.responsible_id', '=', q.responsibleId);
  if (q.clientId) base = base.where('tasks.client_id', '=', q.clientId);
  if (q.pipelineId) base = base.where('tasks.pipeline_id', '=', q.pipelineId);
  if (q.itemId) base = base.where('tasks.item_id', '=', q.itemId);
  if (q.status !== 'all') base = base.where('tasks.status', '=', q.status);
  if (q.overdue) base = base.where('tasks.status', '=', 'open').where('tasks.due_date', '<', today);
  if (q.q) {
    const like = `%${q.q.toLowerCase()}%`;
    base = base.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['tasks.title']), 'like', like),
        eb(eb.fn('lower', ['tasks.item_title']), 'like', like),
      ]),
    );
  }
  const ids = base.select('tasks.id');
  const rows = baseQuery(db, officeId)
    .where('tasks.id', 'in', ids)
    // Tasks without a due date go last, whatever the order.
    .orderBy((eb) => eb.case().when(sortColumns[q.sort], 'is', null).then(1).else(0).end())
    .orderBy(sortColumns[q.sort], q.order)
    .orderBy('tasks.id');
  return readPage(q, rows, base, (r) => toTask(r, today));
}

/** One user's open tasks and how many are overdue (the header's badge): one indexed query. */
export async function countOpen(db: Db, officeId: string, userId: string, today: string) {
  const row = await db
    .selectFrom('tasks')
    .where('office_id', '=', officeId)
    .where('responsible_id', '=', userId)
    .where('status', '=', 'open')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('open'),
      eb.fn
        .sum<number | string | null>(eb.case().when('due_date', '<', today).then(1).else(0).end())
        .as('overdue'),
    ])
    .executeTakeFirstOrThrow();
  return { open: Number(row.open), overdue: Number(row.overdue ?? 0) };
}

export async function listComments(db: Db, officeId: string, taskId: string) {
  const rows = await db
    .selectFrom('task_comments')
    .leftJoin('users', 'users.id', 'task_comments.user_id')
    .select([
      'task_comments.id',
      'task_comments.user_id',
      'users.name as user_name',
      'task_comments.body',
      'task_comments.created_at',
    ])
    .where('task_comments.office_id', '=', officeId)
    .where('task_comments.task_id', '=', taskId)
    .orderBy('task_comments.created_at')
    .orderBy('task_comments.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    author: r.user_id ? { id: r.user_id, name: r.user_name ?? '' } : null,
    body: r.body,
    createdAt: r.created_at,
  }));
}

/** The id of an active user of the office, and its supervisor's. */
export async function activeUser(db: Db, officeId: string, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'supervisor_id'])
    .where(officeRow(officeId, userId))
    .where('active', '=', 1)
    .executeTakeFirst();
}

export async function clientExists(db: Db, officeId: string, clientId: string): Promise<boolean> {
  const row = await db
    .selectFrom('clients')
    .select('id')
    .where(officeRow(officeId, clientId))
    .executeTakeFirst();
  return !!row;
}

/** The task a rule run made, if any (one per run). */
export async function taskOfRun(db: Db, officeId: string, runId: string) {
  return db
    .selectFrom('tasks')
    .select(['id', 'title'])
    .where('office_id', '=', officeId)
    .where('rule_run_id', '=', runId)
    .executeTakeFirst();
}
