/**
 * engine — the job engine against its targets, and against graphile-worker and pg-boss.
 *
 * - Drain throughput: BENCH_JOBS (100,000) no-op jobs, enqueued beforehand, drained by one worker with
 *   concurrency 16 (16 handlers at once), on SQLite and on PostgreSQL. On the same PostgreSQL cluster, in
 *   the same run, the peers drain the same number of no-op jobs added with their own bulk APIs:
 *   graphile-worker (its own schema; `run()` with a task list, concurrency 16; with its defaults, then
 *   with its batching options) and pg-boss (its own schema; 16 `work()` loops, batches of 100, then of 1).
 *   Enqueue is not part of a drain; a drain ends when every job's final state is committed. CPU per job
 *   counts this process plus, on PostgreSQL, the cluster's processes.
 * - Latency: an open-loop offered load of 500 jobs/s (each enqueued in its own transaction) while a
 *   worker runs: 1 s unmeasured, then 10 s measured; from the enqueue call to the handler's start.
 * - Enqueue: BENCH_JOBS jobs through `enqueue()` in ONE transaction.
 * - Scheduler: one `schedulerTick()` over 10,000 active schedules with 1 % due, and one with none due.
 *
 * Knobs for quick runs while developing (the documented figures use the defaults):
 *   BENCH_JOBS=100000  BENCH_ONLY=sqlite|postgres  BENCH_PEER_CAP_S=120 (time cap of a peer's drain)
 */
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { clusterCpuMs, findPostmaster, selfCpuMs } from './support/cpu.js';
import {
  type CpuSplit,
  cpuReader,
  drain,
  enqueueInOneTransaction,
  latencyUnderLoad,
  type OpenedEngine,
  openPgEngine,
  openSqliteEngine,
  probe,
  settle,
} from './support/engine-ours.js';
import {
  type DrainResult,
  graphileDrain,
  graphileEnqueue,
  type PgBossConfig,
  pgBossDrain,
  pgBossEnqueue,
} from './support/engine-peers.js';
import { benchTick } from './support/engine-schedules.js';
import { say } from './support/log.js';
import { createDatabase, startBenchCluster } from './support/pg.js';
import { round } from './support/stats.js';

const JOBS = Number(process.env.BENCH_JOBS ?? 100_000);
const ONLY = process.env.BENCH_ONLY as 'sqlite' | 'postgres' | undefined;
const PEER_CAP_MS = Number(process.env.BENCH_PEER_CAP_S ?? 120) * 1000;
/** Jobs running at once, for every system. */
const CONCURRENCY = 16;
const LATENCY_RATE = 500;
const LATENCY_WARMUP_SECONDS = 1;
const LATENCY_SECONDS = 10;
const SCHEDULES = 10_000;
const DUE = 100;
/**
 * pg-boss 10 has no per-job concurrency: a `work()` loop fetches a batch, runs it, completes it, then waits
 * out its polling interval (500 ms at least) before the next fetch, however full the queue. The headline
 * is its throughput mode, 16 loops × batches of 100 (the handler runs a batch's jobs concurrently); the
 * like-for-like 16 loops × 1 job (16 in flight, as ours) is bound by that poll to at most 32 jobs/s, so a
 * 15-second window measures it.
 */
const PGBOSS_BATCHED: PgBossConfig = { workers: CONCURRENCY, batchSize: 100 };
const PGBOSS_ONE_PER_LOOP: PgBossConfig = { workers: CONCURRENCY, batchSize: 1 };
const PGBOSS_ONE_PER_LOOP_CAP_MS = 15_000;

export const targets = { pg_vs_graphile_ratio: 1.0, sqlite_jobs_per_s: 10_000, tick_10k_schedules_ms: 100 };

const perS = (jobs: number, ms: number) => Math.round((jobs / ms) * 1000);

/** CPU of this process and, on PostgreSQL, of the cluster's processes. */
const readCpu = (postmaster?: number) =>
  cpuReader(() => ({ self: selfCpuMs(), cluster: postmaster ? clusterCpuMs(postmaster) : 0 }));
const usPerJob = (ms: number, jobs: number) => round((ms * 1000) / jobs, 0);
const cpuText = (cpu: CpuSplit, jobs: number, dialect: 'sqlite' | 'postgres' = 'postgres') =>
  dialect === 'sqlite'
    ? `CPU ${usPerJob(cpu.self, jobs)} µs/job`
    : `CPU ${usPerJob(cpu.self + cpu.cluster, jobs)} µs/job: Node ${usPerJob(cpu.self, jobs)} + PostgreSQL ${usPerJob(cpu.cluster, jobs)}`;

