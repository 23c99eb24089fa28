/**
 * automation — events, in-process subscribers and built-in rules; the rule engine (pipelines, rules with
 * versions, entries and runs, delays, conditions, the loop guard) and its registries.
 */

// ---- auto-actions: the actions of rules (client, staff, documents, auxiliary, own) and their helpers
export { actionKindOf } from './actions/action-texts.js';
export {
  checkLiquid,
  renderRule,
  ruleContext,
  withOffice,
} from './actions/action-vars.js';
export { createDocumentAction } from './actions/document.action.js';
export { storeRunDocument } from './actions/documents.repo.js';
export { automationDocumentRoutes } from './actions/documents.routes.js';
export { itemMoveAction } from './actions/item-move.action.js';
export { itemSetFieldAction } from './actions/item-set-field.action.js';
export { itemSetResponsibleAction } from './actions/item-set-responsible.action.js';
export { lastMessageAction } from './actions/last-message.action.js';
export { sendEmailAction, sendSmsAction, sendWhatsAppAction } from './actions/message.action.js';
export {
  drawOfficeHeader,
  PDF_ACCENT,
  PDF_INK,
  PDF_MUTED,
  type PdfOffice,
} from './actions/pdf-header.js';
export { notifyStaffAction } from './actions/staff-notify.action.js';
export { registerTemplateVars, type TemplateVarsProvider } from './actions/template-vars.js';
export { webhookAction } from './actions/webhook.action.js';
export { automationRoutes } from './automation.routes.js';
export * from './automation.schema.js';
export {
  type AppEvent,
  emitEvent,
  emitEvents,
  type SubscriberOutcome,
} from './events.js';
export * from './registry.js';
export { rulesRoutes } from './rules/rules.routes.js';
export { type SeedRule, seedPublishedRules } from './rules/seed-rules.js';
export {
  type EnterResult,
  RULE_ENGINE_KEY,
  subscribeRuleEngine,
} from './runs/stage-entered.js';
export { automationSteps, drainOffice } from './runs/steps.job.js';
export { upcomingSteps } from './runs/upcoming-steps.js';
// Automações — triggers (gatilhos), the incoming webhook and the daily sweep.
export { emitMessageReceived } from './triggers/message-received.js';
export { runTriggerSweep, triggerSweep } from './triggers/sweep.job.js';
export { registerTriggerEngine } from './triggers/trigger-engine.js';
export { triggerKinds } from './triggers/trigger-kinds.js';
export { triggersRoutes } from './triggers/triggers.routes.js';
