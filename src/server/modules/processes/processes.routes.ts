import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { principal } from '../../http/auth.js';
import { fileResponse } from '../../http/openapi.js';
import { langOf } from '../../http/problem.js';
import { idParam } from '../../http/schemas.js';
import { actorOf } from '../platform/index.js';
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
  cardInput,
  cardListQuery,
  cardPageSchema,
  cardPatch,
  fieldInput,
  fieldPatch,
  formInput,
  formSubmission,
  lifecycleBody,
  moveBody,
  orderBody,
  pipelineInput,
  pipelineListSchema,
  pipelinePatch,
  pipelineSchema,
  publicFormSchema,
  stageDeleteQuery,
  stageInput,
  submitResultSchema,
  tokenParams,
} from './processes.schema.js';

/**
 * The Processos API (tag `processes`): pipelines and their settings (admin), cards (every user), and the
 * public form (tag `forms`, no login, rate-limited).
 */
export function processesRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['processes'];
  const admin = { access: 'admin' as const };

  // ------------------------------------------------------------ pipelines and their settings
  r.get(
    '/api/processes/pipelines',
    { schema: { tags, summary: "The office's pipelines", response: { 200: pipelineListSchema } } },
    async (req) => listPipelines(ctx, principal(req).officeId),
  );
  r.post(
    '/api/processes/pipelines',
    {
      config: admin,
      schema: { tags, summary: 'Create a pipeline', body: pipelineInput, response: { 201: pipelineSchema } },
    },
    async (req, reply) =>
      reply.status(201).send(await createPipeline(ctx, actorOf(principal(req)), req.body)),
  );
  r.get(
    '/api/processes/pipelines/:id',
    {
      schema: {
        tags,
        summary: 'A pipeline: stages, fields and form',
        params: idParam,
        response: { 200: pipelineSchema },
      },
    },
    async (req) => getPipeline(ctx, principal(req).officeId, req.params.id),
  );
  r.put(
    '/api/processes/pipelines/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Rename, describe, switch on or off',
        params: idParam,
        body: pipelinePatch,
        response: { 200: pipelineSchema },
      },
    },
    async (req) => updatePipeline(ctx, actorOf(principal(req)), req.params.id, req.body),
  );
  r.get(
    '/api/processes/pipelines/:id/board',
    {
      schema: {
        tags,
        summary: 'Kanban: one column per stage with its count, value sum and first 200 open cards',
        params: idParam,
        response: { 200: boardSchema },
      },
    },
    async (req) => pipelineBoard(ctx, principal(req).officeId, req.params.id),
  );
  r.post(
    '/api/processes/pipelines/:id/stages',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Add a stage (at the end)',
        params: idParam,
        body: stageInput,
        response: { 201: pipelineSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await addStage(ctx, actorOf(principal(req)), req.params.id, req.body)),
  );
  r.put(
    '/api/processes/pipelines/:id/stage-order',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Reorder the stages (every stage id, once)',
        params: idParam,
        body: orderBody,
        response: { 200: pipelineSchema },
      },
    },
    async (req) => reorderStages(ctx, actorOf(principal(req)), req.params.id, req.body.ids),
  );
  r.put(
    '/api/processes/stages/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Rename a stage or change its colour',
        params: idParam,
        body: stageInput,
        response: { 200: pipelineSchema },
      },
    },
    async (req) => updateStage(ctx, actorOf(principal(req)), req.params.id, req.body),
  );
  r.delete(
    '/api/processes/stages/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Delete a stage; its cards move to `moveTo` (required when it has cards)',
        params: idParam,
        querystring: stageDeleteQuery,
        response: { 200: pipelineSchema },
      },
    },
    async (req) => deleteStage(ctx, actorOf(principal(req)), req.params.id, req.query.moveTo),
  );
  r.post(
    '/api/processes/pipelines/:id/fields',
    {
      config: admin,
      schema: {
        tags,
        summary: "Add one of the pipeline's own fields",
        params: idParam,
        body: fieldInput,
        response: { 201: pipelineSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await addField(ctx, actorOf(principal(req)), req.params.id, req.body)),
  );
  r.put(
    '/api/processes/pipelines/:id/field-order',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Reorder the fields (every field id, once)',
        params: idParam,
        body: orderBody,
        response: { 200: pipelineSchema },
      },
    },
    async (req) => reorderFields(ctx, actorOf(principal(req)), req.params.id, req.body.ids),
  );
  r.put(
    '/api/processes/fields/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: "Change a field's label, options or requiredness",
        params: idParam,
        body: fieldPatch,
        response: { 200: pipelineSchema },
      },
    },
    async (req) => updateField(ctx, actorOf(principal(req)), req.params.id, req.body),
  );
  r.delete(
    '/api/processes/fields/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: "Delete a field (and the cards' values of it)",
        params: idParam,
        response: { 200: pipelineSchema },
      },
    },
    async (req) => deleteField(ctx, actorOf(principal(req)), req.params.id),
  );
  r.put(
    '/api/processes/pipelines/:id/form',
    {
      config: admin,
      schema: {
        tags,
        summary: "Create or change the pipeline's public form",
        params: idParam,
        body: formInput,
        response: { 200: pipelineSchema },
      },
    },
    async (req) => putForm(ctx, actorOf(principal(req)), req.params.id, req.body),
  );
  r.post(
    '/api/processes/pipelines/:id/form/token',
    {
      config: admin,
      schema: {
        tags,
        summary: 'A new secret address for the form (the old one stops working)',
        params: idParam,
        response: { 200: pipelineSchema },
      },
    },
    async (req) => renewFormToken(ctx, actorOf(principal(req)), req.params.id),
  );

  // ------------------------------------------------------------ cards
  r.get(
    '/api/processes/cards',
    {
      schema: {
        tags,
        summary: 'Cards (filters, sort, pages)',
        querystring: cardListQuery,
        response: { 200: cardPageSchema },
      },
    },
    async (req) => listCards(ctx, principal(req).officeId, req.query),
  );
  r.get(
    '/api/processes/cards/export.csv',
    {
      schema: {
        tags,
        summary: 'The list as CSV (same filters and sort; every matching card)',
        querystring: cardExportQuery,
        produces: ['text/csv'],
        response: { 200: fileResponse('text/csv', 'The cards, UTF-8 CSV') },
      },
    },
    async (req, reply) => {
      const day = ctx.clock.now().toISOString().slice(0, 10);
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="processos-${day}.csv"`);
      return reply.send(Readable.from(exportCardsCsv(ctx, principal(req).officeId, req.query, langOf(req))));
    },
  );
  r.post(
    '/api/processes/cards',
    {
      schema: {
        tags,
        summary: 'Create a card (in the first stage unless `stageId` is given)',
        body: cardInput,
        response: { 201: cardDetailSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await createCard(ctx, actorOf(principal(req)), req.body)),
  );
  r.get(
    '/api/processes/cards/:id',
    {
      schema: {
        tags,
        summary: 'A card with its movements (newest first)',
        params: idParam,
        response: { 200: cardDetailSchema },
      },
    },
    async (req) => getCard(ctx, principal(req).officeId, req.params.id),
  );
  r.patch(
    '/api/processes/cards/:id',
    {
      schema: {
        tags,
        summary: 'Change a card (only what is sent; `fields` merges, null clears a value)',
        params: idParam,
        body: cardPatch,
        response: { 200: cardDetailSchema },
      },
    },
    async (req) => updateCard(ctx, actorOf(principal(req)), req.params.id, req.body),
  );
  r.post(
    '/api/processes/cards/:id/move',
    {
      schema: {
        tags,
        summary: 'Move a card to a stage of its pipeline (or to another place in its column)',
        params: idParam,
        body: moveBody,
        response: { 200: cardDetailSchema },
      },
    },
    async (req) => moveCard(ctx, actorOf(principal(req)), req.params.id, req.body),
  );
  r.post(
    '/api/processes/cards/:id/lifecycle',
    {
      schema: {
        tags,
        summary: 'Close, reopen, archive or unarchive a card',
        params: idParam,
        body: lifecycleBody,
        response: { 200: cardDetailSchema },
      },
    },
    async (req) => changeLifecycle(ctx, actorOf(principal(req)), req.params.id, req.body),
  );

  // ------------------------------------------------------------ the public form (no login)
  const forms = ['forms'];
  r.get(
    '/api/public/forms/:token',
    {
      config: { access: 'public', rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: {
        tags: forms,
        summary: 'A public form: its questions (the page /formulario/:token reads it)',
        params: tokenParams,
        response: { 200: publicFormSchema },
      },
    },
    async (req) => publicForm(ctx, req.params.token),
  );
  r.post(
    '/api/public/forms/:token',
    {
      config: { access: 'public', rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        tags: forms,
        summary: 'Submit a public form: creates a card in the first stage of its pipeline',
        params: tokenParams,
        body: formSubmission,
        response: { 201: submitResultSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await submitForm(ctx, req.params.token, req.body)),
  );
}
