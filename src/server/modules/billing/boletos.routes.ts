import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { routesFor } from '../../http/routes.js';
import { idParam } from '../../http/schemas.js';
import { bankAccountBody, bankAccountSchema, boletoSchema, issueBoletoBody } from './boletos.schema.js';
import {
  createBankAccount,
  getInvoiceBoleto,
  issueBoleto,
  listBankAccounts,
  updateBankAccount,
} from './boletos.service.js';

/** Bank accounts (Configurações → Contas bancárias) and the boleto of an invoice. */
export function boletoRoutes(app: FastifyInstance, ctx: AppContext) {
  const route = routesFor(app, ['billing']);

  route.get(
    '/api/billing/bank-accounts',
    {
      summary: "The office's bank accounts for boletos (active first, the default first)",
      response: { 200: z.object({ items: z.array(bankAccountSchema) }) },
    },
    async (_req, actor) => ({ items: await listBankAccounts(ctx, actor.officeId) }),
  );
  route.post(
    '/api/billing/bank-accounts',
    {
      access: 'admin',
      summary:
        "Adds a bank account; the bank's lengths and check digits are checked (field errors in pt-BR and English)",
      body: bankAccountBody,
      response: { 201: bankAccountSchema },
    },
    async (req, actor) => createBankAccount(ctx, actor, req.body),
  );
  route.put(
    '/api/billing/bank-accounts/:id',
    {
      access: 'admin',
      summary: 'Replaces a bank account (the nosso número sequence only moves forward; audited)',
      params: idParam,
      body: bankAccountBody,
      response: { 200: bankAccountSchema },
    },
    async (req, actor) => updateBankAccount(ctx, actor, req.params.id, req.body),
  );

  route.get(
    '/api/invoices/:id/boleto',
    {
      summary: "An invoice's boleto (null when it has none)",
      params: idParam,
      response: { 200: z.object({ boleto: boletoSchema.nullable() }) },
    },
    async (req, actor) => ({ boleto: await getInvoiceBoleto(ctx, actor.officeId, req.params.id) }),
  );
  route.post(
    '/api/invoices/:id/boleto',
    {
      summary:
        'Emitir boleto: the next nosso número of the account (default: the default account), barcode and linha digitável',
      params: idParam,
      body: issueBoletoBody,
      response: { 201: boletoSchema },
    },
    async (req, actor) => issueBoleto(ctx, actor, req.params.id, req.body),
  );
}
