import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { noContent } from '../../../http/openapi.js';
import { routesFor } from '../../../http/routes.js';
import { idParam, out } from '../../../http/schemas.js';
import { civilDateField, periodField } from '../billing.schema.js';
import {
  adjustmentTables,
  applyDueAdjustments,
  previewAdjustments,
  saveAdjustmentRule,
  saveIndexRate,
  saveMinimumWage,
} from './adjustment.service.js';

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
  const route = routesFor(app, ['billing']);
  route.get(
    '/api/billing/adjustment/tables',
    {
      summary: 'Index rates recorded month by month (IPCA, IGP-M, INPC) and the salário mínimo by year',
      response: {
        200: z.object({
          rates: z.array(z.object({ index: indexCode, month: z.string(), ratePpm: z.number().int() })),
          minimumWages: z.array(z.object({ year: z.number().int(), amountCents: out.cents })),
        }),
      },
    },
    async (_req, actor) => {
      const t = await adjustmentTables(ctx, actor.officeId);
      return { rates: t.rates, minimumWages: t.minimumWages };
    },
  );
  route.put(
    '/api/billing/adjustment/rates',
    {
      access: 'admin',
      summary:
        "Records an index's variation for a month (ratePpm: hundredths of a basis point, 0.56% = 5600)",
      body: z.strictObject({
        index: indexCode,
        month: periodField,
        ratePpm: z.number().int().min(-500_000).max(500_000),
      }),
      response: { 204: noContent },
    },
    async (req, actor) => saveIndexRate(ctx, actor, req.body.index, req.body.month, req.body.ratePpm),
  );
  route.put(
    '/api/billing/adjustment/minimum-wages',
    {
      access: 'admin',
      summary: 'Records the salário mínimo of a year',
      body: z.strictObject({
        year: z.number().int().min(1994).max(2100),
        amountCents: z.number().int().min(1).max(100_000_000),
      }),
      response: { 204: noContent },
    },
    async (req, actor) => saveMinimumWage(ctx, actor, req.body.year, req.body.amountCents),
  );
  route.put(
    '/api/clients/:id/fee-contract/adjustment',
    {
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
    async (req, actor) => saveAdjustmentRule(ctx, actor, req.params.id, req.body),
  );
  route.get(
    '/api/billing/adjustment/preview',
    {
      summary:
        'The adjustments due up to a date: new values, their basis and the letter to each client (nothing applied)',
      querystring: z.object({ until: civilDateField }),
      response: { 200: z.object({ items: z.array(previewSchema) }) },
    },
    async (req, actor) => ({ items: await previewAdjustments(ctx, actor.officeId, req.query.until) }),
  );
  route.post(
    '/api/billing/adjustment/apply',
    {
      access: 'admin',
      summary: 'Applies the previewed adjustments whose anniversary has come (each once)',
      response: { 200: z.object({ applied: z.number().int() }) },
    },
    async (_req, actor) => applyDueAdjustments(ctx, actor),
  );
}
