/**
 * routines — the catalog of automated routines (Rotinas automatizadas): the core to write a routine kind
 * (`defineRoutine`, `runRoutine`), the office's configuration of each kind, the `routines.run` job, and
 * the built-in kinds. Other modules declare kinds with `defineRoutine` in their own `*.routine.ts` files
 * and export them; `src/server/catalog.ts` registers every kind.
 */

// The built-in kinds.
export { contactsBirthdays } from './birthdays.routine.js';
export { clientsClassTransition } from './class-transition.routine.js';
export { describeConfig } from './config-fields.js';
export {
  type AnyRoutineDefinition,
  type Audience,
  defineRoutine,
  type RoutineRunContext,
  type RoutineSettings,
  registerRoutines,
  routineDefinition,
} from './define-routine.js';
export { clientsErpImport } from './erp-import.routine.js';
export { referenceDate } from './routine-config.js';
export { countActiveRoutines } from './routines.repo.js';

export { routinesRoutes } from './routines.routes.js';
export * from './routines.schema.js';
export {
  listCatalog,
  routineNames,
  saveRoutine,
} from './routines.service.js';
export { routinesRun } from './run.job.js';
export {
  inAudience,
  type RoutineRunResult,
  responsibleOf,
  runRoutine,
} from './run-routine.js';
export { routineOccurrences } from './upcoming.js';
