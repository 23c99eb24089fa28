import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { blobStore, sendBlob } from '../../../blobs/index.js';
import type { AppContext } from '../../../context.js';
import { fileDownload } from '../../../http/downloads.js';
import { idParam, problemSchema } from '../../../http/schemas.js';
import { type BillingRoutes, oneFileRoutes, uploadedFile } from '../uploaded-file.js';
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

/**
 * CNAB: remessas (choose boletos, generate, download) and retornos (upload, the result per line). In its
 * own scope so that its multipart parser exists only here.
 */
export function cnabRoutes(app: FastifyInstance, ctx: AppContext) {
  oneFileRoutes(app, RETORNO_MAX_BYTES, (route) => routes(route, ctx));
}

function routes(route: BillingRoutes, ctx: AppContext) {
  route.get(
    '/api/billing/remessa-candidates',
    {
      summary: 'Boletos of a bank account awaiting registration (in no remessa yet), by due date',
      querystring: z.object({ bankAccountId: z.uuid() }),
      response: { 200: z.object({ items: z.array(remessaCandidateSchema) }), 404: problemSchema },
    },
    async (req, actor) => ({
      items: await listRemessaCandidates(ctx, actor.officeId, req.query.bankAccountId),
    }),
  );
  route.post(
    '/api/billing/remessas',
    {
      summary:
        "Generates the CNAB remessa of the chosen boletos (CNAB 240 P/Q/R, or 400 where the bank's cobrança uses it); the account's next sequence",
      body: generateRemessaBody,
      response: { 201: cnabFileSchema },
    },
    async (req, actor) => generateRemessa(ctx, actor, req.body),
  );
  route.get(
    '/api/billing/cnab-files',
    {
      summary: 'Remessas generated and retornos taken, newest first',
      querystring: z.object({ kind: z.enum(['remessa', 'retorno']).optional() }),
      response: { 200: z.object({ items: z.array(cnabFileSchema) }) },
    },
    async (req, actor) => ({ items: await listCnabFiles(ctx, actor.officeId, req.query.kind) }),
  );
  route.get(
    '/api/billing/cnab-files/:id/download',
    {
      summary: 'Downloads a remessa (to upload at the bank) or a retorno as received',
      params: idParam,
      ...fileDownload('text/plain', 'The CNAB file'),
    },
    async (req, actor, reply) => {
      const file = await cnabFileBlob(ctx, actor.officeId, req.params.id);
      return sendBlob(req, reply, blobStore(ctx), {
        ref: file.ref,
        contentType: 'text/plain; charset=iso-8859-1',
        filename: file.filename,
        disposition: 'attachment',
      });
    },
  );
  route.post(
    '/api/billing/bank-accounts/:id/retornos',
    {
      summary:
        "Takes a retorno of the account's bank (multipart/form-data, one file): checked whole first — refused with every issue's line, position and field — then each entry applied once",
      consumes: ['multipart/form-data'],
      params: idParam,
      response: { 200: retornoResultSchema },
    },
    async (req, actor) => uploadRetorno(ctx, actor, req.params.id, await uploadedFile(req, 'retorno.ret')),
  );
}
