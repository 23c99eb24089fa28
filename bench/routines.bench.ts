/**
 * `npm run bench -- routines`: the "Certificado digital a vencer" routine end to end on an office of
 * 100,000 clients (BENCH_CLIENTS), every one with a digital certificate, 5 % of them expiring within 30
 * days. One run selects the certificates, enqueues the client's and the responsible's e-mails in the
 * routine's batches, and a Worker (16 at once) delivers them to a local SMTP server in its own process.
 * The clock stops when the last e-mail is accepted. A second run must send nothing.
 *
 * On SQLite and on PostgreSQL. Targets: < 60 s each, < 400 MB peak RSS (this process, sampled every
 * 100 ms during the measured runs; the SMTP sink and PostgreSQL are other processes).
 *
 * On SQLite, while the routine runs and its e-mails are delivered, the process's event-loop delay is
 * measured (`monitorEventLoopDelay`, p99 and max; target max < 100 ms) and the API is asked for the first
 * page of clients 20 times a second (target p99 < 150 ms). Then a crash leg: 2,000 more e-mails are
 * delivered by a worker in a process of its own, which is killed (kill -9) mid-stream and started again;
 * the figure is the time from the restart to the first delivery after it (target < 5 s), and the time
 * until the messages in flight at the kill are delivered too.
 *
 * BENCH_ONLY=sqlite|postgres runs one dialect; BENCH_EXPLAIN=1 prints the select's query plans;
 * BENCH_DELIVER_AFTER=1 starts the worker only once the routine has enqueued everything.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { registerCatalog } from '../src/server/catalog.js';
import type { AppContext } from '../src/server/context.js';
import type { DialectName } from '../src/server/db/database.js';
import { newId } from '../src/server/ids.js';
import { BusinessCalendar } from '../src/server/modules/br/index.js';
import { certificatesExpiring } from '../src/server/modules/certificates/certificate-expiry.routine.js';
import { expiryCandidatesQuery } from '../src/server/modules/certificates/certificates.repo.js';
import { civilDateOf } from '../src/server/modules/certificates/certificates.validity.js';
import { Worker } from '../src/server/modules/engine/index.js';
import { send } from '../src/server/modules/messaging/index.js';
import { inAudience, runRoutine } from '../src/server/modules/routines/run-routine.js';
import { freePort } from '../test/support/pg-cluster.js';
import { startSmtpSink } from '../test/support/smtp-sink.js';
import { benchApp, benchDatabase, login } from './support/app.js';
import { selfCpuMs } from './support/cpu.js';
import { explainQueries } from './support/explain.js';
import { say as log } from './support/log.js';
import { createDatabase, startBenchCluster } from './support/pg.js';
import { CLIENTS, seedInChild } from './support/routines-seed.js';
import { rssMb } from './support/rss.js';
import { percentile, round } from './support/stats.js';

registerCatalog();

const DELIVER_AFTER = process.env.BENCH_DELIVER_AFTER === '1';
const TZ = 'America/Sao_Paulo';
const DAY = 86_400_000;

/** A full garbage collection, so the setup's garbage (100,000 rows built and inserted) is not counted. */
function collectGarbage() {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * While it runs: the event loop's delay, and `GET /api/clients` (first page) 20 times a second through the
 * real app, each request's answer time measured from when it was due.
 */
async function startProbe(ctx: AppContext, email: string) {
  const app = await benchApp(ctx);
  const session = await login(app, email);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const latencies: number[] = [];
  const inFlight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const t0 = performance.now();
    const p: Promise<void> = session
      .get('/api/clients?page=1&pageSize=25')
      .then(() => {
        latencies.push(performance.now() - t0);
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }, 50);
  return {
    async stop() {
      clearInterval(timer);
      loop.disable();
      await Promise.all(inFlight);
      await app.close();
      return {
        loopP99: round(loop.percentile(99) / 1e6),
        loopMax: round(loop.max / 1e6),
        apiP99: round(percentile(latencies, 99)),
        requests: latencies.length,
      };
    },
  };
}

/**
 * The crash leg (SQLite): `n` e-mails delivered by a worker process that is killed mid-stream and started
 * again. Returns the seconds from the restart to the first delivery after it, and to the last message.
 */
async function crashLeg(
  ctx: AppContext,
  sqliteFile: string,
  officeId: string,
  sink: Awaited<ReturnType<typeof startSmtpSink>>,
  n = 2_000,
) {
  await ctx.db.transaction().execute(async (trx) => {
    for (let i = 0; i < n; i++) {
      await send(ctx, trx, {
        officeId,
        to: { kind: 'address', emails: [`crash${i}@bench.com.br`] },
        channels: ['email'],
        template: 'messaging.test',
        vars: { user: { name: `Crash ${i}` } },
        key: `bench-crash:${i}`,
        cause: { kind: 'bench' },
      });
    }
  });
  const before = sink.accepted.size;
  const spawnWorker = (): ChildProcess =>
    spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, '../test/messaging/fixtures/delivery-worker.ts')],
      {
        env: { ...process.env, SQLITE_FILE: sqliteFile, SECRET_KEY: ctx.config.secretKey },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  const first = spawnWorker();
  await waitFor(() => sink.accepted.size >= before + n / 4, 120_000);
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  const inFlight = await ctx.db.selectFrom('messages').select('id').where('status', '=', 'sending').execute();
  const restartAt = Date.now();
  const second = spawnWorker();
  try {
    await waitFor(() => [...sink.accepted.values()].some((at) => at > restartAt), 120_000);
    const firstAfter = Math.min(...[...sink.accepted.values()].filter((at) => at > restartAt));
    await waitFor(
      async () =>
        (
          await ctx.db
            .selectFrom('messages')
            .select('id')
            .where('status', 'in', ['queued', 'sending'])
            .execute()
        ).length === 0,
      300_000,
    );
    const allSeconds = (Date.now() - restartAt) / 1000;
    const marked = await ctx.db
      .selectFrom('messages')
      .select('id')
      .where('possible_duplicate', '=', 1)
      .execute();
    log(
      `sqlite crash leg: ${inFlight.length} in flight at the kill; first delivery ${((firstAfter - restartAt) / 1000).toFixed(2)} s after the restart, all delivered after ${allSeconds.toFixed(1)} s; ${marked.length} marked possible duplicates`,
    );
    return { resumeSeconds: round((firstAfter - restartAt) / 1000, 2), allSeconds: round(allSeconds) };
  } finally {
    second.kill('SIGKILL');
  }
}

