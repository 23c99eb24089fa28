import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { principal } from '../../../http/auth.js';
import { idParam } from '../../../http/schemas.js';
import { actorOf } from '../../platform/index.js';
import { BillingError } from '../billing.errors.js';
import { confirmLineBody, statementImportSchema, statementLineSchema } from './reconcile.schema.js';
import {
  confirmStatementLine,
  dismissStatementLine,
  importStatement,
  listStatementLines,
  listStatements,
  STATEMENT_MAX_BYTES,
} from './reconcile.service.js';

const tags = ['billing'];

/** Reconciliation by OFX statement: upload, the proposals, confirm or dismiss each. Multipart in its own scope. */
export function reconcileRoutes(app: FastifyInstance, ctx: AppContext) {
  app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: STATEMENT_MAX_BYTES + 1, files: 1, fields: 5, parts: 6 },
      throwFileSizeLimit: false,
    });
    routes(scope, ctx);
  });
}

function routes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/billing/statements',
    {
      schema: {
        tags,
        summary:
          'Takes an OFX bank statement (multipart/form-data, one file; not OFX → 422): each credit recorded once with the invoice proposed for it (txid, nosso número, or amount and date)',
        consumes: ['multipart/form-data'],
        response: { 201: statementImportSchema },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new BillingError('not_multipart');
      const part = await req.file();
      if (!part) throw new BillingError('not_multipart');
      const out = await importStatement(ctx, actorOf(principal(req)), {
        filename: part.filename ?? 'extrato.ofx',
        stream: part.file,
      });
      return reply.status(201).send(out);
    },
  );
  r.get(
    '/api/billing/statements',
    {
      schema: {
        tags,
        summary: 'Statements taken, newest first',
        response: { 200: z.object({ items: z.array(statementImportSchema) }) },
      },
    },
    async (req) => ({ items: await listStatements(ctx, principal(req).officeId) }),
  );
  r.get(
    '/api/billing/statements/:id/lines',
    {
      schema: {
        tags,
        summary: "A statement's credits and the invoice proposed for each",
        params: idParam,
        response: { 200: z.object({ items: z.array(statementLineSchema) }) },
      },
    },
    async (req) => ({ items: await listStatementLines(ctx, principal(req).officeId, req.params.id) }),
  );
  r.post(
    '/api/billing/statement-lines/:id/confirm',
    {
      schema: {
        tags,
        summary: 'Confirms a credit pays an invoice (the proposed one or another): the payment is registered',
        params: idParam,
        body: confirmLineBody,
        response: { 200: statementLineSchema },
      },
    },
    async (req) => confirmStatementLine(ctx, actorOf(principal(req)), req.params.id, req.body.invoiceId),
  );
  r.post(
    '/api/billing/statement-lines/:id/dismiss',
    {
      schema: {
        tags,
        summary: 'Marks a credit as paying no invoice',
        params: idParam,
        response: { 200: statementLineSchema },
      },
    },
    async (req) => dismissStatementLine(ctx, actorOf(principal(req)), req.params.id),
  );
}
