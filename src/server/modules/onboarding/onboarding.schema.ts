/**
 * onboarding — the first-run checklist of a new office (Primeiros passos), shown on the home page until done
 * or closed. Terms:
 * - step: one thing a new office sets up, ticked from the real state of the module that owns it (never by
 *   hand): `office` (office data with its CNPJ), `email` (its own SMTP server, and a test e-mail sent through
 *   it), `whatsapp` (WhatsApp set up), `clients` (clients imported, e.g. from CSV), `routines` (a routine on).
 * - dismissed: the office closed the checklist; it can open it again.
 */
import { z } from 'zod';
import { out } from '../../http/schemas.js';

export const onboardingStepKeys = ['office', 'email', 'whatsapp', 'clients', 'routines'] as const;

export const onboardingSchema = z.object({
  steps: z.array(z.object({ key: z.enum(onboardingStepKeys), done: z.boolean() })),
  /** Every step is done. */
  done: z.boolean(),
  /** When the office closed the checklist (null while it shows). */
  dismissedAt: out.dateTime.nullable(),
});
export type Onboarding = z.infer<typeof onboardingSchema>;

export const onboardingDismissBody = z.strictObject({
  dismissed: z.boolean().meta({ description: 'true closes the checklist, false shows it again' }),
});