async function benchOurs(engine: OpenedEngine, label: string, postmaster?: number) {
  const { app } = engine;
  const f: Record<string, number> = {};
  const enqueueMs = await enqueueInOneTransaction(app, JOBS);
  f.enqueue_jobs_per_s = perS(JOBS, enqueueMs);
  say(
    `${label}: enqueue ${JOBS} jobs with enqueue() in one transaction: ${round(enqueueMs / 1000, 2)} s (${f.enqueue_jobs_per_s} jobs/s)`,
  );
  await settle(app);
  const d = await drain(app, JOBS, CONCURRENCY, readCpu(postmaster));
  f.jobs_per_s = perS(JOBS, d.ms);
  f.cpu_us_per_job = usPerJob(d.cpu.self + d.cpu.cluster, JOBS);
  say(
    `${label}: drain ${JOBS} jobs: ${round(d.ms / 1000, 2)} s = ${f.jobs_per_s} jobs/s (${cpuText(d.cpu, JOBS, app.dialect)})`,
  );
  const l = await latencyUnderLoad(app, LATENCY_RATE, LATENCY_WARMUP_SECONDS, LATENCY_SECONDS, CONCURRENCY);
  f.p50_latency_ms = round(l.p50, 1);
  f.p99_latency_ms = round(l.p99, 1);
  say(
    `${label}: latency at ${LATENCY_RATE} jobs/s for ${LATENCY_SECONDS} s: p50 ${f.p50_latency_ms} ms, p99 ${f.p99_latency_ms} ms, max ${round(l.max, 1)} ms (${l.n} jobs)`,
  );
  const t = await benchTick(app, SCHEDULES, DUE);
  f.tick_ms = round(t.dueMs, 1);
  f.tick_cpu_ms = round(t.dueCpuMs, 1);
  f.tick_idle_ms = round(t.idleMs, 1);
  f.tick_calendar_ms = round(t.calendarMs, 1);
  say(
    `${label}: scheduler tick over ${t.total} active schedules: ${DUE} due ${f.tick_ms} ms (CPU ${f.tick_cpu_ms} ms; median of 5; ${t.dueResult.enqueued} jobs enqueued; their occurrence arithmetic alone ${f.tick_calendar_ms} ms), none due ${f.tick_idle_ms} ms`,
  );
  return f;
}

/** benchOurs' figures as the report names them, under the dialect's prefix (`sqlite_…`, `pg_…`). */
function reported(prefix: 'sqlite' | 'pg', f: Record<string, number>): Record<string, number> {
  const names = [
    ['jobs_per_s', 'jobs_per_s'],
    ['cpu_us_per_job', 'cpu_us_per_job'],
    ['enqueue_100k_tx_jobs_per_s', 'enqueue_jobs_per_s'],
    ['p50_latency_ms', 'p50_latency_ms'],
    ['p99_latency_ms', 'p99_latency_ms'],
    ['tick_10k_schedules_ms', 'tick_ms'],
    ['tick_cpu_ms', 'tick_cpu_ms'],
    ['tick_idle_ms', 'tick_idle_ms'],
    ['tick_calendar_ms', 'tick_calendar_ms'],
  ] as const;
  return Object.fromEntries(names.map(([name, key]) => [`${prefix}_${name}`, f[key]!]));
}

function peerLine(name: string, r: DrainResult) {
  const rate = perS(r.jobs, r.ms);
  say(
    `${name}: ${r.complete ? `drain ${r.jobs} jobs:` : `time cap: ${r.jobs} jobs finished in`} ${round(r.ms / 1000, 2)} s = ${rate} jobs/s (${cpuText(r.cpu, r.jobs)})`,
  );
  return rate;
}

