/**
 * Background work and the event loop. On SQLite every query runs synchronously on the process's one
 * connection, and `await` on a query that is already done does not let anything else run: a loop over
 * thousands of records would hold the event loop — and every HTTP request — until it ends. Batch work
 * therefore runs in *slices* of at most `SLICE_MS` of work, each its own transaction, and gives the event
 * loop a turn between them (`yieldToEventLoop`), where requests, timers and the worker's deliveries run.
 */

/** The longest stretch of work a batch job does before it lets the event loop run (SQLite). */
export const SLICE_MS = 25;

/** Lets the event loop run: I/O callbacks (HTTP requests) and due timers run before this resolves. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A stopwatch for one slice of work: `due()` once `ms` have passed since it was (re)started.
 *
 * @example
 * const slice = new Slice();
 * for (const record of records) {
 *   await handle(record);
 *   if (slice.due()) { await yieldToEventLoop(); slice.restart(); }
 * }
 */
export class Slice {
  #start = performance.now();
  constructor(readonly ms = SLICE_MS) {}
  due(): boolean {
    return performance.now() - this.#start >= this.ms;
  }
  restart(): void {
    this.#start = performance.now();
  }
}
