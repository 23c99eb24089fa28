/**
 * The process's catalog: every job kind and routine kind, and the hooks lower modules call upward —
 * registered here, in one place, as graphile-worker takes its task list. A new `defineJob` or
 * `defineRoutine` does nothing until it is listed below; `test/routines/simulation-world.ts` checks the
 * routine catalog is covered by the simulation.
 */
import {
  automationSteps,
  emitMessageReceived,
  itemMoveAction,
  itemSetFieldAction,
  itemSetResponsibleAction,
  registerActionKinds,
  registerPipelineKinds,
  registerTriggerEngine,
  registerTriggerKinds,
  subscribeRuleEngine,
  triggerKinds,
  triggerSweep,
} from './modules/automation/index.js';
import { billingMonthlyFees, billingOverdueFees } from './modules/billing/index.js';
import { certidoesExpired, certificatesExpiring } from './modules/certificates/index.js';
import { clientNames, clientsDataQuality } from './modules/clients/index.js';
import {
  collectionGenerate,
  collectionInboundMedia,
  collectionListReply,
  collectionPipeline,
  collectionReminders,
  collectionSendRequests,
} from './modules/collection/index.js';
import { onRunFinished, registerJobs } from './modules/engine/index.js';
import {
  deliverMessage,
  inboundWhatsApp,
  onInboundListReply,
  onInboundMedia,
  onInboundMessage,
  runSummaryEmail,
} from './modules/messaging/index.js';
import { registerAuditNames } from './modules/platform/index.js';
import {
  clientsClassTransition,
  clientsErpImport,
  contactsBirthdays,
  registerRoutines,
  routineNames,
  routinesRun,
} from './modules/routines/index.js';
import { dailyDigest, idleAccounts } from './modules/staff/index.js';
import { stalledTickets, ticketsPipeline } from './modules/tickets/index.js';

export const jobKinds = [
  deliverMessage,
  inboundWhatsApp,
  routinesRun,
  clientsDataQuality,
  collectionGenerate,
  collectionSendRequests,
  collectionReminders,
  automationSteps,
  triggerSweep,
];

export const routineKinds = [
  certificatesExpiring,
  certidoesExpired,
  billingMonthlyFees,
  billingOverdueFees,
  contactsBirthdays,
  clientsClassTransition,
  clientsErpImport,
  idleAccounts,
  dailyDigest,
  stalledTickets,
];

let registered = false;

/** Registers the catalog in this process; later calls do nothing. */
export function registerCatalog(): void {
  if (registered) return;
  registered = true;
  registerJobs(jobKinds);
  registerRoutines(routineKinds);
  onRunFinished(runSummaryEmail);
  onInboundMedia(collectionInboundMedia);
  onInboundListReply(collectionListReply);
  registerAuditNames('client', clientNames);
  registerAuditNames('routine', routineNames);
  // Automações: the rule engine, its pipelines and actions.
  subscribeRuleEngine();
  registerPipelineKinds([ticketsPipeline]);
  registerActionKinds([itemMoveAction, itemSetFieldAction, itemSetResponsibleAction]);
  // Automações (auto-triggers): the collection pipeline, the trigger kinds and their engine, "the client
  // replied" from messaging's inbound hook.
  registerPipelineKinds([collectionPipeline]);
  registerTriggerKinds(triggerKinds);
  registerTriggerEngine();
  onInboundMessage(emitMessageReceived);
}
