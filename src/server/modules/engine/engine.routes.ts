import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { noContent } from '../../http/openapi.js';
import { langOf } from '../../http/problem.js';
import { routesFor } from '../../http/routes.js';
import { documentedAs, idParam, out, pageOf, text } from '../../http/schemas.js';
import { jobDefinition, jobKinds } from './define-job.js';
import { EngineError } from './engine.errors.js';
import { jobStates, poolName, poolSchema, runLogSchema, runSchema } from './engine.schema.js';
import { enqueueKind } from './engine.service.js';
import { cancelRun, createPool, getRun, listPools, listRuns, retryRun } from './runs.service.js';
import { scheduleSpec } from './schedules/schedule.schema.js';
import {
  assertUserManaged,
  createSchedule,
  deleteSchedule,
  getSchedule,
  listSchedules,
  previewSpec,
  scheduleDetailSchema,
  scheduleInput,
  scheduleSchema,
  setSchedulePaused,
  updateSchedule,
} from './schedules/schedules.service.js';

const localized = z.object({ 'pt-BR': z.string(), en: z.string() });

/**
 * One parameter of a job kind, as JSON Schema (z.toJSONSchema of the kind's payload schema), with the
 * kind's own hints: `label` (the field's name in each language) and `source` (where its values come from:
 * `routines`, the office's configured routines).
 */
const jobParamSchema = z.looseObject({
  type: z.enum(['string', 'number', 'integer', 'boolean']).optional(),
  format: z.string().optional(),
  enum: z.array(z.union([z.string(), z.number()])).optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  maxLength: z.number().int().optional(),
  default: z.unknown().optional(),
  label: localized.optional(),
  source: z.enum(['routines']).optional(),
});

/** A kind's payload as JSON Schema: an object of parameters, those in `required` without a default. */
const jobParamsSchema = z.object({
  type: z.literal('object'),
  properties: z.record(z.string(), jobParamSchema),
  required: z.array(z.string()).optional(),
});

/** The JSON Schema of a kind's payload, as the form that asks for it reads it. */
function paramsOf(payload: z.ZodType): z.infer<typeof jobParamsSchema> {
  const json = z.toJSONSchema(payload, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, z.infer<typeof jobParamSchema>>;
    required?: string[];
  };
  return {
    type: 'object',
    properties: json.properties ?? {},
    ...(json.required?.length ? { required: json.required } : {}),
  };
}

