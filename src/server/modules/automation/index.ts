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
// Automações — triggers (gatilhos), the incoming webhook and the daily sweep.
export { emitMessageReceived } from './triggers/message-received.js';
export { runTriggerSweep, triggerSweep } from './triggers/sweep.job.js';
export { registerTriggerEngine } from './triggers/trigger-engine.js';
export { triggerKinds } from './triggers/trigger-kinds.js';
export { triggersRoutes } from './triggers/triggers.routes.js';
