import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { principal } from '../../../http/auth.js';
import { noContent } from '../../../http/openapi.js';
import { langOf } from '../../../http/problem.js';
import { documentedAs, idParam } from '../../../http/schemas.js';
import { actorOf } from '../../platform/index.js';
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
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['automation'];
  // The kinds the process registered (catalog.ts), listed in the OpenAPI; any other is a field error.
  const body = triggerBody.extend({
    kind: documentedAs(
      z.string().trim().min(1).max(100),
      allTriggerKinds().map((k) => k.kind),
    ),
  });

  r.get(
    '/api/automation/pipelines/:pipelineId/triggers',
    {
      schema: {
        tags,
        summary: "The triggers of a pipeline's stages (names and descriptions in the request's language)",
        params: pipelineParam,
        response: { 200: triggerListSchema },
      },
    },
    async (req) => ({
      items: await listTriggers(ctx, principal(req).officeId, req.params.pipelineId, langOf(req)),
    }),
  );

  r.post(
    '/api/automation/pipelines/:pipelineId/triggers',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Add a trigger to a stage (a webhook trigger gets its secret address)',
        params: pipelineParam,
        body,
        response: { 201: triggerSchema },
      },
    },
    async (req, reply) => {
      const t = await createTrigger(
        ctx,
        actorOf(principal(req)),
        req.params.pipelineId,
        req.body,
        langOf(req),
      );
      return reply.status(201).send(t);
    },
  );

  r.put(
    '/api/automation/triggers/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Change a trigger (kind, configuration, stage, allow moving back, enabled)',
        params: idParam,
        body,
        response: { 200: triggerSchema },
      },
    },
    async (req) => updateTrigger(ctx, actorOf(principal(req)), req.params.id, req.body, langOf(req)),
  );

  r.delete(
    '/api/automation/triggers/:id',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Delete a trigger', params: idParam, response: { 204: noContent } },
    },
    async (req, reply) => {
      await deleteTrigger(ctx, actorOf(principal(req)), req.params.id);
      return reply.status(204).send();
    },
  );

  const hookLimit = ctx.config.automationHookRatePerMinute;
  r.post(
    '/api/automation/hooks/:secret',
    {
      bodyLimit: HOOK_BODY_LIMIT,
      config: {
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
      },
      schema: {
        tags: ['webhooks'],
        summary:
          "Incoming webhook of an Automações trigger: moves the item (itemId) or the client's items (clientDocument)",
        params: hookParam,
        body: hookBody,
        response: { 202: hookAnswerSchema },
      },
    },
    async (req, reply) => reply.status(202).send(await receiveHook(ctx, req.params.secret, req.body)),
  );
}
