import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { principal } from '../../http/auth.js';
import { langOf } from '../../http/problem.js';
import { routesFor } from '../../http/routes.js';
import { actorOf } from '../platform/index.js';
import { builtinRulesSchema, putBuiltinRulesBody } from './automation.schema.js';
import { listBuiltinRules, setBuiltinRules } from './builtin-rules.js';

export function automationRoutes(app: FastifyInstance, ctx: AppContext) {
  const route = routesFor(app, ['automation']);

  route.get(
    '/api/automation/builtin-rules',
    {
      summary: 'The built-in rules (e.g. tickets.status-email) and whether each is on in the office',
      response: { 200: builtinRulesSchema },
    },
    async (req, actor) => ({ items: await listBuiltinRules(ctx, actor.officeId, langOf(req)) }),
  );

  route.put(
    '/api/automation/builtin-rules',
    {
      access: 'admin',
      summary: 'Switch built-in rules on or off (rules not listed keep their setting)',
      body: putBuiltinRulesBody,
      response: { 200: builtinRulesSchema },
    },
    async (req) => {
      const p = principal(req);
      await setBuiltinRules(ctx, actorOf(p), req.body.items);
      return { items: await listBuiltinRules(ctx, p.officeId, langOf(req)) };
    },
  );
}
