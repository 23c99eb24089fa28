import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { principal } from '../../http/auth.js';
import { langOf } from '../../http/problem.js';
import { upcomingQuery, upcomingSchema } from './upcoming.schema.js';
import { upcoming } from './upcoming.service.js';

/** Próximos envios: what the office will send over the next days, from every module that sends. */
export function upcomingRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/upcoming',
    {
      schema: {
        tags: ['upcoming'],
        summary:
          'What will go out from `from` to `to` (default: today and the next 30 days): routine occurrences with their dry run counts, collection reminders and delayed rule steps (cancel one with `POST /api/automation/runs/:id/cancel`); filters by client, channel and responsible',
        querystring: upcomingQuery,
        response: { 200: upcomingSchema },
      },
    },
    async (req) => upcoming(ctx, principal(req).officeId, req.query, langOf(req)),
  );
}
