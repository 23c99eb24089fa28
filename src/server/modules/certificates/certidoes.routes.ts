import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { blobStore, sendBlob } from '../../blobs/index.js';
import type { AppContext } from '../../context.js';
import { principal } from '../../http/auth.js';
import { fileResponse, noContent } from '../../http/openapi.js';
import { idParam } from '../../http/schemas.js';
import { actorOf } from '../platform/index.js';
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
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/clients/:id/certidoes',
    {
      schema: {
        tags: ['certidoes'],
        summary: "A client's certidões, required types and the situation of each type today",
        params: idParam,
        response: { 200: certidoesOverviewSchema },
      },
    },
    async (req) => certidoesOverview(ctx, principal(req).officeId, req.params.id),
  );

  r.put(
    '/api/clients/:id/certidoes/required-types',
    {
      schema: {
        tags: ['certidoes'],
        summary: 'Set which certidão types the client must keep valid (null: the default)',
        params: idParam,
        body: requiredTypesBody,
        response: { 200: certidoesOverviewSchema },
      },
    },
    async (req) => setRequiredTypes(ctx, actorOf(principal(req)), req.params.id, req.body.types),
  );

  r.post(
    '/api/clients/:id/certidoes',
    {
      bodyLimit: uploadLimit,
      schema: {
        tags: ['certidoes'],
        summary: 'Register a certidão, optionally with its PDF (base64, at most 5 MB)',
        params: idParam,
        body: createCertidaoBody,
        response: { 201: certidaoSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createCertidao(ctx, actorOf(principal(req)), req.params.id, req.body)),
  );

  r.patch(
    '/api/clients/:id/certidoes/:certidaoId',
    {
      bodyLimit: uploadLimit,
      schema: {
        tags: ['certidoes'],
        summary: 'Update a certidão (`file: null` removes its PDF)',
        params: certidaoParams,
        body: updateCertidaoBody,
        response: { 200: certidaoSchema },
      },
    },
    async (req) =>
      updateCertidao(ctx, actorOf(principal(req)), req.params.id, req.params.certidaoId, req.body),
  );

  r.delete(
    '/api/clients/:id/certidoes/:certidaoId',
    {
      schema: {
        tags: ['certidoes'],
        summary: 'Delete a certidão',
        params: certidaoParams,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await deleteCertidao(ctx, actorOf(principal(req)), req.params.id, req.params.certidaoId);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/clients/:id/certidoes/:certidaoId/file',
    {
      schema: {
        tags: ['certidoes'],
        summary: "Download a certidão's PDF",
        params: certidaoParams,
        produces: ['application/pdf'],
        response: { 200: fileResponse('application/pdf', 'The certidão as PDF') },
      },
    },
    async (req, reply) => {
      const file = await certidaoFile(ctx, principal(req).officeId, req.params.id, req.params.certidaoId);
      const ascii = file.name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
      reply
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-disposition',
          `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        );
      return sendBlob(req, reply, blobStore(ctx), {
        ref: file.ref,
        contentType: file.contentType,
        filename: file.name,
        disposition: 'attachment',
      });
    },
  );
}
