import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { pendingMigrations } from '../db/migrate.js';
import { HttpError } from './errors.js';
import { problemSchema } from './schemas.js';

const ok = z.object({ status: z.literal('ok') });
/** A problem document (`http.not_ready`) that also says what is missing. */
const notReady = problemSchema.extend({
  /** What is missing: `database` (unreachable) or `migrations` (the schema is behind this build). */
  reason: z.enum(['database', 'migrations']),
  /** The migrations not yet applied, when that is the reason. */
  pending: z.array(z.string()).optional(),
});

/**
 * Health checks for load balancers and orchestrators (docs/operations.md):
 * - `GET /api/health/live`: the process answers (no I/O; restart it if this fails);
 * - `GET /api/health/ready`: it can serve: the database answers and every migration this build knows is
 *   applied (503 otherwise; send it no traffic yet);
 * - `GET /api/health`: the older check (a query on the database), kept for existing monitors.
 */
export function registerHealth(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/health/live',
    {
      config: { access: 'public' },
      schema: { tags: ['health'], summary: 'Liveness: the process answers', response: { 200: ok } },
    },
    async () => ({ status: 'ok' as const }),
  );
  r.get(
    '/api/health/ready',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database answers and its schema is up to date',
        response: {
          200: ok,
          503: {
            description: 'Not ready: what is missing',
            content: { 'application/problem+json': { schema: notReady } },
          },
        },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      let pending: string[];
      try {
        pending = await pendingMigrations(ctx.db);
      } catch (err) {
        req.log.warn({ err }, 'readiness: the database does not answer');
        throw new HttpError('not_ready', { params: { reason: 'database' }, extra: { reason: 'database' } });
      }
      if (pending.length) {
        throw new HttpError('not_ready', {
          params: { reason: 'migrations' },
          extra: { reason: 'migrations', pending },
        });
      }
      return { status: 'ok' as const };
    },
  );
  r.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: { tags: ['health'], summary: 'Liveness and database check', response: { 200: ok } },
    },
    async () => {
      await ctx.db.selectFrom('offices').select('id').limit(1).execute();
      return { status: 'ok' as const };
    },
  );
}
