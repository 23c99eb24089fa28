import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { langOf } from '../../http/problem.js';
import { routesFor } from '../../http/routes.js';
import { upcomingQuery, upcomingSchema } from './upcoming.schema.js';
import { upcoming } from './upcoming.service.js';

/** Próximos envios: what the office will send over the next days, from every module that sends. */
export function upcomingRoutes(app: FastifyInstance, ctx: AppContext) {
  const route = routesFor(app, ['upcoming']);

  route.get(
    '/api/upcoming',
    {
      summary:
        'What will go out from `from` to `to` (default: today and the next 30 days): routine occurrences with their dry run counts, collection reminders and delayed rule steps (cancel one with `POST /api/automation/runs/:id/cancel`); filters by client, channel and responsible',
      querystring: upcomingQuery,
      response: { 200: upcomingSchema },
    },
    async (req, actor) => upcoming(ctx, actor.officeId, req.query, langOf(req)),
  );
}