export async function run(): Promise<Record<string, number | string>> {
  const figures: Record<string, number | string> = { jobs: JOBS, concurrency: CONCURRENCY };
  say(`engine bench: ${JOBS} jobs, concurrency ${CONCURRENCY}, load average ${loadavg()[0]!.toFixed(2)}`);

  if (ONLY !== 'postgres') {
    const engine = await openSqliteEngine();
    try {
      const f = await benchOurs(engine, 'SQLite');
      Object.assign(figures, reported('sqlite', f));
    } finally {
      await engine.close();
    }
  }

  if (ONLY !== 'sqlite') {
    const cluster = await startBenchCluster();
    try {
      const url = await createDatabase(cluster, 'engine_bench');
      const postmaster = findPostmaster(cluster.port);
      const engine = await openPgEngine(url);
      try {
        const f = await benchOurs(engine, 'PostgreSQL', postmaster);
        Object.assign(figures, reported('pg', f));
        await sql`vacuum analyze`.execute(engine.app.db);
      } finally {
        await engine.close();
      }

      const cpu = readCpu(postmaster);
      const gEnqueueMs = await graphileEnqueue(url, JOBS);
      figures.graphile_worker_enqueue_jobs_per_s = perS(JOBS, gEnqueueMs);
      say(`graphile-worker: addJobs ${JOBS} jobs: ${round(gEnqueueMs / 1000, 2)} s`);
      const g = await graphileDrain(url, JOBS, CONCURRENCY, probe, PEER_CAP_MS, cpu);
      figures.graphile_worker_jobs_per_s = peerLine(`graphile-worker (concurrency ${CONCURRENCY})`, g);
      figures.graphile_worker_cpu_us_per_job = usPerJob(g.cpu.self + g.cpu.cluster, g.jobs);
      if (!g.complete) figures.graphile_worker_measured_jobs = g.jobs;
      const gbEnqueueMs = await graphileEnqueue(url, JOBS);
      say(`graphile-worker: addJobs ${JOBS} jobs: ${round(gbEnqueueMs / 1000, 2)} s`);
      const gb = await graphileDrain(url, JOBS, CONCURRENCY, probe, PEER_CAP_MS, cpu, true);
      figures.graphile_worker_batched_jobs_per_s = peerLine(
        `graphile-worker (concurrency ${CONCURRENCY}, localQueue ${CONCURRENCY}, completeJobBatchDelay 0)`,
        gb,
      );
      figures.graphile_worker_batched_cpu_us_per_job = usPerJob(gb.cpu.self + gb.cpu.cluster, gb.jobs);
      if (!gb.complete) figures.graphile_worker_batched_measured_jobs = gb.jobs;

      for (const [key, config, capMs] of [
        ['pg_boss', PGBOSS_BATCHED, PEER_CAP_MS],
        ['pg_boss_one_per_loop', PGBOSS_ONE_PER_LOOP, PGBOSS_ONE_PER_LOOP_CAP_MS],
      ] as const) {
        const ms = await pgBossEnqueue(url, JOBS);
        if (key === 'pg_boss') figures.pg_boss_enqueue_jobs_per_s = perS(JOBS, ms);
        say(`pg-boss: insert ${JOBS} jobs: ${round(ms / 1000, 2)} s`);
        const b = await pgBossDrain(url, JOBS, config, probe, capMs, cpu);
        const name = `pg-boss (${config.workers} work() loops × batchSize ${config.batchSize})`;
        figures[`${key}_jobs_per_s`] = peerLine(name, b);
        // With one job per loop the cluster's CPU is mostly pg-boss's polling, not its jobs: not reported.
        if (b.complete) figures[`${key}_cpu_us_per_job`] = usPerJob(b.cpu.self + b.cpu.cluster, b.jobs);
        else figures[`${key}_measured_jobs`] = b.jobs;
      }
    } finally {
      cluster.stop();
    }
  }

  const ratio = (a: unknown, b: unknown) =>
    typeof a === 'number' && typeof b === 'number' && b > 0 ? round(a / b, 2) : 'n/a';
  figures.pg_vs_graphile_ratio = ratio(figures.pg_jobs_per_s, figures.graphile_worker_jobs_per_s);
  figures.pg_vs_graphile_batched_ratio = ratio(
    figures.pg_jobs_per_s,
    figures.graphile_worker_batched_jobs_per_s,
  );
  figures.pg_vs_pg_boss_ratio = ratio(figures.pg_jobs_per_s, figures.pg_boss_jobs_per_s);
  figures.pg_vs_pg_boss_one_per_loop_ratio = ratio(
    figures.pg_jobs_per_s,
    figures.pg_boss_one_per_loop_jobs_per_s,
  );
  const ticks = [figures.sqlite_tick_10k_schedules_ms, figures.pg_tick_10k_schedules_ms].filter(
    (v): v is number => typeof v === 'number',
  );
  if (ticks.length) figures.tick_10k_schedules_ms = Math.max(...ticks);

  const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');
  if (typeof figures.pg_vs_graphile_ratio === 'number')
    say(
      `target PG ≥ graphile-worker: ratio ${figures.pg_vs_graphile_ratio} ${verdict(figures.pg_vs_graphile_ratio >= 1)}`,
    );
  if (typeof figures.sqlite_jobs_per_s === 'number')
    say(
      `target SQLite ≥ 10,000 jobs/s: ${figures.sqlite_jobs_per_s} ${verdict(figures.sqlite_jobs_per_s >= 10_000)}`,
    );
  if (typeof figures.tick_10k_schedules_ms === 'number')
    say(
      `target tick < 100 ms: ${figures.tick_10k_schedules_ms} ms ${verdict(figures.tick_10k_schedules_ms < 100)}`,
    );
  say(`load average at the end ${loadavg()[0]!.toFixed(2)}`);
  return figures;
}
