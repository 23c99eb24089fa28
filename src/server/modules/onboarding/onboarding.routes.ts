import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { principal } from '../../http/auth.js';
import { actorOf, setOnboardingDismissed } from '../platform/index.js';
import { onboardingDismissBody, onboardingSchema } from './onboarding.schema.js';
import { getOnboarding } from './onboarding.service.js';

export function onboardingRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/onboarding',
    {
      schema: {
        tags: ['office'],
        summary: 'The office’s first-run checklist (Primeiros passos), each step ticked from the real state',
        response: { 200: onboardingSchema },
      },
    },
    async (req) => getOnboarding(ctx, principal(req).officeId),
  );
  r.put(
    '/api/onboarding/dismissed',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['office'],
        summary: 'Close the first-run checklist, or show it again',
        body: onboardingDismissBody,
        response: { 200: onboardingSchema },
      },
    },
    async (req) => {
      const p = principal(req);
      await setOnboardingDismissed(ctx, actorOf(p), req.body.dismissed);
      return getOnboarding(ctx, p.officeId);
    },
  );
}
