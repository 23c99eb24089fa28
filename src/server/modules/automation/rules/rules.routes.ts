import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../context.js';
import { principal } from '../../../http/auth.js';
import { noContent } from '../../../http/openapi.js';
import { langOf } from '../../../http/problem.js';
import { idParam } from '../../../http/schemas.js';
import { actorOf } from '../../platform/index.js';
import { applyToExisting, cancelRun, itemHistory, testStage } from '../runs/runs.service.js';
import {
  applyExistingBody,
  applyExistingSchema,
  catalogSchema,
  enabledBody,
  historySchema,
  itemParams,
  orderBody,
  pipelineParams,
  pipelinesSchema,
  ruleDefinition,
  ruleSchema,
  rulesOfPipelineSchema,
  stageParams,
  testBody,
  testResultSchema,
} from './rules.schema.js';
import {
  catalog,
  createRule,
  deleteRule,
  listPipelines,
  listRules,
  publishRule,
  reorderRules,
  saveDraft,
  setRuleEnabled,
} from './rules.service.js';

const tags = ['automation'];

/** Automações: pipelines, the catalog of actions and triggers, rules with versions, runs and history. */
export function rulesRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/automation/pipelines',
    {
      schema: {
        tags,
        summary: "The office's pipelines with their stages and fields",
        response: { 200: pipelinesSchema },
      },
    },
    async (req) => ({ items: await listPipelines(ctx.db, principal(req).officeId, langOf(req)) }),
  );

  r.get(
    '/api/automation/catalog',
    {
      schema: {
        tags,
        summary: 'The actions (by category) and triggers a rule may use, with their input as JSON Schema',
        response: { 200: catalogSchema },
      },
    },
    async (req) => catalog(langOf(req)),
  );

  r.get(
    '/api/automation/pipelines/:pipelineId/rules',
    {
      schema: {
        tags,
        summary: "A pipeline's rules per stage, in order (published version and draft)",
        params: pipelineParams,
        response: { 200: rulesOfPipelineSchema },
      },
    },
    async (req) => listRules(ctx, principal(req).officeId, req.params.pipelineId, langOf(req)),
  );

  r.post(
    '/api/automation/pipelines/:pipelineId/stages/:stageId/rules',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Add a rule at the end of a stage (a draft until published)',
        params: stageParams,
        body: ruleDefinition,
        response: { 201: ruleSchema },
      },
    },
    async (req, reply) => {
      const rule = await createRule(
        ctx,
        actorOf(principal(req)),
        req.params.pipelineId,
        req.params.stageId,
        req.body,
        langOf(req),
      );
      return reply.status(201).send(rule);
    },
  );

  r.put(
    '/api/automation/rules/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Save a rule's draft (the published version keeps running until the draft is published)",
        params: idParam,
        body: ruleDefinition,
        response: { 200: ruleSchema },
      },
    },
    async (req) => saveDraft(ctx, actorOf(principal(req)), req.params.id, req.body, langOf(req)),
  );

  r.post(
    '/api/automation/rules/:id/publish',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Publish the draft as a new version (runs already waiting keep theirs)',
        params: idParam,
        response: { 200: ruleSchema },
      },
    },
    async (req) => publishRule(ctx, actorOf(principal(req)), req.params.id, langOf(req)),
  );

  r.delete(
    '/api/automation/rules/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Delete a rule (its pending steps are cancelled)',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await deleteRule(ctx, actorOf(principal(req)), req.params.id);
      return reply.status(204).send();
    },
  );

  r.put(
    '/api/automation/rules/:id/enabled',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Switch a rule on or off',
        params: idParam,
        body: enabledBody,
        response: { 200: ruleSchema },
      },
    },
    async (req) => setRuleEnabled(ctx, actorOf(principal(req)), req.params.id, req.body.enabled, langOf(req)),
  );

  r.put(
    '/api/automation/pipelines/:pipelineId/order',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Reorder rules, or move them between stages (each listed stage's rules, in order)",
        params: pipelineParams,
        body: orderBody,
        response: { 200: rulesOfPipelineSchema },
      },
    },
    async (req) =>
      reorderRules(ctx, actorOf(principal(req)), req.params.pipelineId, req.body.stages, langOf(req)),
  );

  r.post(
    '/api/automation/rules/:id/apply-existing',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Apply a published rule to the items already in its stage (dry run: count and conditions)',
        params: idParam,
        body: applyExistingBody,
        response: { 200: applyExistingSchema },
      },
    },
    async (req) => applyToExisting(ctx, actorOf(principal(req)), req.params.id, req.body.dryRun),
  );

  r.post(
    '/api/automation/pipelines/:pipelineId/stages/:stageId/test',
    {
      schema: {
        tags,
        summary: "Test a stage's rules on one item: nothing is kept or sent (messages previewed)",
        params: stageParams,
        body: testBody,
        response: { 200: testResultSchema },
      },
    },
    async (req) =>
      testStage(
        ctx,
        actorOf(principal(req)),
        req.params.pipelineId,
        req.params.stageId,
        req.body.itemId,
        langOf(req),
      ),
  );

  r.get(
    '/api/automation/items/:pipelineId/:itemId/history',
    {
      schema: {
        tags,
        summary: "An item's automation history: its entries into stages and their rule runs",
        params: itemParams,
        response: { 200: historySchema },
      },
    },
    async (req) =>
      itemHistory(ctx, principal(req).officeId, req.params.pipelineId, req.params.itemId, langOf(req)),
  );

  r.post(
    '/api/automation/runs/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a pending or waiting rule step',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await cancelRun(ctx, actorOf(principal(req)), req.params.id);
      return reply.status(204).send();
    },
  );
}
