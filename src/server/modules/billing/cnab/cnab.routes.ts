import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { blobStore, sendBlob } from '../../../blobs/index.js';
import type { AppContext } from '../../../context.js';
import { principal } from '../../../http/auth.js';
import { fileResponse } from '../../../http/openapi.js';
import { idParam, problemSchema } from '../../../http/schemas.js';
import { actorOf } from '../../platform/index.js';
import { BillingError } from '../billing.errors.js';
import {
  cnabFileSchema,
  generateRemessaBody,
  remessaCandidateSchema,
  retornoResultSchema,
} from './cnab.schema.js';
import {
  cnabFileBlob,
  generateRemessa,
  listCnabFiles,
  listRemessaCandidates,
  RETORNO_MAX_BYTES,
  uploadRetorno,
} from './cnab.service.js';

const tags = ['billing'];

/**
 * CNAB: remessas (choose boletos, generate, download) and retornos (upload, the result per line). In its
 * own scope so that its multipart parser exists only here.
 */
export function cnabRoutes(app: FastifyInstance, ctx: AppContext) {
  app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: RETORNO_MAX_BYTES + 1, files: 1, fields: 5, parts: 6 },
      throwFileSizeLimit: false,
    });
    routes(scope, ctx);
  });
}

function routes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/billing/remessa-candidates',
    {
      schema: {
        tags,
        summary: 'Boletos of a bank account awaiting registration (in no remessa yet), by due date',
        querystring: z.object({ bankAccountId: z.uuid() }),
        response: { 200: z.object({ items: z.array(remessaCandidateSchema) }), 404: problemSchema },
      },
    },
    async (req) => ({
      items: await listRemessaCandidates(ctx, principal(req).officeId, req.query.bankAccountId),
    }),
  );
  r.post(
    '/api/billing/remessas',
    {
      schema: {
        tags,
        summary:
          "Generates the CNAB remessa of the chosen boletos (CNAB 240 P/Q/R, or 400 where the bank's cobrança uses it); the account's next sequence",
        body: generateRemessaBody,
        response: { 201: cnabFileSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await generateRemessa(ctx, actorOf(principal(req)), req.body)),
  );
  r.get(
    '/api/billing/cnab-files',
    {
      schema: {
        tags,
        summary: 'Remessas generated and retornos taken, newest first',
        querystring: z.object({ kind: z.enum(['remessa', 'retorno']).optional() }),
        response: { 200: z.object({ items: z.array(cnabFileSchema) }) },
      },
    },
    async (req) => ({ items: await listCnabFiles(ctx, principal(req).officeId, req.query.kind) }),
  );
  r.get(
    '/api/billing/cnab-files/:id/download',
    {
      schema: {
        tags,
        summary: 'Downloads a remessa (to upload at the bank) or a retorno as received',
        params: idParam,
        produces: ['text/plain'],
        response: { 200: fileResponse('text/plain', 'The CNAB file') },
      },
    },
    async (req, reply) => {
      const file = await cnabFileBlob(ctx, principal(req).officeId, req.params.id);
      return sendBlob(req, reply, blobStore(ctx), {
        ref: file.ref,
        contentType: 'text/plain; charset=iso-8859-1',
        filename: file.filename,
        disposition: 'attachment',
      });
    },
  );
  r.post(
    '/api/billing/bank-accounts/:id/retornos',
    {
      schema: {
        tags,
        summary:
          "Takes a retorno of the account's bank (multipart/form-data, one file): checked whole first — refused with every issue's line, position and field — then each entry applied once",
        consumes: ['multipart/form-data'],
        params: idParam,
        response: { 200: retornoResultSchema },
      },
    },
    async (req) => {
      if (!req.isMultipart()) throw new BillingError('not_multipart');
      const part = await req.file();
      if (!part) throw new BillingError('not_multipart');
      return uploadRetorno(ctx, actorOf(principal(req)), req.params.id, {
        filename: part.filename ?? 'retorno.ret',
        stream: part.file,
      });
    },
  );
}
