/** engine — durable jobs, workers and pools, runs (Execuções). */
export {
  defineJob,
  type JobContext,
  type JobDefinition,
  jobDefinition,
  jobKinds,
  onRunFinished,
} from './define-job.js';
export { EngineError, LeaseLostError, PermanentJobError } from './engine.errors.js';
export { engineRoutes } from './engine.routes.js';
export * from './engine.schema.js';
export { type EnqueueOptions, enqueue, enqueueKind } from './engine.service.js';
export {
  cancelRun,
  createPool,
  getRun,
  listPools,
  listRuns,
  pruneFinishedJobs,
  retryRun,
} from './runs.service.js';
export { ParsedSchedule } from './schedules/occurrences.js';
export { type ScheduleSpec, scheduleSpec } from './schedules/schedule.schema.js';
export { calendarOf, Scheduler, schedulerTick } from './schedules/scheduler.js';
export {
  createSchedule,
  deleteSchedule,
  getSchedule,
  listSchedules,
  occurrenceOfJob,
  previewSpec,
  type Schedule,
  type ScheduleInput,
  scheduleInput,
  setSchedulePaused,
  updateSchedule,
} from './schedules/schedules.service.js';
export { Worker, type WorkerOptions } from './worker.js';
export { SLICE_MS, Slice, yieldToEventLoop } from './yield.js';
