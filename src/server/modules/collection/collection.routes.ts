import type { FastifyInstance, FastifyRequest } from 'fastify';
import { blobStore, sendBlob } from '../../blobs/index.js';
import type { AppContext } from '../../context.js';
import { principal } from '../../http/auth.js';
import { csvExport } from '../../http/csv-export.js';
import { fileDownload } from '../../http/downloads.js';
import { noContent } from '../../http/openapi.js';
import { langOf } from '../../http/problem.js';
import { routesFor } from '../../http/routes.js';
import { idParam, problemSchema } from '../../http/schemas.js';
import { refusedAnswer, uploadedFiles } from '../../http/upload-parts.js';
import { withUploads } from '../../http/uploads.js';
import { CollectionError } from './collection.errors.js';
import {
  activeBody,
  answerBody,
  clientParams,
  closeBody,
  contactParams,
  fileParams,
  fileQuery,
  historySchema,
  itemParams,
  linkSchema,
  notifyResultSchema,
  patchItemBody,
  portalFileParams,
  portalItemParams,
  portalTokenParam,
  portalUploadResultSchema,
  portalViewSchema,
  programListSchema,
  receiptResultSchema,
  reopenItemBody,
  requestDetailSchema,
  requestExportQuery,
  requestListQuery,
  requestPageSchema,
  scheduleBody,
  schedulePreviewSchema,
  scheduleResultSchema,
  skipParams,
  skipsSchema,
  staffUploadResultSchema,
  templateInput,
  templateListQuery,
  templateListSchema,
  templateSchema,
  transferBody,
} from './collection.schema.js';
import { allowedContentTypes } from './file-rules.js';
import { attachFiles, readItemFile } from './files.service.js';
import { readHistory } from './history.js';
import { issueLink, revokeLink } from './links.js';
import { portalAnswer, portalDeleteFile, portalReceipt, portalUpload, portalView } from './portal.service.js';
import { listPrograms, previewSchedule, scheduleCollection, stopProgram } from './programs.service.js';
import {
  closeRequest,
  deleteSkip,
  exportRequestsCsv,
  getRequest,
  listRequests,
  listSkips,
  notifyRequest,
  patchItem,
  reopenItem,
  reopenRequest,
  transferRequest,
} from './requests.service.js';
import { templatePreview } from './template-preview.js';
import {
  copyTemplate,
  createTemplate,
  getTemplate,
  listTemplates,
  setTemplateActive,
  updateTemplate,
} from './templates.service.js';
import { streamRequestZip } from './zip.js';

/**
 * The Cobrança de Arquivos API (tag `collection`) and the client's page API (tag `portal`). In its own
 * scope so that its multipart parser (the item uploads, up to `UPLOAD_MAX_BYTES` per file) exists only here.
 */
export function collectionRoutes(app: FastifyInstance, ctx: AppContext) {
  withUploads(app, { maxFileBytes: ctx.config.uploadMaxBytes, files: 21, fields: 10, parts: 50 }, (scope) =>
    routes(scope, ctx),
  );
}

