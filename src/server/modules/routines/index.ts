/**
 * routines — the catalog of automated routines (Rotinas automatizadas): the core to write a routine kind
 * (`defineRoutine`, `runRoutine`), the office's configuration of each kind, the `routines.run` job, and
 * the built-in kinds. Other modules add kinds by calling `defineRoutine` in their own `*.routine.ts`
 * files, imported by their own index.
 */

// The built-in kinds.
export { contactsBirthdays } from './birthdays.routine.js';
export { clientsClassTransition } from './class-transition.routine.js';
export { type ConfigField, describeConfig, say } from './config-fields.js';
export { dailyDigest } from './daily-digest.routine.js';
export {
  type AnyRoutineDefinition,
  type Audience,
  type Department,
  defineRoutine,
  departments,
  type Notice,
  type RecordContext,
  type RoutineDefinition,
  type RoutineRunContext,
  type RoutineSettings,
  routineDefinition,
  routineDefinitions,
} from './define-routine.js';
export { clientsErpImport } from './erp-import.routine.js';
export { idleAccounts } from './idle-accounts.routine.js';
export { referenceDate } from './routine-config.js';
export { RoutinesError } from './routines.errors.js';
export { routinesRoutes } from './routines.routes.js';
export * from './routines.schema.js';
export {
  getRoutine,
  listCatalog,
  listRoutineRuns,
  previewRoutine,
  runRoutineNow,
  saveRoutine,
  setRoutineActive,
} from './routines.service.js';
export { routinesRun } from './run.job.js';
export {
  inAudience,
  type PreviewMessage,
  type RoutineRunResult,
  type RunRoutineInput,
  responsibleOf,
  runRoutine,
} from './run-routine.js';
