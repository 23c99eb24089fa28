import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { blobStore, sendBlob } from '../../blobs/index.js';
import type { AppContext } from '../../context.js';
import { csvExport } from '../../http/csv-export.js';
import { fileDownload } from '../../http/downloads.js';
import type { Lang } from '../../http/i18n.js';
import { noContent } from '../../http/openapi.js';
import { langOf } from '../../http/problem.js';
import { routesFor } from '../../http/routes.js';
import { idParam } from '../../http/schemas.js';
import { refusedAnswer, uploadedFiles } from '../../http/upload-parts.js';
import { withUploads } from '../../http/uploads.js';
import { getPortalLink, getPortalTicket, listChat, postChat, postPortalMessage } from './chat.service.js';
import { allowedContentTypes, MAX_FILE_BYTES, MAX_FILES_PER_UPLOAD, maxFileLabel } from './file-limits.js';
import { deleteFile, listFiles, readFile, uploadFiles } from './files.service.js';
import { ticketHistory } from './history.js';
import { listAccountants } from './references.js';
import { listSlaPolicies, putSlaPolicies } from './sla-policies.service.js';
import type { EmailResult } from './status-email.rule.js';
import { workflow } from './status-machine.js';
import { TicketsError } from './tickets.errors.js';
import {
  accountantsSchema,
  boardSchema,
  chatBody,
  chatMessageSchema,
  chatPostResultSchema,
  createTicketBody,
  type EmailOutcome,
  fileParams,
  historyEntrySchema,
  moveBody,
  movementSchema,
  moveResultSchema,
  notifyResultSchema,
  portalChatBody,
  portalLinkSchema,
  portalTicketSchema,
  portalTokenParam,
  putSlaPoliciesBody,
  reopenBody,
  slaPoliciesSchema,
  ticketExportQuery,
  ticketFileSchema,
  ticketFilterQuery,
  ticketListQuery,
  ticketPageSchema,
  ticketSchema,
  updateTicketBody,
  uploadFilesBody,
  uploadResultSchema,
  workflowSchema,
} from './tickets.schema.js';
import {
  createTicket,
  getTicket,
  listMovements,
  listTickets,
  moveTicket,
  notifyTicket,
  reopenTicket,
  ticketBoard,
  updateTicket,
} from './tickets.service.js';
import { exportTicketsCsv } from './tickets-csv.js';

/** An e-mail outcome in the request's language. */
const localized = (e: EmailResult, lang: Lang): EmailOutcome => ({
  status: e.status,
  reason: e.reason ? e.reason[lang] : null,
  messageId: e.messageId,
});

/** A change that e-mails the client (a move, a reopening, a notice), with the outcome in the request's language. */
const withEmail = <T extends { email: EmailResult }>(out: T, req: FastifyRequest) => ({
  ...out,
  email: localized(out.email, langOf(req)),
});

/**
 * The tickets API (atendimentos) and the client's ticket portal. Registered in its own scope so that the
 * multipart parser (file uploads) exists only here.
 */
export function ticketsRoutes(app: FastifyInstance, ctx: AppContext) {
  // One file over the limit reaches the service, which refuses it with `too_many_files`.
  withUploads(
    app,
    { maxFileBytes: MAX_FILE_BYTES, files: MAX_FILES_PER_UPLOAD + 1, fields: 10, parts: 50 },
    (scope) => routes(scope, ctx),
  );
}

