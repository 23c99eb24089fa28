import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { blobStore, sendBlob } from '../../../blobs/index.js';
import type { AppContext } from '../../../context.js';
import { fileResponse } from '../../../http/openapi.js';
import { routesFor } from '../../../http/routes.js';
import { ActionError } from './actions.errors.js';
import { findDocumentByToken, pdfName } from './documents.repo.js';

const tokenParam = z.object({ token: z.string().min(16).max(64) });

/**
 * The public link of a document a rule created ("Criar documento"): whoever holds the token (the client
 * who got the e-mail) downloads the PDF, no session needed.
 */
export function automationDocumentRoutes(app: FastifyInstance, ctx: AppContext) {
  const route = routesFor(app, ['automation']);
  route.get(
    '/api/public/documents/:token',
    {
      access: 'public',
      rateLimit: { max: 60, timeWindow: 60_000 },
      summary: 'Download a document an automation rule created, by its public link',
      params: tokenParam,
      produces: ['application/pdf'],
      response: { 200: fileResponse('application/pdf', 'The document (PDF)') },
    },
    async (req, _actor, reply) => {
      const doc = await findDocumentByToken(ctx.db, req.params.token);
      if (!doc) throw new ActionError('document_not_found');
      reply.header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store');
      return sendBlob(req, reply, blobStore(ctx), {
        ref: doc.blob_ref,
        contentType: 'application/pdf',
        filename: pdfName(doc.name),
        disposition: 'inline',
      });
    },
  );
}
