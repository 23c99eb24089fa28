import { automationEn } from './automation.en.js';
import { billingEn } from './billing.en.js';
import { boletosEn } from './boletos.en.js';
import { certificatesEn } from './certificates.en.js';
import { clientsEn } from './clients.en.js';
import { collectionEn } from './collection.en.js';
import { messagesEn } from './messages.en.js';
import { messagesChannelsEn } from './messages-channels.en.js';
import { onboardingEn } from './onboarding.en.js';
import { processesEn } from './processes.en.js';
import type { Dictionary } from './pt-BR.js';
import { routinesEn } from './routines.en.js';
import { runsEn } from './runs.en.js';
import { settingsEn } from './settings.en.js';
import { shellEn } from './shell.en.js';
import { tasksEn } from './tasks.en.js';
import { ticketsEn } from './tickets.en.js';
import { uiEn } from './ui.en.js';
import { upcomingEn } from './upcoming.en.js';

/**
 * Interface texts in English, composed from the per-area files exactly as pt-BR.ts composes its own.
 * Each area is typed as its pt-BR twin and the whole as `Dictionary`: a missing key is a type error.
 */
export const en: Dictionary = {
  ...shellEn,
  ...clientsEn,
  ...settingsEn,
  ...runsEn,
  ...messagesEn,
  certificates: certificatesEn,
  billing: billingEn,
  boletos: boletosEn,
  routines: routinesEn,
  collection: collectionEn,
  tickets: ticketsEn,
  messagesChannels: messagesChannelsEn,
  ui: uiEn,
  automation: automationEn,
  onboarding: onboardingEn,
  tasks: tasksEn,
  upcoming: upcomingEn,
  processes: processesEn,
};