async function runDialect(dialect: DialectName, databaseUrl?: string) {
  const { dir, sqliteFile, handle, ctx } = benchDatabase('expediente-bench-routines-', databaseUrl);
  const now = new Date();
  const seeded = await seedInChild(databaseUrl ? { dialect, databaseUrl } : { dialect, sqliteFile }, now);
  const { officeId, expiring } = seeded;
  log(
    `${dialect}: ${CLIENTS} clients and certificates (${expiring} expiring) seeded in ${seeded.seconds.toFixed(1)} s`,
  );
  const sink = await startSmtpSink(await freePort());
  await handle.db
    .insertInto('channel_settings')
    .values({
      office_id: officeId,
      channel: 'email',
      settings: JSON.stringify({
        host: '127.0.0.1',
        port: sink.port,
        security: 'none',
        user: null,
        passwordEnc: null,
        fromName: 'Bench',
        fromAddress: 'bench@bench.com.br',
        replyTo: null,
      }),
      updated_at: new Date().toISOString(),
    })
    .execute();

  const settings = {
    professionId: seeded.professionId,
    channels: ['email' as const],
    templates: {},
    audience: { kind: 'all' as const },
  };
  const config = certificatesExpiring.config.parse({});
  const run = () =>
    runRoutine({
      app: ctx,
      definition: certificatesExpiring as never,
      officeId,
      routineId: newId(),
      settings,
      config,
      date: civilDateOf(now, TZ),
      at: now,
      timeZone: TZ,
      calendar: new BusinessCalendar({ state: 'SP' }),
      dryRun: false,
      runId: null,
      requestedBy: null,
    });

  if (process.env.BENCH_EXPLAIN) {
    // The select's first and second (keyset) pages, with their plans.
    const horizon = new Date(now.getTime() + 32 * DAY).toISOString();
    const plans = await explainQueries(
      dialect === 'sqlite'
        ? { dialect: 'sqlite', file: sqliteFile }
        : { dialect: 'postgres', url: databaseUrl! },
      async (db) => {
        const audience = inAudience({ kind: 'all' }, 'c.client_id');
        const page = await expiryCandidatesQuery(db, officeId, audience, horizon, null, 500).execute();
        const last = page[page.length - 1]!;
        const after = { notAfter: last.not_after, id: last.id };
        await expiryCandidatesQuery(db, officeId, audience, horizon, after, 500).execute();
      },
    );
    for (const p of plans) log(p);
  }

  collectGarbage();
  const startRss = rssMb();
  log(`${dialect}: RSS before the run ${startRss.toFixed(0)} MiB`);
  let peak = startRss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb());
  }, 100);
  const worker = new Worker(ctx, { concurrency: 16, pollIntervalMs: 10 });
  const probe =
    dialect === 'sqlite' && process.env.BENCH_PROBE !== '0'
      ? await startProbe(ctx, `admin-${dialect}@bench.com.br`)
      : null;
  const cpu0 = selfCpuMs();
  const start = performance.now();
  // By default the worker delivers while the routine is still enqueueing, as in one `start` process;
  // BENCH_DELIVER_AFTER=1 starts it once the routine has finished, to see the two phases apart.
  if (!DELIVER_AFTER) worker.start();
  const first = await run();
  if (DELIVER_AFTER) worker.start();
  const enqueued = (performance.now() - start) / 1000;
  log(`${dialect}: ${first.summary}`);
  log(`${dialect}: select + enqueue ${enqueued.toFixed(1)} s; delivering…`);
  const expected = first.messages.queued;
  await waitFor(() => sink.accepted.size >= expected, 600_000);
  const seconds = (performance.now() - start) / 1000;
  const cpu = selfCpuMs() - cpu0;
  const probed = await probe?.stop();
  if (probed)
    log(
      `${dialect}: during the run, event-loop delay p99 ${probed.loopP99} ms, max ${probed.loopMax} ms; GET /api/clients p99 ${probed.apiP99} ms (${probed.requests} requests)`,
    );
  log(
    `${dialect}: ${expected} e-mails accepted by the SMTP server ${seconds.toFixed(1)} s after the run started (CPU of this process ${(cpu / 1000).toFixed(1)} s)`,
  );

  const rerunStart = performance.now();
  const second = await run();
  const rerunSeconds = (performance.now() - rerunStart) / 1000;
  await new Promise((r) => setTimeout(r, 1000));
  const extra = sink.accepted.size - expected;
  clearInterval(sampler);
  peak = Math.max(peak, rssMb());
  log(
    `${dialect}: second run in ${rerunSeconds.toFixed(1)} s: ${second.messages.queued} queued, ${second.messages.duplicates} already sent; ${extra} more e-mails reached the server. Peak RSS ${peak.toFixed(0)} MiB`,
  );
  await worker.stop(5000);
  const crash =
    dialect === 'sqlite' && process.env.BENCH_CRASH !== '0'
      ? await crashLeg(ctx, sqliteFile, officeId, sink)
      : null;
  await sink.stop();
  await handle.destroy();
  rmSync(dir, { recursive: true, force: true });
  return {
    seconds: round(seconds),
    enqueueSeconds: round(enqueued),
    rerunSeconds: round(rerunSeconds),
    messages: expected,
    expiring,
    rerunMessages: second.messages.queued + Math.max(0, extra),
    peak: round(peak),
    startRss: round(startRss),
    cpuSeconds: round(cpu / 1000),
    loopP99: probed?.loopP99 ?? -1,
    loopMax: probed?.loopMax ?? -1,
    apiP99: probed?.apiP99 ?? -1,
    resumeSeconds: crash?.resumeSeconds ?? -1,
  };
}

