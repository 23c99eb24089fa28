import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { fileDownload } from '../../http/downloads.js';
import { routesFor } from '../../http/routes.js';
import { idParam, listQuery, pageOf, queryBool } from '../../http/schemas.js';
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

export function billingRoutes(app: FastifyInstance, ctx: AppContext) {
  const route = routesFor(app, ['billing']);
  boletoRoutes(app, ctx);

  // ------------------------------------------------------------ office PIX settings (admin)
  route.get(
    '/api/billing/settings',
    {
      access: 'admin',
      summary: "The office's PIX receiving settings (null when not set up)",
      response: { 200: z.object({ settings: pixSettingsSchema.nullable() }) },
    },
    async (_req, actor) => ({ settings: await getPixSettings(ctx, actor.officeId) }),
  );
  route.put(
    '/api/billing/settings',
    {
      access: 'admin',
      summary:
        "Sets the office's PIX key, merchant name (≤ 25) and city (≤ 15), checked against the BR Code rules",
      body: pixSettingsBody,
      response: { 200: pixSettingsSchema },
    },
    async (req, actor) => savePixSettings(ctx, actor, req.body),
  );

  // ------------------------------------------------------------ a client's fees
  route.get(
    '/api/clients/:id/billing',
    {
      summary: "A client's fee contract and billing summary (in arrears, open and overdue totals)",
      params: idParam,
      response: { 200: billingSummarySchema },
    },
    async (req, actor) => getBillingSummary(ctx, actor.officeId, req.params.id),
  );
  route.put(
    '/api/clients/:id/fee-contract',
    {
      summary: "Creates or replaces a client's fee contract (audited)",
      params: idParam,
      body: feeContractBody,
      response: { 200: feeContractSchema },
    },
    async (req, actor) => saveFeeContract(ctx, actor, req.params.id, req.body),
  );
  route.post(
    '/api/clients/:id/invoices',
    {
      summary: "Generates a client's invoice for a competência (409 if it has one)",
      params: idParam,
      body: createInvoiceBody,
      response: { 201: invoiceSchema },
    },
    async (req, actor) => createInvoice(ctx, actor, req.params.id, req.body),
  );

  // ------------------------------------------------------------ invoices
  route.get(
    '/api/invoices',
    {
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
    async (req, actor) => listInvoices(ctx, actor.officeId, req.query),
  );
  route.get(
    '/api/billing/arrears',
    {
      summary: 'Clients in arrears, the oldest debt first',
      response: { 200: z.object({ items: z.array(arrearsSchema) }) },
    },
    async (_req, actor) => ({ items: await listArrears(ctx, actor.officeId) }),
  );
  route.get(
    '/api/invoices/:id',
    { summary: 'One invoice', params: idParam, response: { 200: invoiceSchema } },
    async (req, actor) => getInvoice(ctx, actor.officeId, req.params.id),
  );
  route.get(
    '/api/invoices/:id/pdf',
    {
      summary:
        'The invoice as PDF: office, client, competência, due date, amount, PIX QR code and copia e cola',
      params: idParam,
      ...fileDownload('application/pdf', 'The invoice as PDF'),
    },
    async (req, actor, reply) => {
      const { pdf, filename } = await invoicePdf(ctx, actor.officeId, req.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${filename}"`)
        .header('cache-control', 'private, no-cache')
        .send(pdf);
    },
  );
  route.post(
    '/api/invoices/:id/pay',
    {
      summary:
        'Baixa manual: registers a payment of an open invoice (default: what is left of it); less than that leaves it open, flagged partial',
      params: idParam,
      body: payInvoiceBody,
      response: { 200: invoiceSchema },
    },
    async (req, actor) => payInvoice(ctx, actor, req.params.id, req.body),
  );
  route.get(
    '/api/invoices/:id/payments',
    {
      summary:
        "An invoice's payments (manual, retorno, statement): partial, full, overpaid, or a duplicate to refund",
      params: idParam,
      response: { 200: z.object({ items: z.array(invoicePaymentSchema) }) },
    },
    async (req, actor) => ({ items: await listPayments(ctx, actor.officeId, req.params.id) }),
  );
  route.post(
    '/api/invoices/:id/cancel',
    {
      summary: 'Cancels an open invoice (its competência stays taken)',
      params: idParam,
      body: cancelInvoiceBody,
      response: { 200: invoiceSchema },
    },
    async (req, actor) => cancelInvoice(ctx, actor, req.params.id, req.body.reason),
  );
  cnabRoutes(app, ctx);
  reconcileRoutes(app, ctx);
  adjustmentRoutes(app, ctx);
}
