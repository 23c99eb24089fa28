import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { idParam } from '../../../http/schemas.js';
import { type BillingRoutes, oneFileRoutes, uploadedFile } from '../uploaded-file.js';
import { confirmLineBody, statementImportSchema, statementLineSchema } from './reconcile.schema.js';
import {
  confirmStatementLine,
  dismissStatementLine,
  importStatement,
  listStatementLines,
  listStatements,
  STATEMENT_MAX_BYTES,
} from './reconcile.service.js';

/** Reconciliation by OFX statement: upload, the proposals, confirm or dismiss each. Multipart in its own scope. */
export function reconcileRoutes(app: FastifyInstance, ctx: AppContext) {
  oneFileRoutes(app, STATEMENT_MAX_BYTES, (route) => routes(route, ctx));
}

function routes(route: BillingRoutes, ctx: AppContext) {
  route.post(
    '/api/billing/statements',
    {
      summary:
        'Takes an OFX bank statement (multipart/form-data, one file; not OFX → 422): each credit recorded once with the invoice proposed for it (txid, nosso número, or amount and date)',
      consumes: ['multipart/form-data'],
      response: { 201: statementImportSchema },
    },
    async (req, actor) => importStatement(ctx, actor, await uploadedFile(req, 'extrato.ofx')),
  );
  route.get(
    '/api/billing/statements',
    {
      summary: 'Statements taken, newest first',
      response: { 200: z.object({ items: z.array(statementImportSchema) }) },
    },
    async (_req, actor) => ({ items: await listStatements(ctx, actor.officeId) }),
  );
  route.get(
    '/api/billing/statements/:id/lines',
    {
      summary: "A statement's credits and the invoice proposed for each",
      params: idParam,
      response: { 200: z.object({ items: z.array(statementLineSchema) }) },
    },
    async (req, actor) => ({ items: await listStatementLines(ctx, actor.officeId, req.params.id) }),
  );
  route.post(
    '/api/billing/statement-lines/:id/confirm',
    {
      summary: 'Confirms a credit pays an invoice (the proposed one or another): the payment is registered',
      params: idParam,
      body: confirmLineBody,
      response: { 200: statementLineSchema },
    },
    async (req, actor) => confirmStatementLine(ctx, actor, req.params.id, req.body.invoiceId),
  );
  route.post(
    '/api/billing/statement-lines/:id/dismiss',
    {
      summary: 'Marks a credit as paying no invoice',
      params: idParam,
      response: { 200: statementLineSchema },
    },
    async (req, actor) => dismissStatementLine(ctx, actor, req.params.id),
  );
}
