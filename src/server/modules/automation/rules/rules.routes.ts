import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../context.js';
import { noContent } from '../../../http/openapi.js';
import { langOf } from '../../../http/problem.js';
import { routesFor } from '../../../http/routes.js';
import { idParam } from '../../../http/schemas.js';
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

/** Automações: pipelines, the catalog of actions and triggers, rules with versions, runs and history. */
export function rulesRoutes(app: FastifyInstance, ctx: AppContext) {
  const route = routesFor(app, ['automation']);

  route.get(
    '/api/automation/pipelines',
    { summary: "The office's pipelines with their stages and fields", response: { 200: pipelinesSchema } },
    async (req, actor) => ({ items: await listPipelines(ctx.db, actor.officeId, langOf(req)) }),
  );

  route.get(
    '/api/automation/catalog',
    {
      summary: 'The actions (by category) and triggers a rule may use, with their input as JSON Schema',
      response: { 200: catalogSchema },
    },
    async (req) => catalog(langOf(req)),
  );

  route.get(
    '/api/automation/pipelines/:pipelineId/rules',
    {
      summary: "A pipeline's rules per stage, in order (published version and draft)",
      params: pipelineParams,
      response: { 200: rulesOfPipelineSchema },
    },
    async (req, actor) => listRules(ctx, actor.officeId, req.params.pipelineId, langOf(req)),
  );

  route.post(
    '/api/automation/pipelines/:pipelineId/stages/:stageId/rules',
    {
      access: 'admin',
      summary: 'Add a rule at the end of a stage (a draft until published)',
      params: stageParams,
      body: ruleDefinition,
      response: { 201: ruleSchema },
    },
    async (req, actor) =>
      createRule(ctx, actor, req.params.pipelineId, req.params.stageId, req.body, langOf(req)),
  );

  route.put(
    '/api/automation/rules/:id',
    {
      access: 'admin',
      summary: "Save a rule's draft (the published version keeps running until the draft is published)",
      params: idParam,
      body: ruleDefinition,
      response: { 200: ruleSchema },
    },
    async (req, actor) => saveDraft(ctx, actor, req.params.id, req.body, langOf(req)),
  );

  route.post(
    '/api/automation/rules/:id/publish',
    {
      access: 'admin',
      summary: 'Publish the draft as a new version (runs already waiting keep theirs)',
      params: idParam,
      response: { 200: ruleSchema },
    },
    async (req, actor) => publishRule(ctx, actor, req.params.id, langOf(req)),
  );

  route.delete(
    '/api/automation/rules/:id',
    {
      access: 'admin',
      summary: 'Delete a rule (its pending steps are cancelled)',
      params: idParam,
      response: { 204: noContent },
    },
    async (req, actor) => deleteRule(ctx, actor, req.params.id),
  );

  route.put(
    '/api/automation/rules/:id/enabled',
    {
      access: 'admin',
      summary: 'Switch a rule on or off',
      params: idParam,
      body: enabledBody,
      response: { 200: ruleSchema },
    },
    async (req, actor) => setRuleEnabled(ctx, actor, req.params.id, req.body.enabled, langOf(req)),
  );

  route.put(
    '/api/automation/pipelines/:pipelineId/order',
    {
      access: 'admin',
      summary: "Reorder rules, or move them between stages (each listed stage's rules, in order)",
      params: pipelineParams,
      body: orderBody,
      response: { 200: rulesOfPipelineSchema },
    },
    async (req, actor) => reorderRules(ctx, actor, req.params.pipelineId, req.body.stages, langOf(req)),
  );

  route.post(
    '/api/automation/rules/:id/apply-existing',
    {
      access: 'admin',
      summary: 'Apply a published rule to the items already in its stage (dry run: count and conditions)',
      params: idParam,
      body: applyExistingBody,
      response: { 200: applyExistingSchema },
    },
    async (req, actor) => applyToExisting(ctx, actor, req.params.id, req.body.dryRun),
  );

  route.post(
    '/api/automation/pipelines/:pipelineId/stages/:stageId/test',
    {
      summary: "Test a stage's rules on one item: nothing is kept or sent (messages previewed)",
      params: stageParams,
      body: testBody,
      response: { 200: testResultSchema },
    },
    async (req, actor) =>
      testStage(ctx, actor, req.params.pipelineId, req.params.stageId, req.body.itemId, langOf(req)),
  );

  route.get(
    '/api/automation/items/:pipelineId/:itemId/history',
    {
      summary: "An item's automation history: its entries into stages and their rule runs",
      params: itemParams,
      response: { 200: historySchema },
    },
    async (req, actor) =>
      itemHistory(ctx, actor.officeId, req.params.pipelineId, req.params.itemId, langOf(req)),
  );

  route.post(
    '/api/automation/runs/:id/cancel',
    { summary: 'Cancel a pending or waiting rule step', params: idParam, response: { 204: noContent } },
    async (req, actor) => cancelRun(ctx, actor, req.params.id),
  );
}
