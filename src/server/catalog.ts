/**
 * The process's catalog: every job kind and routine kind, and the hooks lower modules call upward —
 * registered here, in one place, as graphile-worker takes its task list. A new `defineJob` or
 * `defineRoutine` does nothing until it is listed below; `test/routines/simulation-world.ts` checks the
 * routine catalog is covered by the simulation.
 */
import {
  type ActionKind,
  automationSteps,
  createDocumentAction,
  emitMessageReceived,
  itemMoveAction,
  itemSetFieldAction,
  itemSetResponsibleAction,
  lastMessageAction,
  notifyStaffAction,
  registerActionKinds,
  registerPipelineKinds,
  registerTemplateVars,
  registerTriggerEngine,
  registerTriggerKinds,
  sendEmailAction,
  sendSmsAction,
  sendWhatsAppAction,
  subscribeRuleEngine,
  triggerKinds,
  triggerSweep,
  webhookAction,
} from './modules/automation/index.js';
import {
  billingFeeAdjustment,
  billingMonthlyFees,
  billingOverdueFees,
  createInvoiceAction,
  openInvoicesAction,
} from './modules/billing/index.js';
import { certidoesExpired, certificatesExpiring } from './modules/certificates/index.js';
import { clientNames, clientsDataQuality } from './modules/clients/index.js';
import {
  collectionGenerate,
  collectionGenerateOnce,
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
import { onOfficeCreated, registerAuditNames } from './modules/platform/index.js';
import { processPipeline } from './modules/processes/index.js';
import {
  clientsClassTransition,
  clientsErpImport,
  contactsBirthdays,
  registerRoutines,
  routineNames,
  routinesRun,
} from './modules/routines/index.js';
import { dailyDigest, idleAccounts } from './modules/staff/index.js';
import { createTaskAction } from './modules/tasks/index.js';
import {
  seedStatusEmailRules,
  stalledTickets,
  statusChangedVars,
  ticketsPipeline,
} from './modules/tickets/index.js';

export const jobKinds = [
  deliverMessage,
  inboundWhatsApp,
  routinesRun,
  clientsDataQuality,
  collectionGenerate,
  collectionGenerateOnce,
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
  billingFeeAdjustment,
  contactsBirthdays,
  clientsClassTransition,
  clientsErpImport,
  idleAccounts,
  dailyDigest,
  stalledTickets,
];

/** The actions of Automações' rules. */
const actionKinds = [
  itemMoveAction,
  itemSetFieldAction,
  itemSetResponsibleAction,
  createTaskAction,
  sendEmailAction,
  sendWhatsAppAction,
  sendSmsAction,
  notifyStaffAction,
  createDocumentAction,
  webhookAction,
  lastMessageAction,
  createInvoiceAction,
  openInvoicesAction,
];

let registered = false;

/** Registers the catalog in this process; later calls do nothing. */
export function registerCatalog(): void {
  if (registered) return;
  registered = true;
  registerJobs(jobKinds);
  registerRoutines(routineKinds);
  registerActionKinds(actionKinds as ActionKind<unknown>[]);
  registerTemplateVars([statusChangedVars]);
  onRunFinished(runSummaryEmail);
  onInboundMedia(collectionInboundMedia);
  onInboundListReply(collectionListReply);
  registerAuditNames('client', clientNames);
  registerAuditNames('routine', routineNames);
  // Automações: the rule engine, its pipelines, trigger kinds and their engine, and "the client replied"
  // from messaging's inbound hook.
  subscribeRuleEngine();
  registerPipelineKinds([ticketsPipeline, collectionPipeline, processPipeline]);
  // Every new office gets the ticket status e-mail as normal, editable rules of the tickets pipeline.
  onOfficeCreated('tickets.status-email', seedStatusEmailRules);
  registerTriggerKinds(triggerKinds);
  registerTriggerEngine();
  onInboundMessage(emitMessageReceived);
}
