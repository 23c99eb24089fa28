import { isDatabaseUnreachable } from '../../db/errors.js';

/**
 * How long the worker keeps trying to record an outcome while the database cannot be reached: well
 * within the claim's lease (a minute), so that a job whose handler is done is not rescued and run again
 * merely because PostgreSQL restarted while it was being recorded.
 */
export const PERSIST_FOR_MS = 30_000;

/**
 * Runs `write` and, while it fails because the database is unreachable (a restart, a failover), runs it
 * again after 0.25, 0.5, 1, 2, 2… s, for up to `forMs` (wall-clock time: the outage is real even under a
 * test's fake clock). Any other error, or the last one, is thrown. `write` must be safe to repeat: the
 * worker's writes are fenced by the attempt, so a repeat of one that had committed changes nothing.
 */
export async function persist<T>(write: () => Promise<T>, forMs = PERSIST_FOR_MS): Promise<T> {
  const until = Date.now() + forMs;
  let wait = 250;
  for (;;) {
    try {
      return await write();
    } catch (err) {
      if (!isDatabaseUnreachable(err) || Date.now() + wait > until) throw err;
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 2000);
    }
  }
}
