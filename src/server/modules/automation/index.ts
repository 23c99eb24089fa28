/**
 * automation — events, in-process subscribers and built-in rules (a minimal first cut of the rule engine
 * the architecture describes: pipelines, user-defined rules and triggers come later, on these tables).
 */

export { automationRoutes } from './automation.routes.js';
export * from './automation.schema.js';
export { defineBuiltinRule } from './builtin-rules.js';
export {
  type AppEvent,
  emitEvent,
  type SubscriberOutcome,
} from './events.js';
export * from './registry.js';
