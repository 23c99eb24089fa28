/** onboarding — the first-run checklist of a new office, computed from the lower modules' state. */
export { onboardingRoutes } from './onboarding.routes.js';
