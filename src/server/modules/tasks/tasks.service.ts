import type { Updateable } from 'kysely';
import type { CreateTaskInput, UpdateTaskInput } from '../../../shared/schemas/tasks.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { writeTransaction } from '../../db/group-commit.js';
import { officeRow } from '../../db/office-row.js';
import type { TasksTable } from '../../db/schema.js';
import type { FieldIssue } from '../../http/errors.js';
import { fieldIssue, fieldsError } from '../../http/validation.js';
import { newId } from '../../ids.js';
import { calendarOf } from '../engine/index.js';
import { type Actor, auditTrail, getOffice, notifyUser, type Office } from '../platform/index.js';
import { civilToday, dueDateOf } from './due-date.js';
import { TasksError } from './tasks.errors.js';
import {
  activeUser,
  clientExists,
  countOpen,
  findTask,
  findTaskRow,
  listComments,
  listTaskRows,
  taskOfRun,
} from './tasks.repo.js';
import type { TaskDetail, TaskListQuery } from './tasks.schema.js';

/** The audit entries of tasks, each written in its change's transaction. */
const taskAudit = auditTrail('task');

const todayOf = (ctx: AppContext, office: Office) => civilToday(ctx.clock.now(), office.timeZone);

/** The office's today and the due date a form's "em N dias úteis" gives (the form shows it before saving). */
export async function previewDueDate(ctx: AppContext, officeId: string, businessDays: number) {
  const office = await getOffice(ctx, officeId);
  const today = todayOf(ctx, office);
  return {
    today,
    dueDate: dueDateOf({ kind: 'businessDays', days: businessDays }, today, calendarOf(office))!,
  };
}

/** Checks what a task refers to: an active responsible and a client of the office. */
async function checkReferences(
  db: Db,
  officeId: string,
  input: { responsibleId?: string | undefined; clientId?: string | null | undefined },
) {
  const issues: FieldIssue[] = [];
  if (input.responsibleId && !(await activeUser(db, officeId, input.responsibleId))) {
    issues.push(
      fieldIssue(
        'responsibleId',
        'unknown_user',
        'Escolha um usuário ativo do escritório.',
        'Choose an active user of the office.',
      ),
    );
  }
  if (input.clientId && !(await clientExists(db, officeId, input.clientId))) {
    issues.push(fieldIssue('clientId', 'unknown_client', 'Cliente não encontrado.', 'Client not found.'));
  }
  if (issues.length) throw fieldsError(...issues);
}

export async function listTasks(ctx: AppContext, actor: Actor, q: TaskListQuery) {
  if (q.mine && !actor.userId) throw new TasksError('no_user');
  const office = await getOffice(ctx, actor.officeId);
  return listTaskRows(ctx.db, actor.officeId, { ...q, userId: actor.userId }, todayOf(ctx, office));
}

/** The header's badge: the caller's open tasks and the overdue ones (an API token has none). */
export async function myTaskCounts(ctx: AppContext, actor: Actor) {
  if (!actor.userId) return { open: 0, overdue: 0 };
  const office = await getOffice(ctx, actor.officeId);
  return countOpen(ctx.db, actor.officeId, actor.userId, todayOf(ctx, office));
}

export async function getTask(ctx: AppContext, officeId: string, id: string): Promise<TaskDetail> {
  const office = await getOffice(ctx, officeId);
  const task = await findTask(ctx.db, officeId, id, todayOf(ctx, office));
  if (!task) throw new TasksError('not_found');
  return { ...task, comments: await listComments(ctx.db, officeId, id) };
}

/** Tells the responsible a task is theirs, unless they gave it to themselves. */
async function tellResponsible(
  db: Db,
  officeId: string,
  byUserId: string | null,
  task: { id: string; title: string; responsibleId: string; dueDate: string | null },
  at: Date,
) {
  if (task.responsibleId === byUserId) return;
  await notifyUser(db, {
    officeId,
    userId: task.responsibleId,
    title: { 'pt-BR': `Nova tarefa: ${task.title}`, en: `New task: ${task.title}` },
    body: task.dueDate
      ? {
          'pt-BR': `Prazo: ${task.dueDate.split('-').reverse().join('/')}.`,
          en: `Due: ${task.dueDate.split('-').reverse().join('/')}.`,
        }
      : { 'pt-BR': 'Sem prazo.', en: 'No due date.' },
    link: `/tasks/${task.id}`,
    at,
  });
}

