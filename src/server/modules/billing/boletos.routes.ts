import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { principal } from '../../http/auth.js';
import { idParam } from '../../http/schemas.js';
import { actorOf } from '../platform/index.js';
import { bankAccountBody, bankAccountSchema, boletoSchema, issueBoletoBody } from './boletos.schema.js';
import {
  createBankAccount,
  getInvoiceBoleto,
  issueBoleto,
  listBankAccounts,
  updateBankAccount,
} from './boletos.service.js';

const tags = ['billing'];

/** Bank accounts (Configurações → Contas bancárias) and the boleto of an invoice. */
export function boletoRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/billing/bank-accounts',
    {
      schema: {
        tags,
        summary: "The office's bank accounts for boletos (active first, the default first)",
        response: { 200: z.object({ items: z.array(bankAccountSchema) }) },
      },
    },
    async (req) => ({ items: await listBankAccounts(ctx, principal(req).officeId) }),
  );
  r.post(
    '/api/billing/bank-accounts',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary:
          "Adds a bank account; the bank's lengths and check digits are checked (field errors in pt-BR and English)",
        body: bankAccountBody,
        response: { 201: bankAccountSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createBankAccount(ctx, actorOf(principal(req)), req.body)),
  );
  r.put(
    '/api/billing/bank-accounts/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Replaces a bank account (the nosso número sequence only moves forward; audited)',
        params: idParam,
        body: bankAccountBody,
        response: { 200: bankAccountSchema },
      },
    },
    async (req) => updateBankAccount(ctx, actorOf(principal(req)), req.params.id, req.body),
  );

  r.get(
    '/api/invoices/:id/boleto',
    {
      schema: {
        tags,
        summary: "An invoice's boleto (null when it has none)",
        params: idParam,
        response: { 200: z.object({ boleto: boletoSchema.nullable() }) },
      },
    },
    async (req) => ({ boleto: await getInvoiceBoleto(ctx, principal(req).officeId, req.params.id) }),
  );
  r.post(
    '/api/invoices/:id/boleto',
    {
      schema: {
        tags,
        summary:
          'Emitir boleto: the next nosso número of the account (default: the default account), barcode and linha digitável',
        params: idParam,
        body: issueBoletoBody,
        response: { 201: boletoSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await issueBoleto(ctx, actorOf(principal(req)), req.params.id, req.body)),
  );
}
