import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { routesFor } from '../../http/routes.js';
import { setOnboardingDismissed } from '../platform/index.js';
import { onboardingDismissBody, onboardingSchema } from './onboarding.schema.js';
import { getOnboarding } from './onboarding.service.js';

export function onboardingRoutes(app: FastifyInstance, ctx: AppContext) {
  const route = routesFor(app, ['office']);
  route.get(
    '/api/onboarding',
    {
      summary: 'The office’s first-run checklist (Primeiros passos), each step ticked from the real state',
      response: { 200: onboardingSchema },
    },
    async (_req, actor) => getOnboarding(ctx, actor.officeId),
  );
  route.put(
    '/api/onboarding/dismissed',
    {
      access: 'admin',
      summary: 'Close the first-run checklist, or show it again',
      body: onboardingDismissBody,
      response: { 200: onboardingSchema },
    },
    async (req, actor) => {
      await setOnboardingDismissed(ctx, actor, req.body.dismissed);
      return getOnboarding(ctx, actor.officeId);
    },
  );
}
