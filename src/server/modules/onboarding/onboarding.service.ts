import type { AppContext } from '../../context.js';
import { countClients } from '../clients/index.js';
import { channelSetupState } from '../messaging/index.js';
import { findOffice, onboardingDismissedAt } from '../platform/index.js';
import { countActiveRoutines } from '../routines/index.js';
import type { Onboarding } from './onboarding.schema.js';

/** The office's first-run checklist, each step ticked from the state of the module that owns it. */
export async function getOnboarding(ctx: AppContext, officeId: string): Promise<Onboarding> {
  const [office, channels, clients, routines, dismissedAt] = await Promise.all([
    findOffice(ctx.db, officeId),
    channelSetupState(ctx.db, officeId),
    countClients(ctx.db, officeId),
    countActiveRoutines(ctx.db, officeId),
    onboardingDismissedAt(ctx.db, officeId),
  ]);
  const steps: Onboarding['steps'] = [
    { key: 'office', done: Boolean(office?.name.trim() && office.cnpj) },
    { key: 'email', done: channels.emailConfigured && channels.emailTested },
    { key: 'whatsapp', done: channels.whatsappConfigured },
    { key: 'clients', done: clients > 0 },
    { key: 'routines', done: routines > 0 },
  ];
  return { steps, done: steps.every((s) => s.done), dismissedAt };
}
