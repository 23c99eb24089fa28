import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { principal } from '../../http/auth.js';
import { noContent } from '../../http/openapi.js';
import { idParam } from '../../http/schemas.js';
import { actorOf } from '../platform/index.js';
import {
  createTaskBody,
  dueDateQuery,
  dueDateSchema,
  taskCommentBody,
  taskCountsSchema,
  taskDetailSchema,
  taskDoneBody,
  taskListQuery,
  taskPageSchema,
  updateTaskBody,
} from './tasks.schema.js';
import {
  addTaskComment,
  createTask,
  deleteTask,
  getTask,
  listTasks,
  myTaskCounts,
  previewDueDate,
  setTaskDone,
  updateTask,
} from './tasks.service.js';

/** Tarefas: every user of the office sees and works on the office's tasks; "Minhas tarefas" is `mine=true`. */
export function tasksRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: "The office's tasks (paged; `mine=true`: the caller's; open by default, by due date)",
        querystring: taskListQuery,
        response: { 200: taskPageSchema },
      },
    },
    async (req) => listTasks(ctx, actorOf(principal(req)), req.query),
  );

  r.get(
    '/api/tasks/counts',
    {
      schema: {
        tags: ['tasks'],
        summary: "The caller's open tasks and how many are overdue (the header's badge)",
        response: { 200: taskCountsSchema },
      },
    },
    async (req) => myTaskCounts(ctx, actorOf(principal(req))),
  );

  r.get(
    '/api/tasks/due-date',
    {
      schema: {
        tags: ['tasks'],
        summary: 'The date "em N dias úteis" gives on the office\'s business calendar',
        querystring: dueDateQuery,
        response: { 200: dueDateSchema },
      },
    },
    async (req) => previewDueDate(ctx, principal(req).officeId, req.query.businessDays),
  );

  r.post(
    '/api/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Create a task',
        body: createTaskBody,
        response: { 201: taskDetailSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await createTask(ctx, actorOf(principal(req)), req.body)),
  );

  r.get(
    '/api/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'A task with its comments',
        params: idParam,
        response: { 200: taskDetailSchema },
      },
    },
    async (req) => getTask(ctx, principal(req).officeId, req.params.id),
  );

  r.patch(
    '/api/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Change a task (title, description, responsible, due date, client)',
        params: idParam,
        body: updateTaskBody,
        response: { 200: taskDetailSchema },
      },
    },
    async (req) => updateTask(ctx, actorOf(principal(req)), req.params.id, req.body),
  );

  r.put(
    '/api/tasks/:id/done',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Mark a task done (who, when) or open again',
        params: idParam,
        body: taskDoneBody,
        response: { 200: taskDetailSchema },
      },
    },
    async (req) => setTaskDone(ctx, actorOf(principal(req)), req.params.id, req.body.done),
  );

  r.post(
    '/api/tasks/:id/comments',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Comment on a task',
        params: idParam,
        body: taskCommentBody,
        response: { 201: taskDetailSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await addTaskComment(ctx, actorOf(principal(req)), req.params.id, req.body.body)),
  );

  r.delete(
    '/api/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Delete a task and its comments',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await deleteTask(ctx, actorOf(principal(req)), req.params.id);
      return reply.status(204).send();
    },
  );
}