/** What the insert needs besides the form: who made it (a user, or a rule run). */
export interface NewTask {
  title: string;
  description: string;
  responsibleId: string;
  dueDate: string | null;
  clientId: string | null;
  item: { pipelineId: string; itemId: string; title: string; path: string | null } | null;
  createdBy: string | null;
  ruleRunId: string | null;
}

/**
 * Inserts a task with its audit entry and the responsible's notification, inside `trx`. A second insert
 * for the same rule run inserts nothing (the run id is unique; `on conflict do nothing` on both dialects,
 * so a PostgreSQL transaction is not aborted by the conflict) and answers null.
 */
async function insertTask(trx: Db, officeId: string, t: NewTask, now: Date): Promise<string | null> {
  const id = newId();
  const at = now.toISOString();
  const inserted = await trx
    .insertInto('tasks')
    .values({
      id,
      office_id: officeId,
      title: t.title,
      description: t.description,
      responsible_id: t.responsibleId,
      due_date: t.dueDate,
      status: 'open',
      done_at: null,
      done_by: null,
      client_id: t.clientId,
      pipeline_id: t.item?.pipelineId ?? null,
      item_id: t.item?.itemId ?? null,
      item_title: t.item?.title ?? null,
      item_path: t.item?.path ?? null,
      created_by: t.createdBy,
      rule_run_id: t.ruleRunId,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.column('rule_run_id').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return null;
  await taskAudit.create(trx, { officeId, userId: t.createdBy, at: now }, id, {
    title: t.title,
    responsibleId: t.responsibleId,
    dueDate: t.dueDate,
    clientId: t.clientId,
    ...(t.ruleRunId && { ruleRunId: t.ruleRunId }),
  });
  await tellResponsible(
    trx,
    officeId,
    t.createdBy,
    { id, title: t.title, responsibleId: t.responsibleId, dueDate: t.dueDate },
    now,
  );
  return id;
}

export async function createTask(ctx: AppContext, actor: Actor, input: CreateTaskInput): Promise<TaskDetail> {
  await checkReferences(ctx.db, actor.officeId, input);
  const office = await getOffice(ctx, actor.officeId);
  const dueDate = dueDateOf(input.due, todayOf(ctx, office), calendarOf(office));
  const id = await writeTransaction(ctx, async (trx) =>
    insertTask(
      trx,
      actor.officeId,
      {
        title: input.title,
        description: input.description,
        responsibleId: input.responsibleId,
        dueDate,
        clientId: input.clientId,
        item: input.item,
        createdBy: actor.userId,
        ruleRunId: null,
      },
      ctx.clock.now(),
    ),
  );
  // A task typed by a person has no run id: nothing can conflict.
  return getTask(ctx, actor.officeId, id!);
}

/** What a person's change to a task records in the audit log (who, which task and when are added). */
interface TaskAudit {
  action: string;
  before?: object;
  after?: object;
}

type TaskRow = NonNullable<Awaited<ReturnType<typeof findTaskRow>>>;

/**
 * A person's change to one task: in one transaction the task is read fresh (`not_found` when it is gone),
 * `write` changes it at `now` and says what to audit (null: nothing changed, no entry).
 */
async function writeTask(
  ctx: AppContext,
  actor: Actor,
  id: string,
  write: (trx: Db, task: TaskRow, now: Date) => Promise<TaskAudit | null>,
): Promise<void> {
  await writeTransaction(ctx, async (trx) => {
    const task = await findTaskRow(trx, actor.officeId, id);
    if (!task) throw new TasksError('not_found');
    const now = ctx.clock.now();
    const entry = await write(trx, task, now);
    if (entry) await taskAudit.record(trx, { ...actor, at: now }, id, entry.action, entry);
  });
}

/** Sets a task's columns and its `updated_at`. */
const setTask = (trx: Db, actor: Actor, id: string, set: Updateable<TasksTable>, now: Date) =>
  trx
    .updateTable('tasks')
    .set({ ...set, updated_at: now.toISOString() })
    .where(officeRow(actor.officeId, id))
    .execute();

export async function updateTask(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: UpdateTaskInput,
): Promise<TaskDetail> {
  await checkReferences(ctx.db, actor.officeId, input);
  const office = await getOffice(ctx, actor.officeId);
  const dueDate =
    input.due === undefined ? undefined : dueDateOf(input.due, todayOf(ctx, office), calendarOf(office));
  await writeTask(ctx, actor, id, async (trx, before, now) => {
    const patch = {
      ...(input.title !== undefined && { title: input.title }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.responsibleId !== undefined && { responsible_id: input.responsibleId }),
      ...(dueDate !== undefined && { due_date: dueDate }),
      ...(input.clientId !== undefined && { client_id: input.clientId }),
    };
    await setTask(trx, actor, id, patch, now);
    if (input.responsibleId && input.responsibleId !== before.responsible_id) {
      await tellResponsible(
        trx,
        actor.officeId,
        actor.userId,
        {
          id,
          title: input.title ?? before.title,
          responsibleId: input.responsibleId,
          dueDate: dueDate === undefined ? before.due_date : dueDate,
        },
        now,
      );
    }
    return {
      action: 'update',
      before: {
        title: before.title,
        ...Object.fromEntries(Object.keys(patch).map((k) => [k, before[k as keyof typeof before]])),
      },
      after: { title: input.title ?? before.title, ...patch },
    };
  });
  return getTask(ctx, actor.officeId, id);
}

/** Done (who, when) or open again. Setting the state it already has changes nothing. */
export async function setTaskDone(
  ctx: AppContext,
  actor: Actor,
  id: string,
  done: boolean,
): Promise<TaskDetail> {
  await writeTask(ctx, actor, id, async (trx, before, now) => {
    if ((before.status === 'done') === done) return null;
    const status = done ? 'done' : 'open';
    await setTask(
      trx,
      actor,
      id,
      { status, done_at: done ? now.toISOString() : null, done_by: done ? actor.userId : null },
      now,
    );
    return {
      action: done ? 'complete' : 'reopen',
      before: { title: before.title, status: before.status },
      after: { title: before.title, status },
    };
  });
  return getTask(ctx, actor.officeId, id);
}

export async function addTaskComment(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: string,
): Promise<TaskDetail> {
  await writeTask(ctx, actor, id, async (trx, task, now) => {
    const commentId = newId();
    await trx
      .insertInto('task_comments')
      .values({
        id: commentId,
        office_id: actor.officeId,
        task_id: id,
        user_id: actor.userId,
        body,
        created_at: now.toISOString(),
      })
      .execute();
    return { action: 'comment', after: { title: task.title, commentId } };
  });
  return getTask(ctx, actor.officeId, id);
}

export async function deleteTask(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await writeTask(ctx, actor, id, async (trx, before) => {
    await trx
      .deleteFrom('task_comments')
      .where('office_id', '=', actor.officeId)
      .where('task_id', '=', id)
      .execute();
    await trx.deleteFrom('tasks').where(officeRow(actor.officeId, id)).execute();
    return {
      action: 'delete',
      before: { title: before.title, responsibleId: before.responsible_id, status: before.status },
    };
  });
}

/**
 * A task made by a rule run, exactly once per run: the run's id is unique on the task, so a retry (or a
 * racing worker) that finds it made answers with the first one. Runs inside the run's transaction.
 */
export async function createTaskForRun(
  trx: Db,
  officeId: string,
  runId: string,
  t: Omit<NewTask, 'ruleRunId' | 'createdBy'>,
  now: Date,
): Promise<{ id: string; created: boolean }> {
  const existing = await taskOfRun(trx, officeId, runId);
  if (existing) return { id: existing.id, created: false };
  const id = await insertTask(trx, officeId, { ...t, ruleRunId: runId, createdBy: null }, now);
  if (id) return { id, created: true };
  // A racing transaction made it first and committed: its task stands.
  const first = await taskOfRun(trx, officeId, runId);
  if (!first) throw new Error(`task of run ${runId} conflicted but is not there`);
  return { id: first.id, created: false };
}
