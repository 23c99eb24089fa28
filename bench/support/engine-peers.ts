/**
 * The peers, on the same PostgreSQL cluster as our engine: graphile-worker 0.17 and pg-boss 10, each in
 * its own schema, each draining the same number of no-op jobs enqueued beforehand with its own bulk API.
 */
import { Logger, makeWorkerUtils, run } from 'graphile-worker';
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { CpuReader, CpuSplit, Probe } from './engine-ours.js';

const silentLogger = new Logger(() => () => {});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface DrainResult {
  /** Jobs finished (completed in the database) in the measured time. */
  jobs: number;
  ms: number;
  /** CPU used meanwhile by this process and by the cluster, in ms. */
  cpu: CpuSplit;
  /** True when all jobs were drained; false when the time cap ended the measurement first. */
  complete: boolean;
}

async function scalar(url: string, text: string, values: unknown[] = []): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ n: string | number }>(text, values);
    return Number(r.rows[0]?.n ?? 0);
  } finally {
    await c.end();
  }
}

/** Waits until `remaining()` is 0 (polled every `everyMs`). */
async function until0(remaining: () => Promise<number>, everyMs = 5): Promise<void> {
  while ((await remaining()) > 0) await sleep(everyMs);
}

/**
 * Times `enqueue` (ms), then vacuums `jobsTable` and checkpoints, so the drain that follows starts from a
 * settled database whichever queue filled it.
 */
async function timedEnqueue(
  url: string,
  jobsTable: string,
  enqueue: () => Promise<unknown>,
): Promise<number> {
  const t0 = performance.now();
  await enqueue();
  const ms = performance.now() - t0;
  await scalar(url, `vacuum analyze ${jobsTable}`);
  await scalar(url, 'checkpoint');
  return ms;
}

// ------------------------------------------------------------------------------------------ graphile

export const GRAPHILE_SCHEMA = 'graphile_worker';

/** Installs graphile-worker's schema and adds `count` jobs with `addJobs` (one statement, one transaction). */
export async function graphileEnqueue(url: string, count: number): Promise<number> {
  const utils = await makeWorkerUtils({
    connectionString: url,
    schema: GRAPHILE_SCHEMA,
    logger: silentLogger,
  });
  try {
    await utils.migrate();
    const specs = Array.from({ length: count }, (_, n) => ({ identifier: 'noop', payload: { n } }));
    return await timedEnqueue(url, `${GRAPHILE_SCHEMA}._private_jobs`, () => utils.addJobs(specs));
  } finally {
    await utils.release();
  }
}

/**
 * `run()` with a task list and `concurrency` workers, graphile-worker's defaults otherwise (LISTEN for new
 * jobs, 2 s poll, no local queue, no completion batching: one `get_job` and one `complete_job` per job),
 * or with its batching options. Finished jobs are deleted, so the drain ends when its jobs table is empty.
 */
export async function graphileDrain(
  url: string,
  count: number,
  concurrency: number,
  probe: Probe,
  capMs: number,
  cpu: CpuReader,
  /**
   * graphile-worker's own batching (its docs' "performance" options): a local queue that fetches and locks
   * `concurrency` jobs at a time, and completions batched within the same tick.
   */
  batched = false,
): Promise<DrainResult> {
  const remaining = () => scalar(url, `select count(*) as n from ${GRAPHILE_SCHEMA}._private_jobs`);
  const reached = probe.expect(count);
  const c0 = cpu();
  const t0 = performance.now();
  const runner = await run({
    connectionString: url,
    schema: GRAPHILE_SCHEMA,
    concurrency,
    maxPoolSize: concurrency + 2, // graphile's own advice: concurrency + 2 when that is more than 10
    noHandleSignals: true,
    logger: silentLogger,
    crontab: '',
    ...(batched && {
      preset: {
        worker: { localQueue: { size: concurrency }, completeJobBatchDelay: 0, failJobBatchDelay: 0 },
      },
    }),
    taskList: {
      noop: async () => {
        probe.hit();
      },
    },
  });
  const capped = await Promise.race([reached.then(() => false), sleep(capMs).then(() => true)]);
  let result: DrainResult;
  if (capped) {
    const ms = performance.now() - t0;
    result = { jobs: count - (await remaining()), ms, cpu: cpu.since(c0), complete: false };
  } else {
    await until0(remaining);
    result = { jobs: count, ms: performance.now() - t0, cpu: cpu.since(c0), complete: true };
  }
  await runner.stop();
  if (capped) await scalar(url, `delete from ${GRAPHILE_SCHEMA}._private_jobs`);
  return result;
}

// ------------------------------------------------------------------------------------------- pg-boss

export const PGBOSS_SCHEMA = 'pgboss';
const QUEUE = 'noop';

export interface PgBossConfig {
  /** Concurrent `work()` loops. */
  workers: number;
  /** Jobs fetched (and completed) together by one loop; its handler runs them concurrently. */
  batchSize: number;
}

async function startBoss(url: string): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: url, schema: PGBOSS_SCHEMA, max: 18 });
  boss.on('error', () => {});
  await boss.start();
  return boss;
}

/** Installs pg-boss's schema and adds `count` jobs with `insert()` (one statement, one transaction). */
export async function pgBossEnqueue(url: string, count: number): Promise<number> {
  const boss = await startBoss(url);
  try {
    if (!(await boss.getQueue(QUEUE))) await boss.createQueue(QUEUE);
    const jobs = Array.from({ length: count }, (_, n) => ({ name: QUEUE, data: { n } }));
    return await timedEnqueue(url, `${PGBOSS_SCHEMA}.job`, () => boss.insert(jobs));
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/**
 * pg-boss 10's `work()`: each loop fetches `batchSize` jobs, runs the handler, completes the batch, then
 * waits out its polling interval (500 ms, the minimum) before fetching again. Completion is a state change
 * (`completed`), so the drain ends when no job of the queue is before that state.
 */
export async function pgBossDrain(
  url: string,
  count: number,
  config: PgBossConfig,
  probe: Probe,
  capMs: number,
  cpu: CpuReader,
): Promise<DrainResult> {
  const boss = await startBoss(url);
  const remaining = () =>
    scalar(url, `select count(*) as n from ${PGBOSS_SCHEMA}.job where name = $1 and state < 'completed'`, [
      QUEUE,
    ]);
  const completed = () =>
    scalar(url, `select count(*) as n from ${PGBOSS_SCHEMA}.job where name = $1 and state = 'completed'`, [
      QUEUE,
    ]);
  const reached = probe.expect(count);
  const c0 = cpu();
  const t0 = performance.now();
  for (let i = 0; i < config.workers; i++) {
    await boss.work(QUEUE, { batchSize: config.batchSize, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      await Promise.all(
        jobs.map(async () => {
          probe.hit();
        }),
      );
    });
  }
  const capped = await Promise.race([reached.then(() => false), sleep(capMs).then(() => true)]);
  let result: DrainResult;
  if (capped) {
    const ms = performance.now() - t0;
    result = { jobs: await completed(), ms, cpu: cpu.since(c0), complete: false };
  } else {
    await until0(remaining);
    result = { jobs: count, ms: performance.now() - t0, cpu: cpu.since(c0), complete: true };
  }
  await boss.offWork(QUEUE);
  await boss.stop({ graceful: false, wait: true });
  await scalar(url, `delete from ${PGBOSS_SCHEMA}.job where name = $1`, [QUEUE]);
  return result;
}
