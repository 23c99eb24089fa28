import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { z } from 'zod';
import { registerCatalog } from '../../src/server/catalog.js';
import { systemClock } from '../../src/server/clock.js';
import { loadConfig } from '../../src/server/config.js';
import type { AppContext } from '../../src/server/context.js';
import { type DatabaseHandle, openDatabase } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { enqueue } from '../../src/server/modules/engine/engine.service.js';
import { defineJob, registerJobs } from '../../src/server/modules/engine/index.js';
import { Worker } from '../../src/server/modules/engine/worker.js';
import { percentile } from './stats.js';

registerCatalog();

/** A monotonic wall clock with sub-millisecond resolution, comparable across one process. */
export const nowMs = () => performance.timeOrigin + performance.now();

/** Counts handler starts and resolves once `target` is reached. */
export class Probe {
  count = 0;
  #target = Number.POSITIVE_INFINITY;
  #done: (() => void) | null = null;
  /** Start times of latency jobs minus their enqueue time, in ms (for jobs enqueued from `since` on). */
  latencies: number[] = [];
  since = 0;

  /** Records a latency job's start: `t` is its enqueue time. */
  started(t: number): void {
    if (t >= this.since) this.latencies.push(nowMs() - t);
    this.hit();
  }

  hit(): void {
    this.count++;
    if (this.count >= this.#target) this.#done?.();
  }

  /** Resets the counter and returns a promise resolving at the `target`-th hit. */
  expect(target: number): Promise<void> {
    this.count = 0;
    this.#target = target;
    this.latencies = [];
    this.since = 0;
    return new Promise((resolve) => {
      this.#done = resolve;
    });
  }
}

export const probe = new Probe();

/** The drained job: does nothing. */
export const noopJob = defineJob({
  kind: 'bench.noop',
  payload: z.object({ n: z.number().int() }),
  async run() {
    probe.hit();
  },
});

/** The latency job: records the time from its enqueue to its handler's start. */
export const latencyJob = defineJob({
  kind: 'bench.latency',
  payload: z.object({ t: z.number() }),
  async run({ t }) {
    probe.started(t);
  },
});
registerJobs([noopJob, latencyJob]);

/** An application context as the brief describes: system clock, silent logger. */
export function engineContext(handle: DatabaseHandle, databaseUrl?: string): AppContext {
  return {
    db: handle.db,
    dialect: handle.dialect,
    clock: systemClock,
    config: loadConfig({
      LOG_LEVEL: 'silent',
      SECRET_KEY: 'bench-secret-key-0123456789',
      ...(databaseUrl && { DATABASE_URL: databaseUrl }),
    }),
    log: pino({ level: 'silent' }),
  };
}

export interface OpenedEngine {
  app: AppContext;
  close(): Promise<void>;
}

/** A fresh, migrated SQLite file in a temp directory. */
export async function openSqliteEngine(): Promise<OpenedEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'expediente-engine-bench-'));
  const handle = openDatabase({ sqliteFile: join(dir, 'engine.sqlite') });
  await migrateToLatest(handle.db);
  return {
    app: engineContext(handle),
    async close() {
      await handle.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A migrated PostgreSQL database (the pool size is the product's default, 10). */
export async function openPgEngine(url: string): Promise<OpenedEngine> {
  const handle = openDatabase({ databaseUrl: url });
  await migrateToLatest(handle.db);
  return { app: engineContext(handle, url), close: () => handle.destroy() };
}

/** `count` no-op jobs enqueued with `enqueue()` in ONE transaction; returns the elapsed ms. */
export async function enqueueInOneTransaction(ctx: AppContext, count: number): Promise<number> {
  const t0 = performance.now();
  await ctx.db.transaction().execute(async (trx) => {
    for (let n = 0; n < count; n++) await enqueue(ctx, trx, noopJob, { n });
  });
  return performance.now() - t0;
}

/** Refreshes planner statistics (as autovacuum would after a bulk load) and flushes dirty pages. */
export async function settle(ctx: AppContext): Promise<void> {
  if (ctx.dialect === 'postgres') {
    await sql`vacuum analyze jobs`.execute(ctx.db);
    await sql`checkpoint`.execute(ctx.db);
  } else {
    await sql`analyze`.execute(ctx.db);
    await sql`pragma wal_checkpoint(truncate)`.execute(ctx.db);
  }
}

/** CPU time in ms: this process's, and the PostgreSQL cluster's (0 on SQLite). */
export interface CpuSplit {
  self: number;
  cluster: number;
}

export interface CpuReader {
  (): CpuSplit;
  /** CPU used since an earlier reading. */
  since(start: CpuSplit): CpuSplit;
}

export function cpuReader(read: () => CpuSplit): CpuReader {
  return Object.assign(read, {
    since(start: CpuSplit): CpuSplit {
      const now = read();
      return { self: now.self - start.self, cluster: now.cluster - start.cluster };
    },
  });
}

export interface Drained {
  ms: number;
  /** CPU used meanwhile. */
  cpu: CpuSplit;
}

/**
 * Starts a worker on the queued jobs and times it until every one of `count` jobs has finished (its final
 * state committed): the handler count reaches `count` and the worker holds nothing.
 */
export async function drain(
  ctx: AppContext,
  count: number,
  concurrency: number,
  cpu: CpuReader,
): Promise<Drained> {
  const reached = probe.expect(count);
  const worker = new Worker(ctx, { concurrency });
  const c0 = cpu();
  const t0 = performance.now();
  worker.start();
  await reached;
  while (worker.running > 0) await new Promise((r) => setTimeout(r, 1));
  const ms = performance.now() - t0;
  const used = cpu.since(c0);
  await worker.stop();
  const left = await ctx.db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', 'in', ['queued', 'running'])
    .executeTakeFirstOrThrow();
  if (Number(left.n) !== 0) throw new Error(`${left.n} jobs still queued or running after the drain`);
  return { ms, cpu: used };
}

export interface LatencyResult {
  p50: number;
  p99: number;
  max: number;
  n: number;
}

/**
 * Open-loop offered load: `ratePerS` jobs a second, each enqueued by `enqueueOne` (its own transaction)
 * at its scheduled time whether or not the previous ones are done — first for `warmupS` seconds
 * unmeasured, then for `seconds` measured. Latency runs from the enqueue call (the payload's timestamp,
 * `t`; the commit follows within that call) to the handler's start, as the handlers record it in `probe`.
 */
export async function offerLoad(
  ratePerS: number,
  warmupS: number,
  seconds: number,
  enqueueOne: (t: number) => Promise<unknown>,
): Promise<LatencyResult> {
  const total = Math.round(ratePerS * (warmupS + seconds));
  const reached = probe.expect(total);
  const pending: Promise<unknown>[] = [];
  const t0 = performance.now();
  probe.since = nowMs() + warmupS * 1000;
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * ratePerS));
    while (sent < due) {
      pending.push(enqueueOne(nowMs()));
      sent++;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  await Promise.all(pending);
  await Promise.race([reached, new Promise((r) => setTimeout(r, 30_000))]);
  const l = probe.latencies;
  const measured = Math.round(ratePerS * seconds);
  if (probe.count < total || l.length < measured * 0.99) {
    throw new Error(`only ${probe.count}/${total} jobs started (${l.length} measured)`);
  }
  return { p50: percentile(l, 50), p99: percentile(l, 99), max: Math.max(...l), n: l.length };
}

/** Our engine at an offered load: a running worker; each job enqueued by `enqueue()` on the root handle. */
export async function latencyUnderLoad(
  ctx: AppContext,
  ratePerS: number,
  warmupS: number,
  seconds: number,
  concurrency: number,
): Promise<LatencyResult> {
  const worker = new Worker(ctx, { concurrency });
  worker.start();
  await new Promise((r) => setTimeout(r, 300)); // idle, as a worker waiting for work is
  try {
    return await offerLoad(ratePerS, warmupS, seconds, (t) => enqueue(ctx, ctx.db, latencyJob, { t }));
  } finally {
    await worker.stop();
  }
}
