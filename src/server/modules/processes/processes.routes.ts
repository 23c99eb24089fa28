import type { FastifyInstance } from 'fastify';
import {
  cardInput,
  cardPatch,
  fieldInput,
  fieldPatch,
  formInput,
  formSubmission,
  lifecycleBody,
  moveBody,
  orderBody,
  pipelineInput,
  pipelinePatch,
  stageInput,
} from '../../../shared/schemas/processes.js';
import type { AppContext } from '../../context.js';
import { csvExport } from '../../http/csv-export.js';
import { routesFor } from '../../http/routes.js';
import { idParam } from '../../http/schemas.js';
import {
  changeLifecycle,
  createCard,
  exportCardsCsv,
  getCard,
  listCards,
  moveCard,
  pipelineBoard,
  updateCard,
} from './cards.service.js';
import { publicForm, submitForm } from './form.service.js';
import {
  addField,
  addStage,
  createPipeline,
  deleteField,
  deleteStage,
  getPipeline,
  listPipelines,
  putForm,
  renewFormToken,
  reorderFields,
  reorderStages,
  updateField,
  updatePipeline,
  updateStage,
} from './pipelines.service.js';
import {
  boardSchema,
  cardDetailSchema,
  cardExportQuery,
  cardListQuery,
  cardPageSchema,
  pipelineListSchema,
  pipelineSchema,
  publicFormSchema,
  stageDeleteQuery,
  submitResultSchema,
  tokenParams,
} from './processes.schema.js';

/**
 * The Processos API (tag `processes`): pipelines and their settings (admin), cards (every user), and the
 * public form (tag `forms`, no login, rate-limited).
 */