function routes(app: FastifyInstance, ctx: AppContext) {
  const route = routesFor(app, ['collection']);

  const viewer = (req: FastifyRequest) => {
    const p = principal(req);
    return { officeId: p.officeId, userId: p.userId };
  };

  // ------------------------------------------------------------ Processos Modelo
  route.get(
    '/api/collection/templates',
    {
      summary: 'Processos Modelo (latest versions)',
      querystring: templateListQuery,
      response: { 200: templateListSchema },
    },
    async (req, actor) => listTemplates(ctx, actor.officeId, req.query.active),
  );
  route.post(
    '/api/collection/templates',
    {
      summary: 'Create a Processo Modelo (version 1)',
      body: templateInput,
      response: { 201: templateSchema },
    },
    async (req, actor) => createTemplate(ctx, actor, req.body),
  );
  route.get(
    '/api/collection/templates/:id',
    { summary: 'A Processo Modelo (latest version)', params: idParam, response: { 200: templateSchema } },
    async (req, actor) => getTemplate(ctx, actor.officeId, req.params.id),
  );
  route.put(
    '/api/collection/templates/:id',
    {
      summary: 'Save a new version (programações already made keep theirs)',
      params: idParam,
      body: templateInput,
      response: { 200: templateSchema },
    },
    async (req, actor) => updateTemplate(ctx, actor, req.params.id, req.body),
  );
  route.post(
    '/api/collection/templates/:id/copy',
    { summary: 'Copy a model ("Cópia de …")', params: idParam, response: { 201: templateSchema } },
    async (req, actor) => copyTemplate(ctx, actor, req.params.id),
  );
  route.post(
    '/api/collection/templates/:id/active',
    {
      summary: 'Activate or deactivate a model',
      params: idParam,
      body: activeBody,
      response: { 200: templateSchema },
    },
    async (req, actor) => setTemplateActive(ctx, actor, req.params.id, req.body.active),
  );
  route.get(
    '/api/collection/templates/:id/preview',
    {
      summary: "The client's page as a fictitious client would see this model",
      params: idParam,
      response: { 200: portalViewSchema },
    },
    async (req, actor) => templatePreview(ctx, actor.officeId, req.params.id),
  );

  // ------------------------------------------------------------ Programar
  route.post(
    '/api/collection/schedule/preview',
    {
      summary: 'How many programações each competência would create, and the due dates',
      body: scheduleBody,
      response: { 200: schedulePreviewSchema },
    },
    async (req, actor) => previewSchedule(ctx, actor.officeId, req.body),
  );
  route.post(
    '/api/collection/schedule',
    {
      summary:
        'Programar: avulsa (generates now) or recorrente (a program with its schedule); 202 with a run when the audience is large',
      body: scheduleBody,
      response: { 201: scheduleResultSchema, 202: scheduleResultSchema },
    },
    async (req, actor, reply) => {
      const out = await scheduleCollection(ctx, actor, req.body);
      return reply.status(out.run ? 202 : 201).send(out);
    },
  );
  route.get(
    '/api/collection/programs',
    { summary: 'Recurring programs', response: { 200: programListSchema } },
    async (_req, actor) => listPrograms(ctx, actor.officeId),
  );
  route.delete(
    '/api/collection/programs/:id',
    { summary: 'Stop a recurring program', params: idParam, response: { 204: noContent } },
    async (req, actor) => stopProgram(ctx, actor, req.params.id),
  );

  // ------------------------------------------------------------ Serviços Programados
  route.get(
    '/api/collection/requests',
    {
      summary: 'Serviços Programados (filters, server paging; `mine=true`: only mine)',
      querystring: requestListQuery,
      response: { 200: requestPageSchema },
    },
    async (req) => listRequests(ctx, viewer(req), req.query),
  );
  csvExport(
    route,
    ctx.clock,
    '/api/collection/requests.csv',
    {
      summary: 'The grid as CSV (same filters and sort)',
      querystring: requestExportQuery,
      file: 'The programações, UTF-8 CSV',
      name: 'servicos-programados',
    },
    (query, actor, lang) => exportRequestsCsv(ctx, actor, query, lang),
  );
  route.get(
    '/api/collection/requests/:id',
    { summary: 'The tracking screen', params: idParam, response: { 200: requestDetailSchema } },
    async (req) => getRequest(ctx, viewer(req), req.params.id),
  );
  route.get(
    '/api/collection/requests/:id/history',
    {
      summary: 'Every change, oldest first, in the request language',
      params: idParam,
      response: { 200: historySchema },
    },
    async (req, actor) => {
      await getRequest(ctx, viewer(req), req.params.id);
      return { items: await readHistory(ctx.db, actor.officeId, req.params.id, langOf(req)) };
    },
  );
  route.patch(
    '/api/collection/requests/:id/items/:itemId',
    {
      summary: "An item's status [5], comment [6] or the office's state (dispensed, done, pending)",
      params: itemParams,
      body: patchItemBody,
      response: { 200: requestDetailSchema },
    },
    async (req, actor) => patchItem(ctx, actor, req.params.id, req.params.itemId, req.body),
  );
  route.post(
    '/api/collection/requests/:id/items/:itemId/files',
    {
      summary: 'Attach files by hand [7] (multipart/form-data, one or more files)',
      consumes: ['multipart/form-data'],
      params: itemParams,
      response: { 201: staffUploadResultSchema },
    },
    async (req, actor) => {
      if (!req.isMultipart()) throw new CollectionError('not_multipart');
      const out = await attachFiles(ctx, actor, req.params.id, req.params.itemId, uploadedFiles(req));
      return { items: out.items, refused: refusedAnswer(out.refused, langOf(req)) };
    },
  );
  route.post(
    '/api/collection/requests/:id/items/:itemId/reopen',
    {
      summary: 'Reopen an item with a comment; `notify` (default): ask the client again at once',
      params: itemParams,
      body: reopenItemBody,
      response: { 200: requestDetailSchema },
    },
    async (req, actor) => reopenItem(ctx, actor, req.params.id, req.params.itemId, req.body),
  );
  route.get(
    '/api/collection/requests/:id/files/:fileId',
    {
      summary: 'Download a file (`inline=1`: preview in the browser)',
      params: fileParams,
      querystring: fileQuery,
      ...fileDownload(
        'application/octet-stream',
        'The file, with the media type it was stored with',
        allowedContentTypes,
      ),
    },
    async (req, actor, reply) => {
      const f = await readItemFile(ctx, actor.officeId, req.params.id, req.params.fileId);
      const inline = req.query.inline === '1' && /^(application\/pdf|image\/)/.test(f.content_type);
      reply.header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store');
      return sendBlob(req, reply, blobStore(ctx), {
        ref: f.blob_ref,
        contentType: f.content_type,
        filename: f.name,
        disposition: inline ? 'inline' : 'attachment',
      });
    },
  );
  route.get(
    '/api/collection/requests/:id/zip',
    {
      summary: 'Every file as one .zip, streamed (client/competência/item folders + manifest.csv) [8]',
      params: idParam,
      ...fileDownload('application/zip', 'The files and manifest.csv'),
    },
    async (req, actor, reply) => streamRequestZip(ctx, actor.officeId, req.params.id, req, reply),
  );
  route.post(
    '/api/collection/requests/:id/notify',
    {
      summary: '"Enviar nova solicitação ao cliente"',
      params: idParam,
      response: { 200: notifyResultSchema },
    },
    async (req, actor) => notifyRequest(ctx, actor, req.params.id),
  );
  route.post(
    '/api/collection/requests/:id/transfer',
    {
      summary: 'Transfer the programação and its checklist to another responsible [9]',
      params: idParam,
      body: transferBody,
      response: { 200: requestDetailSchema },
    },
    async (req, actor) => transferRequest(ctx, actor, req.params.id, req.body.responsibleId),
  );
  route.post(
    '/api/collection/requests/:id/close',
    {
      summary: 'Baixa (any time, even with the checklist open): status and note',
      params: idParam,
      body: closeBody,
      response: { 200: requestDetailSchema },
    },
    async (req, actor) => closeRequest(ctx, actor, req.params.id, req.body),
  );
  route.post(
    '/api/collection/requests/:id/reopen',
    { summary: 'Reopen a closed programação', params: idParam, response: { 200: requestDetailSchema } },
    async (req, actor) => reopenRequest(ctx, actor, req.params.id),
  );

  // ------------------------------------------------------------ the client's lasting choices, contacts' links
  route.get(
    '/api/collection/clients/:clientId/skips',
    {
      summary: 'Items the client said not to ask again',
      params: clientParams,
      response: { 200: skipsSchema },
    },
    async (req, actor) => listSkips(ctx, actor.officeId, req.params.clientId),
  );
  route.delete(
    '/api/collection/clients/:clientId/skips/:itemKey',
    {
      summary: 'Ask for the item again from the next programação',
      params: skipParams,
      response: { 204: noContent },
    },
    async (req, actor) => deleteSkip(ctx, actor, req.params.clientId, req.params.itemKey),
  );
  route.post(
    '/api/collection/contacts/:contactId/link',
    {
      summary: "Issue the contact's link to the client page (revokes the previous one)",
      params: contactParams,
      response: { 200: linkSchema },
    },
    async (req, actor) => issueLink(ctx, actor, req.params.contactId),
  );
  route.delete(
    '/api/collection/contacts/:contactId/link',
    { summary: "Revoke the contact's link", params: contactParams, response: { 204: noContent } },
    async (req, actor) => revokeLink(ctx, actor, req.params.contactId),
  );

  // ------------------------------------------------------------ the client's page (public, token link)
  const portal = ['portal'];
  const readLimit = { max: 60, timeWindow: 60_000 };
  const writeLimit = { max: 60, timeWindow: 60_000 };
  route.get(
    '/api/portal/collection/:token',
    {
      access: 'public',
      rateLimit: readLimit,
      tags: portal,
      summary: "The contact's open requests of every company it answers for",
      params: portalTokenParam,
      response: { 200: portalViewSchema, 410: problemSchema },
    },
    async (req) => portalView(ctx, req.params.token),
  );
  route.post(
    '/api/portal/collection/:token/items/:itemId/files',
    {
      access: 'public',
      rateLimit: writeLimit,
      tags: portal,
      summary: 'Send one file for an item (multipart/form-data, one file per request)',
      consumes: ['multipart/form-data'],
      params: portalItemParams,
      response: { 201: portalUploadResultSchema, 409: problemSchema, 410: problemSchema },
    },
    async (req) => {
      if (!req.isMultipart()) throw new CollectionError('not_multipart');
      const parts = uploadedFiles(req);
      const first = await parts.next();
      if (first.done) throw new CollectionError('no_files');
      const out = await portalUpload(ctx, req.params.token, req.params.itemId, first.value);
      // A second file in the same request is refused (its bytes were not read into the item).
      const extra = await parts.next();
      if (!extra.done) {
        extra.value.stream.resume();
        for await (const more of parts) more.stream.resume();
      }
      const lang = langOf(req);
      return {
        file: out.file,
        warnings: out.warnings.map((w) => ({ code: w.code, message: w.message[lang] })),
      };
    },
  );
  route.delete(
    '/api/portal/collection/:token/files/:fileId',
    {
      access: 'public',
      rateLimit: writeLimit,
      tags: portal,
      summary: 'Delete a file the contact sent, while the request is open',
      params: portalFileParams,
      response: { 204: noContent, 409: problemSchema, 410: problemSchema },
    },
    async (req) => portalDeleteFile(ctx, req.params.token, req.params.fileId),
  );
  route.post(
    '/api/portal/collection/:token/items/:itemId/answer',
    {
      access: 'public',
      rateLimit: writeLimit,
      tags: portal,
      summary: '"Este mês não tenho", "Não me pedir nos próximos meses" or "Vou enviar depois" (with a date)',
      params: portalItemParams,
      body: answerBody,
      response: { 200: portalViewSchema, 409: problemSchema, 410: problemSchema },
    },
    async (req) => portalAnswer(ctx, req.params.token, req.params.itemId, req.body),
  );
  route.post(
    '/api/portal/collection/:token/receipt',
    {
      access: 'public',
      rateLimit: { max: 10, timeWindow: 60_000 },
      tags: portal,
      summary: 'E-mail the receipt of the files sent since the last one (with each SHA-256)',
      params: portalTokenParam,
      response: { 200: receiptResultSchema, 409: problemSchema, 410: problemSchema },
    },
    async (req) => portalReceipt(ctx, req.params.token),
  );
}
