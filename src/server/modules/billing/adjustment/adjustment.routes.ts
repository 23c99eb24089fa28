import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { principal } from '../../../http/auth.js';
import { noContent } from '../../../http/openapi.js';
import { idParam, out } from '../../../http/schemas.js';
import { actorOf } from '../../platform/index.js';
import { civilDateField, periodField } from '../billing.schema.js';
import {
  adjustmentTables,
  applyDueAdjustments,
  previewAdjustments,
  saveAdjustmentRule,
  saveIndexRate,
  saveMinimumWage,
} from './adjustment.service.js';

const tags = ['billing'];
const indexCode = z.enum(['IPCA', 'IGPM', 'INPC']);
const words = z.object({ subject: z.string(), body: z.string() });

const previewSchema = z.object({
  id: z.string().nullable(),
  contractId: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  effectiveOn: out.date,
  method: z.enum(['index', 'percentage', 'minimum_wage']),
  oldAmountCents: out.cents,
  newAmountCents: out.cents.nullable(),
  missing: z.array(z.string()),
  status: z.enum(['previewed', 'letter_sent', 'applied', 'cancelled', 'incomplete']),
  letter: words.nullable(),
});

/** The yearly fee adjustment: index tables, the salário mínimo, each contract's rule, preview and apply. */
export function adjustmentRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/billing/adjustment/tables',
    {
      schema: {
        tags,
        summary: 'Index rates recorded month by month (IPCA, IGP-M, INPC) and the salário mínimo by year',
        response: {
          200: z.object({
            rates: z.array(z.object({ index: indexCode, month: z.string(), ratePpm: z.number().int() })),
            minimumWages: z.array(z.object({ year: z.number().int(), amountCents: out.cents })),
          }),
        },
      },
    },
    async (req) => {
      const t = await adjustmentTables(ctx, principal(req).officeId);
      return { rates: t.rates, minimumWages: t.minimumWages };
    },
  );
  r.put(
    '/api/billing/adjustment/rates',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary:
          "Records an index's variation for a month (ratePpm: hundredths of a basis point, 0.56% = 5600)",
        body: z.strictObject({
          index: indexCode,
          month: periodField,
          ratePpm: z.number().int().min(-500_000).max(500_000),
        }),
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await saveIndexRate(ctx, actorOf(principal(req)), req.body.index, req.body.month, req.body.ratePpm);
      return reply.status(204).send();
    },
  );
  r.put(
    '/api/billing/adjustment/minimum-wages',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Records the salário mínimo of a year',
        body: z.strictObject({
          year: z.number().int().min(1994).max(2100),
          amountCents: z.number().int().min(1).max(100_000_000),
        }),
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await saveMinimumWage(ctx, actorOf(principal(req)), req.body.year, req.body.amountCents);
      return reply.status(204).send();
    },
  );
  r.put(
    '/api/clients/:id/fee-contract/adjustment',
    {
      schema: {
        tags,
        summary: "Sets how a client's contract is adjusted each year on its anniversary",
        params: idParam,
        body: z.strictObject({
          method: z.enum(['index', 'percentage', 'minimum_wage']),
          index: indexCode.optional(),
          bp: z.number().int().min(-10_000).max(100_000).optional(),
          mwMultiple: z.number().int().min(1).max(1_000_000).optional(),
        }),
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await saveAdjustmentRule(ctx, actorOf(principal(req)), req.params.id, req.body);
      return reply.status(204).send();
    },
  );
  r.get(
    '/api/billing/adjustment/preview',
    {
      schema: {
        tags,
        summary:
          'The adjustments due up to a date: new values, their basis and the letter to each client (nothing applied)',
        querystring: z.object({ until: civilDateField }),
        response: { 200: z.object({ items: z.array(previewSchema) }) },
      },
    },
    async (req) => ({ items: await previewAdjustments(ctx, principal(req).officeId, req.query.until) }),
  );
  r.post(
    '/api/billing/adjustment/apply',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Applies the previewed adjustments whose anniversary has come (each once)',
        response: { 200: z.object({ applied: z.number().int() }) },
      },
    },
    async (req) => applyDueAdjustments(ctx, actorOf(principal(req))),
  );
}