export function processesRoutes(app: FastifyInstance, ctx: AppContext) {
  const route = routesFor(app, ['processes']);

  // ------------------------------------------------------------ pipelines and their settings
  route.get(
    '/api/processes/pipelines',
    { summary: "The office's pipelines", response: { 200: pipelineListSchema } },
    async (_req, actor) => listPipelines(ctx, actor.officeId),
  );
  route.post(
    '/api/processes/pipelines',
    { access: 'admin', summary: 'Create a pipeline', body: pipelineInput, response: { 201: pipelineSchema } },
    async (req, actor) => createPipeline(ctx, actor, req.body),
  );
  route.get(
    '/api/processes/pipelines/:id',
    { summary: 'A pipeline: stages, fields and form', params: idParam, response: { 200: pipelineSchema } },
    async (req, actor) => getPipeline(ctx, actor.officeId, req.params.id),
  );
  route.put(
    '/api/processes/pipelines/:id',
    {
      access: 'admin',
      summary: 'Rename, describe, switch on or off',
      params: idParam,
      body: pipelinePatch,
      response: { 200: pipelineSchema },
    },
    async (req, actor) => updatePipeline(ctx, actor, req.params.id, req.body),
  );
  route.get(
    '/api/processes/pipelines/:id/board',
    {
      summary: 'Kanban: one column per stage with its count, value sum and first 200 open cards',
      params: idParam,
      response: { 200: boardSchema },
    },
    async (req, actor) => pipelineBoard(ctx, actor.officeId, req.params.id),
  );
  route.post(
    '/api/processes/pipelines/:id/stages',
    {
      access: 'admin',
      summary: 'Add a stage (at the end)',
      params: idParam,
      body: stageInput,
      response: { 201: pipelineSchema },
    },
    async (req, actor) => addStage(ctx, actor, req.params.id, req.body),
  );
  route.put(
    '/api/processes/pipelines/:id/stage-order',
    {
      access: 'admin',
      summary: 'Reorder the stages (every stage id, once)',
      params: idParam,
      body: orderBody,
      response: { 200: pipelineSchema },
    },
    async (req, actor) => reorderStages(ctx, actor, req.params.id, req.body.ids),
  );
  route.put(
    '/api/processes/stages/:id',
    {
      access: 'admin',
      summary: 'Rename a stage or change its colour',
      params: idParam,
      body: stageInput,
      response: { 200: pipelineSchema },
    },
    async (req, actor) => updateStage(ctx, actor, req.params.id, req.body),
  );
  route.delete(
    '/api/processes/stages/:id',
    {
      access: 'admin',
      summary: 'Delete a stage; its cards move to `moveTo` (required when it has cards)',
      params: idParam,
      querystring: stageDeleteQuery,
      response: { 200: pipelineSchema },
    },
    async (req, actor) => deleteStage(ctx, actor, req.params.id, req.query.moveTo),
  );
  route.post(
    '/api/processes/pipelines/:id/fields',
    {
      access: 'admin',
      summary: "Add one of the pipeline's own fields",
      params: idParam,
      body: fieldInput,
      response: { 201: pipelineSchema },
    },
    async (req, actor) => addField(ctx, actor, req.params.id, req.body),
  );
  route.put(
    '/api/processes/pipelines/:id/field-order',
    {
      access: 'admin',
      summary: 'Reorder the fields (every field id, once)',
      params: idParam,
      body: orderBody,
      response: { 200: pipelineSchema },
    },
    async (req, actor) => reorderFields(ctx, actor, req.params.id, req.body.ids),
  );
  route.put(
    '/api/processes/fields/:id',
    {
      access: 'admin',
      summary: "Change a field's label, options or requiredness",
      params: idParam,
      body: fieldPatch,
      response: { 200: pipelineSchema },
    },
    async (req, actor) => updateField(ctx, actor, req.params.id, req.body),
  );
  route.delete(
    '/api/processes/fields/:id',
    {
      access: 'admin',
      summary: "Delete a field (and the cards' values of it)",
      params: idParam,
      response: { 200: pipelineSchema },
    },
    async (req, actor) => deleteField(ctx, actor, req.params.id),
  );
  route.put(
    '/api/processes/pipelines/:id/form',
    {
      access: 'admin',
      summary: "Create or change the pipeline's public form",
      params: idParam,
      body: formInput,
      response: { 200: pipelineSchema },
    },
    async (req, actor) => putForm(ctx, actor, req.params.id, req.body),
  );
  route.post(
    '/api/processes/pipelines/:id/form/token',
    {
      access: 'admin',
      summary: 'A new secret address for the form (the old one stops working)',
      params: idParam,
      response: { 200: pipelineSchema },
    },
    async (req, actor) => renewFormToken(ctx, actor, req.params.id),
  );

  // ------------------------------------------------------------ cards
  route.get(
    '/api/processes/cards',
    {
      summary: 'Cards (filters, sort, pages)',
      querystring: cardListQuery,
      response: { 200: cardPageSchema },
    },
    async (req, actor) => listCards(ctx, actor.officeId, req.query),
  );
  csvExport(
    route,
    ctx.clock,
    '/api/processes/cards/export.csv',
    {
      summary: 'The list as CSV (same filters and sort; every matching card)',
      querystring: cardExportQuery,
      file: 'The cards, UTF-8 CSV',
      name: 'processos',
    },
    (query, actor, lang) => exportCardsCsv(ctx, actor.officeId, query, lang),
  );
  route.post(
    '/api/processes/cards',
    {
      summary: 'Create a card (in the first stage unless `stageId` is given)',
      body: cardInput,
      response: { 201: cardDetailSchema },
    },
    async (req, actor) => createCard(ctx, actor, req.body),
  );
  route.get(
    '/api/processes/cards/:id',
    {
      summary: 'A card with its movements (newest first)',
      params: idParam,
      response: { 200: cardDetailSchema },
    },
    async (req, actor) => getCard(ctx, actor.officeId, req.params.id),
  );
  route.patch(
    '/api/processes/cards/:id',
    {
      summary: 'Change a card (only what is sent; `fields` merges, null clears a value)',
      params: idParam,
      body: cardPatch,
      response: { 200: cardDetailSchema },
    },
    async (req, actor) => updateCard(ctx, actor, req.params.id, req.body),
  );
  route.post(
    '/api/processes/cards/:id/move',
    {
      summary: 'Move a card to a stage of its pipeline (or to another place in its column)',
      params: idParam,
      body: moveBody,
      response: { 200: cardDetailSchema },
    },
    async (req, actor) => moveCard(ctx, actor, req.params.id, req.body),
  );
  route.post(
    '/api/processes/cards/:id/lifecycle',
    {
      summary: 'Close, reopen, archive or unarchive a card',
      params: idParam,
      body: lifecycleBody,
      response: { 200: cardDetailSchema },
    },
    async (req, actor) => changeLifecycle(ctx, actor, req.params.id, req.body),
  );

  // ------------------------------------------------------------ the public form (no login)
  const forms = ['forms'];
  route.get(
    '/api/public/forms/:token',
    {
      access: 'public',
      rateLimit: { max: 60, timeWindow: 60_000 },
      tags: forms,
      summary: 'A public form: its questions (the page /formulario/:token reads it)',
      params: tokenParams,
      response: { 200: publicFormSchema },
    },
    async (req) => publicForm(ctx, req.params.token),
  );
  route.post(
    '/api/public/forms/:token',
    {
      access: 'public',
      rateLimit: { max: 10, timeWindow: 60_000 },
      tags: forms,
      summary: 'Submit a public form: creates a card in the first stage of its pipeline',
      params: tokenParams,
      body: formSubmission,
      response: { 201: submitResultSchema },
    },
    async (req) => submitForm(ctx, req.params.token, req.body),
  );
}
