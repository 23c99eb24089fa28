export interface BackoffPolicy {
  /** Delay before the second attempt. */
  baseMs: number;
  /** The delay never exceeds this. */
  maxMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 5_000, maxMs: 3_600_000 };

/**
 * Exponential backoff with "equal jitter": half the exponential delay is fixed, half random, so retries of
 * many jobs that failed together spread out, yet each waits at least half its step.
 */
export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}
