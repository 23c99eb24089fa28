import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { langOf } from '../../http/problem.js';
import { routesFor } from '../../http/routes.js';
import { runLogSchema, runSchema } from '../engine/index.js';
import { routineDefinitions } from './define-routine.js';
import {
  catalogQuery,
  kindParamOf,
  MAX_ROUTINE_FILE_BYTES,
  previewResultSchema,
  previewRoutineBody,
  routineDetailSchema,
  routineItemSchema,
  routineRunsSchema,
  runRoutineBody,
  saveRoutineBody,
  uploadResultSchema,
} from './routines.schema.js';
import {
  getRoutine,
  listCatalog,
  listRoutineRuns,
  previewRoutine,
  runRoutineNow,
  saveRoutine,
  setRoutineActive,
  uploadRoutineFile,
} from './routines.service.js';

export function routinesRoutes(app: FastifyInstance, ctx: AppContext) {
  const route = routesFor(app, ['routines']);

  // The catalog is registered before the routes (catalog.ts): the OpenAPI lists its kinds.
  const kindParam = kindParamOf(routineDefinitions().map((d) => d.kind));

  route.get(
    '/api/routines',
    {
      summary: 'The routine catalog (Rotinas automatizadas), with the office’s configuration of each',
      querystring: catalogQuery,
      response: { 200: z.object({ items: z.array(routineItemSchema) }) },
    },
    async (req, actor) => ({ items: await listCatalog(ctx, actor.officeId, req.query) }),
  );

  route.get(
    '/api/routines/:kind',
    {
      summary: 'One routine with its settings, its own config and the description of its form',
      params: kindParam,
      response: { 200: routineDetailSchema },
    },
    async (req, actor) => getRoutine(ctx, actor.officeId, req.params.kind),
  );

  route.put(
    '/api/routines/:kind',
    {
      access: 'admin',
      summary:
        'Save a routine: Ativo, schedule and Servidor, profession, channels and templates, audience, own config',
      params: kindParam,
      body: saveRoutineBody,
      response: { 200: routineDetailSchema },
    },
    async (req, actor) => saveRoutine(ctx, actor, req.params.kind, req.body),
  );

  for (const [action, active] of [
    ['activate', true],
    ['deactivate', false],
  ] as const) {
    route.post(
      `/api/routines/:kind/${action}`,
      {
        access: 'admin',
        summary: active
          ? 'Activate a routine (resumes its schedule)'
          : 'Deactivate a routine (pauses its schedule)',
        params: kindParam,
        response: { 200: routineDetailSchema },
      },
      async (req, actor) => setRoutineActive(ctx, actor, req.params.kind, active),
    );
  }

  route.post(
    '/api/routines/:kind/run',
    {
      summary: 'Executar: run the routine now, or at a date and time on a Servidor (worker pool)',
      params: kindParam,
      body: runRoutineBody,
      response: { 201: runSchema.extend({ logs: z.array(runLogSchema) }) },
    },
    async (req, actor) => runRoutineNow(ctx, actor, req.params.kind, req.body),
  );

  route.post(
    '/api/routines/:kind/preview',
    {
      summary: 'Pré-visualizar: a dry run that sends and writes nothing, with the exact messages',
      params: kindParam,
      body: previewRoutineBody,
      response: { 200: previewResultSchema },
    },
    async (req, actor) => previewRoutine(ctx, actor, req.params.kind, req.body, langOf(req)),
  );

  route.get(
    '/api/routines/:kind/runs',
    {
      summary: 'The routine’s recent runs, newest first',
      params: kindParam,
      response: { 200: routineRunsSchema },
    },
    async (req, actor) => listRoutineRuns(ctx, actor.officeId, req.params.kind, 10, langOf(req)),
  );

  // The file streams from the request into the blob store: in this scope a CSV body is not read into a
  // string but handed over as the request stream (its size is enforced by the store while it streams).
  app.register(async (scope) => {
    scope.removeContentTypeParser(['text/csv', 'text/plain']);
    scope.addContentTypeParser(['text/csv', 'text/plain'], (_req, payload, done) => done(null, payload));
    routesFor(scope, ['routines']).post(
      '/api/routines/:kind/files',
      {
        access: 'admin',
        summary: `Upload a file the routine’s config refers to (the ERP import’s CSV, at most ${MAX_ROUTINE_FILE_BYTES / 1024 / 1024} MiB); \`name\` in the query`,
        consumes: ['text/csv', 'text/plain'],
        params: kindParam,
        // The stream itself (a request without a body is refused, not read as nothing).
        body: z
          .custom<Readable>((v) => v instanceof Readable, { params: { i18n: 'required' } })
          .meta({ type: 'string', format: 'binary', description: 'The file, UTF-8 CSV or text' }),
        querystring: z.strictObject({ name: z.string().trim().min(1).max(200).default('arquivo.csv') }),
        response: { 201: uploadResultSchema },
      },
      async (req) =>
        uploadRoutineFile(ctx, req.params.kind, req.body, req.query.name, req.headers['content-type']),
    );
  });
}
