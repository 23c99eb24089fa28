/** engine — durable jobs, workers and pools, runs (Execuções). */
export { attemptOfFence, holdsAttempt } from './attempt-fence.js';
export {
  defineJob,
  type JobContext,
  onRunFinished,
  type RunFinishedHook,
  type RunText,
  registerJobs,
} from './define-job.js';
export { PermanentJobError } from './engine.errors.js';
export { engineRoutes } from './engine.routes.js';
export * from './engine.schema.js';
export { assertPool, enqueue, enqueueKind, enqueueMany } from './engine.service.js';
export { observeEngine } from './engine-events.js';
export { type GroupedWrite, groupedWrite } from './grouped-write.js';
export { localizedSummary } from './run-texts.js';
export {
  cancelRun,
  createPool,
  getRun,
  listPools,
  listRuns,
  pruneFinishedJobs,
  retryRun,
} from './runs.service.js';
export { civilToInstant } from './schedules/civil-time.js';

export { type ScheduleSpec, scheduleSpec } from './schedules/schedule.schema.js';
export { calendarOf, Scheduler, schedulerTick } from './schedules/scheduler.js';
export {
  createSchedule,
  deleteSchedule,
  listSchedules,
  occurrenceOfJob,
  occurrencesBetween,
  type Schedule,
  scheduleInput,
  setSchedulePaused,
  updateSchedule,
} from './schedules/schedules.service.js';
export { wakeWorkers } from './wake.js';
export { Worker } from './worker.js';
export { Slice, yieldToEventLoop } from './yield.js';
