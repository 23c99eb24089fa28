import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type * as PromClient from 'prom-client';
import type { AppContext } from '../context.js';
import { poolStats } from '../db/database.js';
import { observeEngine } from '../modules/engine/index.js';
import { countPossibleDuplicates } from '../modules/messaging/index.js';
import { HttpError } from './errors.js';
import { sendProblem } from './problem.js';

/** Latency buckets (seconds) for HTTP answers and scheduler ticks: 5 ms to 10 s. */
const FAST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** A job's wait from due to started: a second to a day (a backlog shows in the high buckets). */
const DELAY_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600];

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/**
 * `GET /metrics` in Prometheus' text format, for the token in METRICS_TOKEN
 * (`Authorization: Bearer <token>`); without METRICS_TOKEN nothing is registered (and prom-client is not
 * even loaded). docs/operations.md lists every series. Call before the routes are registered, so the
 * latency hook sees them all.
 *
 * - `http_request_duration_seconds{method,route,status_code}`: each answer's latency, by route pattern
 *   (`/api/clients/:id`, never the concrete URL: bounded cardinality; `unmatched` for 404s);
 * - `expediente_jobs{pool,kind,state}`: jobs (runs) in the database by state: queued, running and the
 *   finished ones still kept (JOB_RETENTION_DAYS) — read at scrape time, so every process reports the
 *   same figures for the whole installation;
 * - `expediente_job_start_delay_seconds{kind}`: from a job's due time to a worker starting it (this
 *   process's workers);
 * - `expediente_messages{channel,status}`: messages in the outbox by channel and status (scrape time);
 * - `expediente_messages_possible_duplicates`: messages an earlier attempt may already have delivered;
 * - `expediente_scheduler_tick_seconds{outcome}`: each scheduler tick of this process;
 * - `expediente_db_pool_connections{state}` and `expediente_db_pool_max`: the database pool's use;
 * - Node's default process metrics (CPU, memory, event-loop lag, GC).
 */
export async function registerMetrics(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const token = ctx.config.metricsToken;
  if (!token) return;
  const prom: typeof PromClient = await import('prom-client');
  // One registry per app (tests build many apps in one process; prom-client's global one would clash).
  const register = new prom.Registry();
  prom.collectDefaultMetrics({ register });

  const histogram = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    buckets: number[],
  ) => new prom.Histogram({ name, help, labelNames, buckets, registers: [register] });

  const http = histogram(
    'http_request_duration_seconds',
    'HTTP answers: latency by method, route pattern and status code.',
    ['method', 'route', 'status_code'],
    FAST_BUCKETS,
  );
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    http.observe(
      { method: req.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  const jobDelay = histogram(
    'expediente_job_start_delay_seconds',
    "Jobs started by this process's workers: time from due (run_at) to started, by kind.",
    ['kind'],
    DELAY_BUCKETS,
  );
  const tick = histogram(
    'expediente_scheduler_tick_seconds',
    "This process's scheduler ticks: duration, by outcome (ok or error).",
    ['outcome'],
    FAST_BUCKETS,
  );
  const stopObserving = observeEngine({
    jobStarted: (kind, delayMs) => jobDelay.observe({ kind }, Math.max(0, delayMs) / 1000),
    schedulerTick: (ms, ok) => tick.observe({ outcome: ok ? 'ok' : 'error' }, ms / 1000),
  });
  app.addHook('onClose', async () => stopObserving());

  new prom.Gauge({
    name: 'expediente_jobs',
    help: 'Jobs in the database by pool, kind and state (queued, running, and finished ones not yet pruned).',
    labelNames: ['pool', 'kind', 'state'] as const,
    registers: [register],
    async collect() {
      const rows = await ctx.db
        .selectFrom('jobs')
        .select(['pool', 'kind', 'state', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['pool', 'kind', 'state'])
        .execute();
      this.reset();
      for (const r of rows) this.set({ pool: r.pool, kind: r.kind, state: r.state }, Number(r.n));
    },
  });
  new prom.Gauge({
    name: 'expediente_messages',
    help: 'Messages in the outbox by channel and status.',
    labelNames: ['channel', 'status'] as const,
    registers: [register],
    async collect() {
      const rows = await ctx.db
        .selectFrom('messages')
        .select(['channel', 'status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['channel', 'status'])
        .execute();
      this.reset();
      for (const r of rows) this.set({ channel: r.channel, status: r.status }, Number(r.n));
    },
  });
  new prom.Gauge({
    name: 'expediente_messages_possible_duplicates',
    help: 'Messages an earlier attempt may already have delivered (cut after the provider was called, before its answer was recorded).',
    registers: [register],
    async collect() {
      this.set(await countPossibleDuplicates(ctx.db));
    },
  });
  new prom.Gauge({
    name: 'expediente_db_pool_connections',
    help: 'Database connections by state: open (all), idle, and waiting (queries queued for one); PostgreSQL reports all three, SQLite only its one open connection.',
    labelNames: ['state'] as const,
    registers: [register],
    collect() {
      const s = poolStats(ctx.db);
      this.reset();
      if (!s) return;
      this.set({ state: 'open' }, s.size);
      if (s.idle !== null) this.set({ state: 'idle' }, s.idle);
      if (s.waiting !== null) this.set({ state: 'waiting' }, s.waiting);
    },
  });
  new prom.Gauge({
    name: 'expediente_db_pool_max',
    help: "The database pool's connection limit.",
    registers: [register],
    collect() {
      this.set(poolStats(ctx.db)?.max ?? 0);
    },
  });

  const expected = sha256(token);
  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!timingSafeEqual(sha256(given), expected)) {
      return sendProblem(new HttpError('unauthenticated'), req, reply);
    }
    return reply
      .header('cache-control', 'no-store')
      .type(register.contentType)
      .send(await register.metrics());
  });
}
