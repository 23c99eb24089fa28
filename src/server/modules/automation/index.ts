/**
 * automation — events, in-process subscribers and built-in rules; the rule engine (pipelines, rules with
 * versions, entries and runs, delays, conditions, the loop guard) and its registries.
 */

export { itemMoveAction } from './actions/item-move.action.js';
export { itemSetFieldAction } from './actions/item-set-field.action.js';
export { itemSetResponsibleAction } from './actions/item-set-responsible.action.js';
export { automationRoutes } from './automation.routes.js';
export * from './automation.schema.js';
export { defineBuiltinRule } from './builtin-rules.js';
export {
  type AppEvent,
  emitEvent,
  type SubscriberOutcome,
} from './events.js';
export * from './registry.js';
export { rulesRoutes } from './rules/rules.routes.js';
export { pendingSteps } from './runs/runs.service.js';
export { subscribeRuleEngine } from './runs/stage-entered.js';
export { automationSteps, drainOffice } from './runs/steps.job.js';
// Automações — triggers (gatilhos), the incoming webhook and the daily sweep.
export { emitMessageReceived } from './triggers/message-received.js';
export { runTriggerSweep, triggerSweep } from './triggers/sweep.job.js';
export { registerTriggerEngine } from './triggers/trigger-engine.js';
export { triggerKinds } from './triggers/trigger-kinds.js';
export { triggersRoutes } from './triggers/triggers.routes.js';
