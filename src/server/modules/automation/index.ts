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
