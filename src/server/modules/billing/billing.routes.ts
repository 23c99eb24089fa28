import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { principal } from '../../http/auth.js';
import { fileResponse } from '../../http/openapi.js';
import { idParam, listQuery, pageOf, queryBool } from '../../http/schemas.js';
import { actorOf } from '../platform/index.js';
import { adjustmentRoutes } from './adjustment/adjustment.routes.js';
import {
  arrearsSchema,
  billingSummarySchema,
  cancelInvoiceBody,
  createInvoiceBody,
  feeContractBody,
  feeContractSchema,
  invoicePaymentSchema,
  invoiceSchema,
  invoiceSortable,
  invoiceStatus,
  payInvoiceBody,
  periodField,
  pixSettingsBody,
  pixSettingsSchema,
} from './billing.schema.js';
import {
  cancelInvoice,
  createInvoice,
  getBillingSummary,
  getInvoice,
  getPixSettings,
  invoicePdf,
  listArrears,
  listInvoices,
  saveFeeContract,
  savePixSettings,
} from './billing.service.js';
import { boletoRoutes } from './boletos.routes.js';
import { cnabRoutes } from './cnab/cnab.routes.js';
import { listPayments, payInvoice } from './payments.service.js';
import { reconcileRoutes } from './reconcile/reconcile.routes.js';

const tags = ['billing'];

export function billingRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  boletoRoutes(app, ctx);

  // ------------------------------------------------------------ office PIX settings (admin)
  r.get(
    '/api/billing/settings',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "The office's PIX receiving settings (null when not set up)",
        response: { 200: z.object({ settings: pixSettingsSchema.nullable() }) },
      },
    },
    async (req) => ({ settings: await getPixSettings(ctx, principal(req).officeId) }),
  );
  r.put(
    '/api/billing/settings',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary:
          "Sets the office's PIX key, merchant name (≤ 25) and city (≤ 15), checked against the BR Code rules",
        body: pixSettingsBody,
        response: { 200: pixSettingsSchema },
      },
    },
    async (req) => savePixSettings(ctx, actorOf(principal(req)), req.body),
  );

  // ------------------------------------------------------------ a client's fees
  r.get(
    '/api/clients/:id/billing',
    {
      schema: {
        tags,
        summary: "A client's fee contract and billing summary (in arrears, open and overdue totals)",
        params: idParam,
        response: { 200: billingSummarySchema },
      },
    },
    async (req) => getBillingSummary(ctx, principal(req).officeId, req.params.id),
  );
  r.put(
    '/api/clients/:id/fee-contract',
    {
      schema: {
        tags,
        summary: "Creates or replaces a client's fee contract (audited)",
        params: idParam,
        body: feeContractBody,
        response: { 200: feeContractSchema },
      },
    },
    async (req) => saveFeeContract(ctx, actorOf(principal(req)), req.params.id, req.body),
  );
  r.post(
    '/api/clients/:id/invoices',
    {
      schema: {
        tags,
        summary: "Generates a client's invoice for a competência (409 if it has one)",
        params: idParam,
        body: createInvoiceBody,
        response: { 201: invoiceSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createInvoice(ctx, actorOf(principal(req)), req.params.id, req.body)),
  );

  // ------------------------------------------------------------ invoices
  r.get(
    '/api/invoices',
    {
      schema: {
        tags,
        summary:
          'Invoices (paged, sorted; filter by client, status — overdue is open and past due — competência, clients in arrears)',
        querystring: listQuery(invoiceSortable, 'dueDate').extend({
          clientId: z.uuid().optional(),
          status: invoiceStatus.optional(),
          period: periodField.optional(),
          inArrears: queryBool.optional(),
        }),
        response: { 200: pageOf(invoiceSchema) },
      },
    },
    async (req) => listInvoices(ctx, principal(req).officeId, req.query),
  );
  r.get(
    '/api/billing/arrears',
    {
      schema: {
        tags,
        summary: 'Clients in arrears, the oldest debt first',
        response: { 200: z.object({ items: z.array(arrearsSchema) }) },
      },
    },
    async (req) => ({ items: await listArrears(ctx, principal(req).officeId) }),
  );
  r.get(
    '/api/invoices/:id',
    { schema: { tags, summary: 'One invoice', params: idParam, response: { 200: invoiceSchema } } },
    async (req) => getInvoice(ctx, principal(req).officeId, req.params.id),
  );
  r.get(
    '/api/invoices/:id/pdf',
    {
      schema: {
        tags,
        summary:
          'The invoice as PDF: office, client, competência, due date, amount, PIX QR code and copia e cola',
        params: idParam,
        produces: ['application/pdf'],
        response: { 200: fileResponse('application/pdf', 'The invoice as PDF') },
      },
    },
    async (req, reply) => {
      const { pdf, filename } = await invoicePdf(ctx, principal(req).officeId, req.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${filename}"`)
        .header('cache-control', 'private, no-cache')
        .send(pdf);
    },
  );
  r.post(
    '/api/invoices/:id/pay',
    {
      schema: {
        tags,
        summary:
          'Baixa manual: registers a payment of an open invoice (default: what is left of it); less than that leaves it open, flagged partial',
        params: idParam,
        body: payInvoiceBody,
        response: { 200: invoiceSchema },
      },
    },
    async (req) => payInvoice(ctx, actorOf(principal(req)), req.params.id, req.body),
  );
  r.get(
    '/api/invoices/:id/payments',
    {
      schema: {
        tags,
        summary:
          "An invoice's payments (manual, retorno, statement): partial, full, overpaid, or a duplicate to refund",
        params: idParam,
        response: { 200: z.object({ items: z.array(invoicePaymentSchema) }) },
      },
    },
    async (req) => ({ items: await listPayments(ctx, principal(req).officeId, req.params.id) }),
  );
  r.post(
    '/api/invoices/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancels an open invoice (its competência stays taken)',
        params: idParam,
        body: cancelInvoiceBody,
        response: { 200: invoiceSchema },
      },
    },
    async (req) => cancelInvoice(ctx, actorOf(principal(req)), req.params.id, req.body.reason),
  );
  cnabRoutes(app, ctx);
  reconcileRoutes(app, ctx);
  adjustmentRoutes(app, ctx);
}
