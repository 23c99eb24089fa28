import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { blobStore, sendBlob } from '../../blobs/index.js';
import type { AppContext } from '../../context.js';
import { fileDownload } from '../../http/downloads.js';
import { noContent } from '../../http/openapi.js';
import { routesFor } from '../../http/routes.js';
import { idParam } from '../../http/schemas.js';
import {
  certidaoSchema,
  certidoesOverviewSchema,
  createCertidaoBody,
  requiredTypesBody,
  updateCertidaoBody,
} from './certidoes.schema.js';
import {
  certidaoFile,
  certidoesOverview,
  createCertidao,
  deleteCertidao,
  setRequiredTypes,
  updateCertidao,
} from './certidoes.service.js';

const certidaoParams = z.strictObject({ id: z.uuid(), certidaoId: z.uuid() });
/** A PDF of up to 5 MB in base64 inside JSON. */
const uploadLimit = 8 * 1024 * 1024;

/** Clients' certidões negativas (tax-clearance certificates). */
export function certidoesRoutes(app: FastifyInstance, ctx: AppContext) {
  const route = routesFor(app, ['certidoes']);

  route.get(
    '/api/clients/:id/certidoes',
    {
      summary: "A client's certidões, required types and the situation of each type today",
      params: idParam,
      response: { 200: certidoesOverviewSchema },
    },
    async (req, actor) => certidoesOverview(ctx, actor.officeId, req.params.id),
  );

  route.put(
    '/api/clients/:id/certidoes/required-types',
    {
      summary: 'Set which certidão types the client must keep valid (null: the default)',
      params: idParam,
      body: requiredTypesBody,
      response: { 200: certidoesOverviewSchema },
    },
    async (req, actor) => setRequiredTypes(ctx, actor, req.params.id, req.body.types),
  );

  route.post(
    '/api/clients/:id/certidoes',
    {
      summary: 'Register a certidão, optionally with its PDF (base64, at most 5 MB)',
      params: idParam,
      body: createCertidaoBody,
      response: { 201: certidaoSchema },
      bodyLimit: uploadLimit,
    },
    async (req, actor) => createCertidao(ctx, actor, req.params.id, req.body),
  );

  route.patch(
    '/api/clients/:id/certidoes/:certidaoId',
    {
      summary: 'Update a certidão (`file: null` removes its PDF)',
      params: certidaoParams,
      body: updateCertidaoBody,
      response: { 200: certidaoSchema },
      bodyLimit: uploadLimit,
    },
    async (req, actor) => updateCertidao(ctx, actor, req.params.id, req.params.certidaoId, req.body),
  );

  route.delete(
    '/api/clients/:id/certidoes/:certidaoId',
    { summary: 'Delete a certidão', params: certidaoParams, response: { 204: noContent } },
    async (req, actor) => deleteCertidao(ctx, actor, req.params.id, req.params.certidaoId),
  );

  route.get(
    '/api/clients/:id/certidoes/:certidaoId/file',
    {
      summary: "Download a certidão's PDF",
      params: certidaoParams,
      ...fileDownload('application/pdf', 'The certidão as PDF'),
    },
    async (req, actor, reply) => {
      const file = await certidaoFile(ctx, actor.officeId, req.params.id, req.params.certidaoId);
      reply.header('x-content-type-options', 'nosniff');
      return sendBlob(req, reply, blobStore(ctx), {
        ref: file.ref,
        contentType: file.contentType,
        filename: file.name,
        disposition: 'attachment',
      });
    },
  );
}
