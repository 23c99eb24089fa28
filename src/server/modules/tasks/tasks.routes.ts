import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { noContent } from '../../http/openapi.js';
import { routesFor } from '../../http/routes.js';
import { idParam } from '../../http/schemas.js';
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
  const route = routesFor(app, ['tasks']);

  route.get(
    '/api/tasks',
    {
      summary: "The office's tasks (paged; `mine=true`: the caller's; open by default, by due date)",
      querystring: taskListQuery,
      response: { 200: taskPageSchema },
    },
    async (req, actor) => listTasks(ctx, actor, req.query),
  );
  route.get(
    '/api/tasks/counts',
    {
      summary: "The caller's open tasks and how many are overdue (the header's badge)",
      response: { 200: taskCountsSchema },
    },
    async (_req, actor) => myTaskCounts(ctx, actor),
  );
  route.get(
    '/api/tasks/due-date',
    {
      summary: 'The date "em N dias úteis" gives on the office\'s business calendar',
      querystring: dueDateQuery,
      response: { 200: dueDateSchema },
    },
    async (req, actor) => previewDueDate(ctx, actor.officeId, req.query.businessDays),
  );
  route.post(
    '/api/tasks',
    { summary: 'Create a task', body: createTaskBody, response: { 201: taskDetailSchema } },
    async (req, actor) => createTask(ctx, actor, req.body),
  );
  route.get(
    '/api/tasks/:id',
    { summary: 'A task with its comments', params: idParam, response: { 200: taskDetailSchema } },
    async (req, actor) => getTask(ctx, actor.officeId, req.params.id),
  );
  route.patch(
    '/api/tasks/:id',
    {
      summary: 'Change a task (title, description, responsible, due date, client)',
      params: idParam,
      body: updateTaskBody,
      response: { 200: taskDetailSchema },
    },
    async (req, actor) => updateTask(ctx, actor, req.params.id, req.body),
  );
  route.put(
    '/api/tasks/:id/done',
    {
      summary: 'Mark a task done (who, when) or open again',
      params: idParam,
      body: taskDoneBody,
      response: { 200: taskDetailSchema },
    },
    async (req, actor) => setTaskDone(ctx, actor, req.params.id, req.body.done),
  );
  route.post(
    '/api/tasks/:id/comments',
    {
      summary: 'Comment on a task',
      params: idParam,
      body: taskCommentBody,
      response: { 201: taskDetailSchema },
    },
    async (req, actor) => addTaskComment(ctx, actor, req.params.id, req.body.body),
  );
  route.delete(
    '/api/tasks/:id',
    { summary: 'Delete a task and its comments', params: idParam, response: { 204: noContent } },
    async (req, actor) => deleteTask(ctx, actor, req.params.id),
  );
}