function routes(app: FastifyInstance, ctx: AppContext) {
  const route = routesFor(app, ['tickets']);

  // ------------------------------------------------------------ grid, kanban, export, workflow
  route.get(
    '/api/tickets',
    {
      summary: 'List tickets (paged, sorted, filtered; `mine=true` is "Meus atendimentos")',
      querystring: ticketListQuery,
      response: { 200: ticketPageSchema },
    },
    async (req, actor) => listTickets(ctx, actor, req.query),
  );

  csvExport(
    route,
    ctx.clock,
    '/api/tickets/export.csv',
    {
      summary: 'The grid as CSV (same filters and sort; every matching ticket)',
      querystring: ticketExportQuery,
      file: 'The tickets, UTF-8 CSV',
      name: 'atendimentos',
    },
    (query, actor, lang) => exportTicketsCsv(ctx, actor, query, lang),
  );

  route.get(
    '/api/tickets/board',
    {
      summary: 'Kanban: one column per status with its total and first 50 tickets (same filters)',
      querystring: ticketFilterQuery,
      response: { 200: boardSchema },
    },
    async (req, actor) => ticketBoard(ctx, actor, req.query, langOf(req)),
  );

  route.get(
    '/api/tickets/workflow',
    {
      summary: 'The statuses, their labels and the allowed moves (status-machine.ts)',
      response: { 200: workflowSchema },
    },
    async (req) => workflow(langOf(req)),
  );

  route.get(
    '/api/tickets/accountants',
    {
      summary: 'Users with the Contador profession (the Contador select)',
      response: { 200: accountantsSchema },
    },
    async (_req, actor) => ({ items: await listAccountants(ctx, actor.officeId) }),
  );

  // ------------------------------------------------------------ SLA policies
  route.get(
    '/api/tickets/sla-policies',
    { summary: 'SLA targets per service (business hours)', response: { 200: slaPoliciesSchema } },
    async (_req, actor) => ({ items: await listSlaPolicies(ctx, actor.officeId) }),
  );
  route.put(
    '/api/tickets/sla-policies',
    {
      access: 'admin',
      summary: 'Replace the SLA targets per service (applies to tickets opened afterwards)',
      body: putSlaPoliciesBody,
      response: { 200: slaPoliciesSchema },
    },
    async (req, actor) => ({ items: await putSlaPolicies(ctx, actor, req.body) }),
  );

  // ------------------------------------------------------------ one ticket
  route.post(
    '/api/tickets',
    { summary: 'Open a ticket (status Aberto)', body: createTicketBody, response: { 201: ticketSchema } },
    async (req, actor) => createTicket(ctx, actor, req.body),
  );

  route.get(
    '/api/tickets/:id',
    { summary: 'A ticket', params: idParam, response: { 200: ticketSchema } },
    async (req, actor) => getTicket(ctx, actor.officeId, req.params.id),
  );

  route.patch(
    '/api/tickets/:id',
    {
      summary: 'Edit a ticket (optimistic locking: send the version you read)',
      params: idParam,
      body: updateTicketBody,
      response: { 200: ticketSchema },
    },
    async (req, actor) => updateTicket(ctx, actor, req.params.id, req.body),
  );

  route.post(
    '/api/tickets/:id/moves',
    {
      summary: 'Move a ticket to another status (Movimentar); returns the ticket and the e-mail outcome',
      params: idParam,
      body: moveBody,
      response: { 200: moveResultSchema },
    },
    async (req, actor) => withEmail(await moveTicket(ctx, actor, req.params.id, req.body), req),
  );

  route.post(
    '/api/tickets/:id/reopen',
    {
      summary: 'Reopen a closed ticket (Reabrir → Reaberto)',
      params: idParam,
      body: reopenBody,
      response: { 200: moveResultSchema },
    },
    async (req, actor) => withEmail(await reopenTicket(ctx, actor, req.params.id, req.body), req),
  );

  route.post(
    '/api/tickets/:id/notify',
    {
      summary: 'Notificar: e-mail the client that the ticket was opened (only before any movement)',
      params: idParam,
      response: { 200: notifyResultSchema },
    },
    async (req, actor) => withEmail(await notifyTicket(ctx, actor, req.params.id), req),
  );

  route.get(
    '/api/tickets/:id/movements',
    { summary: 'The movements, oldest first', params: idParam, response: { 200: z.array(movementSchema) } },
    async (req, actor) => listMovements(ctx, actor.officeId, req.params.id),
  );

  route.get(
    '/api/tickets/:id/history',
    {
      summary: 'Every change in plain words, oldest first (request language)',
      params: idParam,
      response: { 200: z.array(historyEntrySchema) },
    },
    async (req, actor) => ticketHistory(ctx, actor.officeId, req.params.id, langOf(req)),
  );

  // ------------------------------------------------------------ chat
  route.get(
    '/api/tickets/:id/chat',
    {
      summary: 'The chat, oldest first (internal notes included)',
      params: idParam,
      response: { 200: z.array(chatMessageSchema) },
    },
    async (req, actor) => listChat(ctx, actor.officeId, req.params.id),
  );
  route.post(
    '/api/tickets/:id/chat',
    {
      summary: 'Post a staff message (not internal: e-mailed to the client with the portal link)',
      params: idParam,
      body: chatBody,
      response: { 201: chatPostResultSchema },
    },
    async (req, actor) => {
      const m = await postChat(ctx, actor, req.params.id, req.body);
      return { ...m, email: m.email ? localized(m.email, langOf(req)) : null };
    },
  );
  route.get(
    '/api/tickets/:id/portal-link',
    {
      summary: "A fresh link to the ticket's client portal (30 days)",
      params: idParam,
      response: { 200: portalLinkSchema },
    },
    async (req, actor) => getPortalLink(ctx, actor.officeId, req.params.id),
  );

  // ------------------------------------------------------------ files
  route.get(
    '/api/tickets/:id/files',
    { summary: 'The attached files', params: idParam, response: { 200: z.array(ticketFileSchema) } },
    async (req, actor) => listFiles(ctx, actor.officeId, req.params.id),
  );
  route.post(
    '/api/tickets/:id/files',
    {
      summary: `Attach files (multipart/form-data, up to ${MAX_FILES_PER_UPLOAD} files of ${maxFileLabel} each)`,
      consumes: ['multipart/form-data'],
      params: idParam,
      body: uploadFilesBody,
      response: { 201: uploadResultSchema },
    },
    async (req, actor) => {
      if (!req.isMultipart()) throw new TicketsError('not_multipart');
      let out: Awaited<ReturnType<typeof uploadFiles>>;
      try {
        out = await uploadFiles(ctx, actor, req.params.id, uploadedFiles(req));
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'FST_FILES_LIMIT')
          throw new TicketsError('too_many_files', { params: { max: MAX_FILES_PER_UPLOAD }, cause: err });
        throw err;
      }
      return { items: out.items, refused: refusedAnswer(out.refused, langOf(req)) };
    },
  );
  route.get(
    '/api/tickets/:id/files/:fileId',
    {
      summary: 'Download a file',
      params: fileParams,
      ...fileDownload(
        'application/octet-stream',
        'The file, with the media type it was stored with',
        allowedContentTypes,
      ),
    },
    async (req, actor, reply) => {
      const { file, ref } = await readFile(ctx, actor.officeId, req.params.id, req.params.fileId);
      reply.header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store');
      return sendBlob(req, reply, blobStore(ctx), {
        ref,
        contentType: file.contentType,
        filename: file.name,
        disposition: 'attachment',
      });
    },
  );
  route.delete(
    '/api/tickets/:id/files/:fileId',
    { summary: 'Remove a file', params: fileParams, response: { 204: noContent } },
    async (req, actor) => deleteFile(ctx, actor, req.params.id, req.params.fileId),
  );

  // ------------------------------------------------------------ the client's portal (public, signed link)
  const portalLimit = { max: 60, timeWindow: 60_000 };
  route.get(
    '/api/portal/tickets/:token',
    {
      access: 'public',
      rateLimit: portalLimit,
      tags: ['portal'],
      summary: "The client's view of a ticket through its signed link (no internal notes)",
      params: portalTokenParam,
      response: { 200: portalTicketSchema },
    },
    async (req) => getPortalTicket(ctx, req.params.token, langOf(req)),
  );
  route.post(
    '/api/portal/tickets/:token/chat',
    {
      access: 'public',
      rateLimit: { max: 20, timeWindow: 60_000 },
      tags: ['portal'],
      summary: "The client's message through the ticket's signed link",
      params: portalTokenParam,
      body: portalChatBody,
      response: { 201: chatMessageSchema.omit({ internal: true }) },
    },
    async (req) => postPortalMessage(ctx, req.params.token, req.body.body),
  );
}
