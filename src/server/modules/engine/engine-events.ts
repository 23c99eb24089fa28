/**
 * What the engine reports as it works, for monitoring (`/metrics`, src/server/http/metrics.ts): a small
 * observer list, so the engine depends on no metrics library and costs nothing when nobody listens.
 */
export interface EngineObserver {
  /** A worker claimed a job and starts it, `delayMs` after it was due (`run_at`). */
  jobStarted?(kind: string, delayMs: number): void;
  /** One scheduler tick ran (schedules due, occurrences recorded, jobs enqueued), in `durationMs`. */
  schedulerTick?(durationMs: number, ok: boolean): void;
}

const observers = new Set<EngineObserver>();

/** Adds an observer; returns the function that removes it. */
export function observeEngine(observer: EngineObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

/** Called by the engine (worker.ts, scheduler.ts). */
export const engineEvents = {
  jobStarted(kind: string, delayMs: number): void {
    for (const o of observers) o.jobStarted?.(kind, delayMs);
  },
  schedulerTick(durationMs: number, ok: boolean): void {
    for (const o of observers) o.schedulerTick?.(durationMs, ok);
  },
};
