import { automationPtBR } from './automation.pt-BR.js';
import { billingPtBR } from './billing.pt-BR.js';
import { boletosPtBR } from './boletos.pt-BR.js';
import { certificatesPtBR } from './certificates.pt-BR.js';
import { clientsPtBR } from './clients.pt-BR.js';
import { collectionPtBR } from './collection.pt-BR.js';
import { messagesPtBR } from './messages.pt-BR.js';
import { messagesChannelsPtBR } from './messages-channels.pt-BR.js';
import { onboardingPtBR } from './onboarding.pt-BR.js';
import { processesPtBR } from './processes.pt-BR.js';
import { routinesPtBR } from './routines.pt-BR.js';
import { runsPtBR } from './runs.pt-BR.js';
import { settingsPtBR } from './settings.pt-BR.js';
import { shellPtBR } from './shell.pt-BR.js';
import { tasksPtBR } from './tasks.pt-BR.js';
import { ticketsPtBR } from './tickets.pt-BR.js';
import { uiPtBR } from './ui.pt-BR.js';
import { upcomingPtBR } from './upcoming.pt-BR.js';

/**
 * Interface texts in Brazilian Portuguese — the default language and the shape every language follows.
 *
 * Each area keeps its texts in `<area>.pt-BR.ts` beside `<area>.en.ts` (typed `typeof <area>PtBR`, so a
 * missing English key is a type error). Areas with one screen group nest under their own key
 * (`t.billing`, `t.routines`); the older areas are spread, so their keys stay at the top (`t.clients`,
 * `t.runs`, `t.common`).
 */
export const ptBR = {
  ...shellPtBR,
  ...clientsPtBR,
  ...settingsPtBR,
  ...runsPtBR,
  ...messagesPtBR,
  certificates: certificatesPtBR,
  billing: billingPtBR,
  boletos: boletosPtBR,
  routines: routinesPtBR,
  collection: collectionPtBR,
  tickets: ticketsPtBR,
  messagesChannels: messagesChannelsPtBR,
  ui: uiPtBR,
  automation: automationPtBR,
  onboarding: onboardingPtBR,
  tasks: tasksPtBR,
  upcoming: upcomingPtBR,
  processes: processesPtBR,
};

export type Dictionary = typeof ptBR;