export async function run() {
  const only = process.env.BENCH_ONLY;
  log(`routines bench: ${CLIENTS} clients, 1 certificate each, load average ${loadavg()[0]!.toFixed(1)}`);
  const sqlite = only === 'postgres' ? null : await runDialect('sqlite');
  let pg: Awaited<ReturnType<typeof runDialect>> | null = null;
  if (only !== 'sqlite') {
    const cluster = await startBenchCluster();
    try {
      pg = await runDialect('postgres', await createDatabase(cluster, 'bench_routines'));
    } finally {
      cluster.stop();
    }
  }
  log(`load average at the end ${loadavg()[0]!.toFixed(1)}`);
  return {
    clients: CLIENTS,
    expiring_certificates: sqlite?.expiring ?? pg?.expiring ?? 0,
    messages: sqlite?.messages ?? pg?.messages ?? 0,
    sqlite_seconds: sqlite?.seconds ?? -1,
    sqlite_enqueue_seconds: sqlite?.enqueueSeconds ?? -1,
    sqlite_rerun_seconds: sqlite?.rerunSeconds ?? -1,
    pg_seconds: pg?.seconds ?? -1,
    pg_enqueue_seconds: pg?.enqueueSeconds ?? -1,
    pg_rerun_seconds: pg?.rerunSeconds ?? -1,
    peak_rss_mb: Math.max(sqlite?.peak ?? 0, pg?.peak ?? 0),
    sqlite_start_rss_mb: sqlite?.startRss ?? -1,
    pg_start_rss_mb: pg?.startRss ?? -1,
    sqlite_cpu_seconds: sqlite?.cpuSeconds ?? -1,
    pg_cpu_seconds: pg?.cpuSeconds ?? -1,
    rerun_messages: (sqlite?.rerunMessages ?? 0) + (pg?.rerunMessages ?? 0),
    sqlite_loop_delay_p99_ms: sqlite?.loopP99 ?? -1,
    sqlite_loop_delay_max_ms: sqlite?.loopMax ?? -1,
    sqlite_api_p99_ms: sqlite?.apiP99 ?? -1,
    restart_resume_s: sqlite?.resumeSeconds ?? -1,
  };
}
