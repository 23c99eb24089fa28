/**
 * automation — events, in-process subscribers and built-in rules (a minimal first cut of the rule engine
 * the architecture describes: pipelines, user-defined rules and triggers come later, on these tables).
 */

export { AutomationError } from './automation.errors.js';
export { automationRoutes } from './automation.routes.js';
export * from './automation.schema.js';
export {
  type BuiltinRule,
  defineBuiltinRule,
  isRuleEnabled,
  listBuiltinRules,
  setBuiltinRules,
} from './builtin-rules.js';
export {
  type AppEvent,
  type EmitInput,
  emitEvent,
  type Subscriber,
  type SubscriberOutcome,
  subscribe,
} from './events.js';