export function engineRoutes(app: FastifyInstance, ctx: AppContext) {
  const route = routesFor(app, ['schedules']);
  // The catalog is registered before the routes (catalog.ts): the OpenAPI lists its kinds. A user runs
  // the titled ones; a schedule may name any.
  const allKinds = jobKinds();
  const runnableKinds = allKinds.filter((kind) => jobDefinition(kind)?.title);
  const scheduleBody = scheduleInput.extend({ kind: documentedAs(z.string().min(1).max(80), allKinds) });

  route.get(
    '/api/job-kinds',
    {
      tags: ['runs'],
      summary: 'Kinds of background work a user may run or schedule',
      response: {
        200: z.object({
          items: z.array(
            z.object({
              kind: documentedAs(z.string(), runnableKinds),
              title: localized,
              /** What a run of the kind takes (Executar shows a field per parameter). */
              params: jobParamsSchema,
              /**
               * Whether Execuções → Agendas may create its schedules; false when another page keeps them
               * (a routine's agenda is its Ativo flag in Rotinas).
               */
              schedulable: z.boolean(),
            }),
          ),
        }),
      },
    },
    async () => ({
      items: runnableKinds.flatMap((kind) => {
        const def = jobDefinition(kind);
        return def?.title
          ? [{ kind, title: def.title, params: paramsOf(def.payload), schedulable: !def.schedulesKeptBy }]
          : [];
      }),
    }),
  );

  route.get(
    '/api/runs',
    {
      tags: ['runs'],
      summary: 'Runs (Execuções) of the office, newest first',
      querystring: z.strictObject({
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(100).default(25),
        state: z.enum(jobStates).optional(),
        kind: documentedAs(z.string().max(80), allKinds).optional(),
        pool: z.string().max(40).optional(),
        from: z.iso.datetime().optional(),
        to: z.iso.datetime().optional(),
      }),
      response: { 200: pageOf(runSchema) },
    },
    async (req, actor) => listRuns(ctx, actor.officeId, req.query, langOf(req)),
  );

  route.post(
    '/api/runs',
    {
      tags: ['runs'],
      summary: 'Run a kind now or at a date and time, on a worker pool (Executar)',
      body: z.strictObject({
        kind: documentedAs(z.string().min(1).max(80), runnableKinds),
        payload: z.unknown().default({}),
        pool: poolName.default('default'),
        runAt: z.iso.datetime().optional(),
      }),
      response: { 201: runSchema.extend({ logs: z.array(runLogSchema) }) },
    },
    async (req, actor) => {
      const def = jobDefinition(req.body.kind);
      if (!def?.title) throw new EngineError('unknown_kind', { params: { kind: req.body.kind } });
      const job = await enqueueKind(ctx, ctx.db, req.body.kind, req.body.payload, {
        officeId: actor.officeId,
        pool: req.body.pool,
        runAt: req.body.runAt ? new Date(req.body.runAt) : undefined,
        requestedBy: actor.userId,
      });
      return await getRun(ctx, actor.officeId, job.id, langOf(req));
    },
  );

  route.get(
    '/api/runs/:id',
    {
      tags: ['runs'],
      summary: 'A run with its log lines',
      params: idParam,
      response: { 200: runSchema.extend({ logs: z.array(runLogSchema) }) },
    },
    async (req, actor) => getRun(ctx, actor.officeId, req.params.id, langOf(req)),
  );
  // A run's actions: each answers the run as it is afterwards.
  const runActions = [
    { action: 'cancel', summary: 'Cancel a queued or running run', act: cancelRun },
    { action: 'retry', summary: 'Run a failed or cancelled run again', act: retryRun },
  ];
  for (const { action, summary, act } of runActions) {
    route.post(
      `/api/runs/:id/${action}`,
      { tags: ['runs'], summary, params: idParam, response: { 200: runSchema } },
      async (req, actor) => act(ctx, actor.officeId, req.params.id, langOf(req)),
    );
  }

  route.get(
    '/api/pools',
    {
      tags: ['pools'],
      summary: 'Worker pools (Servidores) with live workers, queue depth and throughput',
      response: { 200: z.object({ items: z.array(poolSchema) }) },
    },
    async () => ({ items: await listPools(ctx) }),
  );
  route.post(
    '/api/pools',
    {
      access: 'admin',
      tags: ['pools'],
      summary: 'Register a worker pool',
      body: z.strictObject({ name: poolName, description: text(200).nullish() }),
      response: { 201: z.object({ name: z.string() }) },
    },
    async (req) => {
      await createPool(ctx, req.body.name, req.body.description ?? null);
      return { name: req.body.name };
    },
  );

  route.get(
    '/api/schedules',
    { response: { 200: z.object({ items: z.array(scheduleSchema) }) } },
    async (_req, actor) => ({ items: await listSchedules(ctx, actor.officeId) }),
  );
  route.post(
    '/api/schedules/preview',
    {
      summary: 'The next 10 occurrences of a recurrence, in the office calendar',
      body: z.strictObject({ spec: scheduleSpec }),
      response: { 200: z.object({ occurrences: z.array(out.dateTime) }) },
    },
    async (req, actor) => ({ occurrences: await previewSpec(ctx, actor.officeId, req.body.spec) }),
  );
  route.post(
    '/api/schedules',
    { body: scheduleBody, response: { 201: scheduleSchema } },
    async (req, actor) => {
      await assertUserManaged(ctx.db, actor.officeId, { kind: req.body.kind });
      return await createSchedule(ctx, actor, req.body);
    },
  );
  route.get(
    '/api/schedules/:id',
    {
      summary: 'A schedule with its preview and recent occurrences (missed included)',
      params: idParam,
      response: { 200: scheduleDetailSchema },
    },
    async (req, actor) => getSchedule(ctx, actor.officeId, req.params.id),
  );
  route.put(
    '/api/schedules/:id',
    { params: idParam, body: scheduleBody, response: { 200: scheduleSchema } },
    async (req, actor) => {
      await assertUserManaged(ctx.db, actor.officeId, { id: req.params.id, kind: req.body.kind });
      return updateSchedule(ctx, actor, req.params.id, req.body);
    },
  );
  for (const [action, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    route.post(
      `/api/schedules/:id/${action}`,
      { params: idParam, response: { 200: scheduleSchema } },
      async (req, actor) => {
        await assertUserManaged(ctx.db, actor.officeId, { id: req.params.id });
        return setSchedulePaused(ctx, actor, req.params.id, paused);
      },
    );
  }
  route.delete(
    '/api/schedules/:id',
    { params: idParam, response: { 204: noContent } },
    async (req, actor) => {
      await assertUserManaged(ctx.db, actor.officeId, { id: req.params.id });
      await deleteSchedule(ctx, actor, req.params.id);
    },
  );
}
