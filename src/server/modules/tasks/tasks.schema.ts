/**
 * Terminology of Tarefas.
 *
 * - **Task** (tarefa): something one person of the office has to do — a title, a description, a
 *   **responsible** (one user), a **due date** (a civil day, or none), open or **done** (who, when).
 * - **Item link**: the automation item the task is about (a ticket, a programação, a process card): its
 *   pipeline id, item id, title and page, kept on the task so the link reads even if the item changes.
 * - **Made by a rule**: the `tasks.create` action of an automation rule makes a task per rule run (the
 *   run's id is unique on the task: a retried run never makes two).
 * - **Overdue**: open with a due date before the office's today.
 */
import { z } from 'zod';
import { MAX_DUE_BUSINESS_DAYS } from '../../../shared/schemas/tasks.js';
import { listQuery, out, pageOf, queryBool } from '../../http/schemas.js';

export {
  createTaskBody,
  taskCommentBody,
  taskDoneBody,
  updateTaskBody,
} from '../../../shared/schemas/tasks.js';

export const taskSortable = ['dueDate', 'createdAt', 'title'] as const;

export const taskListQuery = listQuery(taskSortable, 'dueDate').extend({
  /** Only the caller's tasks ("Minhas tarefas"). */
  mine: queryBool.optional(),
  status: z.enum(['open', 'done', 'all']).default('open'),
  responsibleId: z.uuid().optional(),
  clientId: z.uuid().optional(),
  /** Only overdue tasks (open, due before today). */
  overdue: queryBool.optional(),
  /** The tasks of one automation item (with `itemId`): a ticket's, a programação's, a card's. */
  pipelineId: z.string().trim().min(1).max(120).optional(),
  itemId: z.string().trim().min(1).max(120).optional(),
});
export type TaskListQuery = z.output<typeof taskListQuery>;

const userRef = z.object({ id: z.string(), name: z.string() });

export const taskSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  responsible: userRef,
  dueDate: out.date.nullable(),
  status: z.enum(['open', 'done']),
  overdue: z.boolean(),
  doneAt: out.dateTime.nullable(),
  doneBy: userRef.nullable(),
  client: z.object({ id: z.string(), name: z.string() }).nullable(),
  item: z
    .object({ pipelineId: z.string(), itemId: z.string(), title: z.string(), path: z.string().nullable() })
    .nullable(),
  createdBy: userRef.nullable(),
  /** The automation run that made it, when a rule did. */
  ruleRunId: z.string().nullable(),
  createdAt: out.dateTime,
  updatedAt: out.dateTime,
});
export type Task = z.infer<typeof taskSchema>;

export const taskCommentSchema = z.object({
  id: z.string(),
  author: userRef.nullable(),
  body: z.string(),
  createdAt: out.dateTime,
});

export const taskDetailSchema = taskSchema.extend({ comments: z.array(taskCommentSchema) });
export type TaskDetail = z.infer<typeof taskDetailSchema>;

export const taskPageSchema = pageOf(taskSchema);

/** The header's badge: the caller's open tasks and how many of them are overdue. */
export const taskCountsSchema = z.object({ open: z.number().int(), overdue: z.number().int() });

export const dueDateQuery = z.strictObject({
  businessDays: z.coerce.number().int().min(0).max(MAX_DUE_BUSINESS_DAYS),
});
export const dueDateSchema = z.object({ today: out.date, dueDate: out.date });
