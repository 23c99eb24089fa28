/**
 * What a request may send about Tarefas: the tasks module's route bodies and the schemas the web's task
 * form validates with. A due date is either "em N dias úteis" (counted by the server on the office's
 * business calendar, from the office's today) or a civil date.
 */
import { z } from 'zod';
import { civilDay, longText, text } from './fields.js';

/** How far ahead "em N dias úteis" may go (about a year of business days). */
export const MAX_DUE_BUSINESS_DAYS = 250;

/** The due date as the form gives it: N business days from today, a date, or none. */
export const taskDueInput = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('businessDays'),
      days: z.number().int().min(0).max(MAX_DUE_BUSINESS_DAYS),
    }),
    z.strictObject({ kind: z.literal('date'), date: civilDay }),
  ])
  .nullable();
export type TaskDueInput = z.output<typeof taskDueInput>;

/** The automation item a task is about (a ticket, a programação, a process card). */
export const taskItemInput = z.strictObject({
  pipelineId: text(120).min(1),
  itemId: text(120).min(1),
  title: text(300).min(1),
  path: text(500).regex(/^\/[^/]/),
});

export const createTaskBody = z.strictObject({
  title: text(200).min(1),
  description: longText(5000).default(''),
  responsibleId: z.uuid(),
  due: taskDueInput.default(null),
  clientId: z
    .uuid()
    .nullish()
    .transform((v) => v ?? null),
  item: taskItemInput.nullish().transform((v) => v ?? null),
});
export type CreateTaskInput = z.output<typeof createTaskBody>;

export const updateTaskBody = z.strictObject({
  title: text(200).min(1).optional(),
  description: longText(5000).optional(),
  responsibleId: z.uuid().optional(),
  due: taskDueInput.optional(),
  clientId: z.uuid().nullable().optional(),
});
export type UpdateTaskInput = z.output<typeof updateTaskBody>;

/** Done or open again. */
export const taskDoneBody = z.strictObject({ done: z.boolean() });

export const taskCommentBody = z.strictObject({ body: longText(5000).min(1) });
