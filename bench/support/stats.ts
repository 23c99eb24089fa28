/** Latency statistics for benchmarks. All times are milliseconds. */

/** The p-th percentile (0–100) of `values` by the nearest-rank method; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  return {
    n,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: n ? Math.max(...values) : Number.NaN,
    mean: n ? values.reduce((a, b) => a + b, 0) / n : Number.NaN,
  };
}

/** Rounds to `digits` decimals (figures in the JSON line stay short). */
export const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Runs `fn` `warmup` times untimed, then `iterations` times sequentially, timing each call with the
 * monotonic clock; returns the per-call durations. With `budgetMs`, stops early once the timed calls
 * have taken that long (after at least `minIterations`), so a slow kind cannot stretch the whole run:
 * the caller reports how many were measured.
 */
export async function measure(
  fn: () => Promise<unknown>,
  iterations: number,
  warmup = 20,
  budget?: { budgetMs: number; minIterations: number },
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  let spent = 0;
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    const ms = performance.now() - t0;
    out.push(ms);
    spent += ms;
    if (budget && spent >= budget.budgetMs && out.length >= budget.minIterations) break;
  }
  return out;
}

/** Times one async step. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}
