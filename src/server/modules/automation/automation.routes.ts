import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { principal } from '../../http/auth.js';
import { langOf } from '../../http/problem.js';
import { actorOf } from '../platform/index.js';
import { builtinRulesSchema, putBuiltinRulesBody } from './automation.schema.js';
import { listBuiltinRules, setBuiltinRules } from './builtin-rules.js';

export function automationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/automation/builtin-rules',
    {
      schema: {
        tags: ['automation'],
        summary: 'The built-in rules (e.g. tickets.status-email) and whether each is on in the office',
        response: { 200: builtinRulesSchema },
      },
    },
    async (req) => ({ items: await listBuiltinRules(ctx, principal(req).officeId, langOf(req)) }),
  );

  r.put(
    '/api/automation/builtin-rules',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['automation'],
        summary: 'Switch built-in rules on or off (rules not listed keep their setting)',
        body: putBuiltinRulesBody,
        response: { 200: builtinRulesSchema },
      },
    },
    async (req) => {
      const p = principal(req);
      await setBuiltinRules(ctx, actorOf(p), req.body.items);
      return { items: await listBuiltinRules(ctx, p.officeId, langOf(req)) };
    },
  );
}
