import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { noContent } from '../../../http/openapi.js';
import { langOf } from '../../../http/problem.js';
import { routesFor } from '../../../http/routes.js';
import { documentedAs, idParam } from '../../../http/schemas.js';
import { allTriggerKinds } from '../registry.js';
import {
  hookAnswerSchema,
  hookBody,
  hookParam,
  pipelineParam,
  triggerBody,
  triggerListSchema,
  triggerSchema,
} from './triggers.schema.js';
import { createTrigger, deleteTrigger, listTriggers, updateTrigger } from './triggers.service.js';
import { receiveHook } from './webhook.service.js';

/** The largest incoming-webhook body: a reference and a little data, not a file. */
const HOOK_BODY_LIMIT = 64 * 1024;

/** Automações — triggers (gatilhos) of a pipeline's stages, and the incoming webhook. */
export function triggersRoutes(app: FastifyInstance, ctx: AppContext) {
  const route = routesFor(app, ['automation']);

  // The kinds the process registered (catalog.ts), listed in the OpenAPI; any other is a field error.
  const body = triggerBody.extend({
    kind: documentedAs(
      z.string().trim().min(1).max(100),
      allTriggerKinds().map((k) => k.kind),
    ),
  });

  route.get(
    '/api/automation/pipelines/:pipelineId/triggers',
    {
      summary: "The triggers of a pipeline's stages (names and descriptions in the request's language)",
      params: pipelineParam,
      response: { 200: triggerListSchema },
    },
    async (req, actor) => ({
      items: await listTriggers(ctx, actor.officeId, req.params.pipelineId, langOf(req)),
    }),
  );

  route.post(
    '/api/automation/pipelines/:pipelineId/triggers',
    {
      access: 'admin',
      summary: 'Add a trigger to a stage (a webhook trigger gets its secret address)',
      params: pipelineParam,
      body,
      response: { 201: triggerSchema },
    },
    async (req, actor) => {
      const t = await createTrigger(ctx, actor, req.params.pipelineId, req.body, langOf(req));
      return t;
    },
  );

  route.put(
    '/api/automation/triggers/:id',
    {
      access: 'admin',
      summary: 'Change a trigger (kind, configuration, stage, allow moving back, enabled)',
      params: idParam,
      body,
      response: { 200: triggerSchema },
    },
    async (req, actor) => updateTrigger(ctx, actor, req.params.id, req.body, langOf(req)),
  );

  route.delete(
    '/api/automation/triggers/:id',
    { access: 'admin', summary: 'Delete a trigger', params: idParam, response: { 204: noContent } },
    async (req, actor) => deleteTrigger(ctx, actor, req.params.id),
  );

  const hookLimit = ctx.config.automationHookRatePerMinute;
  route.post(
    '/api/automation/hooks/:secret',
    {
      access: 'public',
      ...(hookLimit > 0
        ? {
            rateLimit: {
              max: hookLimit,
              timeWindow: 60_000,
              keyGenerator: (req: { params: unknown; ip: string }) =>
                `hook:${String((req.params as { secret?: unknown }).secret ?? req.ip)}`,
            },
          }
        : {}),
      tags: ['webhooks'],
      summary:
        "Incoming webhook of an Automações trigger: moves the item (itemId) or the client's items (clientDocument)",
      params: hookParam,
      body: hookBody,
      response: { 202: hookAnswerSchema },
      bodyLimit: HOOK_BODY_LIMIT,
    },
    async (req) => receiveHook(ctx, req.params.secret, req.body),
  );
}
