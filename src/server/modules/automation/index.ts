/**
 * automation — events, in-process subscribers and built-in rules (a minimal first cut of the rule engine
 * the architecture describes: pipelines, user-defined rules and triggers come later, on these tables).
 */

// ---- auto-actions: the actions of rules (client, staff, documents, auxiliary, own) and their helpers
export {
  checkLiquid,
  renderRule,
  ruleContext,
  withOffice,
} from './actions/action-vars.js';
export { createDocumentAction } from './actions/document.action.js';
export { storeRunDocument } from './actions/documents.repo.js';
export { automationDocumentRoutes } from './actions/documents.routes.js';
export { lastMessageAction } from './actions/last-message.action.js';
export { sendEmailAction, sendSmsAction, sendWhatsAppAction } from './actions/message.action.js';
export { notifyStaffAction } from './actions/staff-notify.action.js';
export { registerTemplateVars, type TemplateVarsProvider } from './actions/template-vars.js';
export { webhookAction } from './actions/webhook.action.js';
export { automationRoutes } from './automation.routes.js';
export * from './automation.schema.js';
export { defineBuiltinRule } from './builtin-rules.js';
export {
  type AppEvent,
  emitEvent,
  type SubscriberOutcome,
} from './events.js';
export * from './registry.js';
