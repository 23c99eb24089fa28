/**
 * `npm run bench -- cluster`: the multi-process deployment of docs/deploy.md (test/support/cluster.ts:
 * PostgreSQL, the S3 stand-in, an SMTP sink, haproxy with deploy/haproxy.cfg, `web` and `worker` processes
 * from the systemd units), without faults.
 *
 * - HTTP: the cluster test's mixed workload (list clients and tickets, open tickets, chat, upload and
 *   download files) through haproxy at BENCH_CONNECTIONS (100) for BENCH_SECONDS (15) with one web process
 *   (the other stopped, out of haproxy's rotation), then with two, in the same run: requests/s, p99, the ratio.
 * - E-mails: BENCH_MESSAGES (5,000) queued with the bulk send (`sendMany`) with the workers stopped, then
 *   drained to the SMTP sink by one worker process, and again (as many new ones) by two: e-mails/s, lost,
 *   repeated. `pg_emails_per_s` is one worker's (the better configuration on this machine's 2 cores).
 * - Peak RSS of each process; the SQLite e-mail figure of the messaging bench, run in the same process.
 *
 * For profiling: `BENCH_ONLY=http` runs the two HTTP legs only (no e-mail legs, no SQLite leg);
 * `BENCH_ONLY=email` runs the e-mail legs and the SQLite leg only, with no web process;
 * `BENCH_EMAIL_WORKERS=1` runs the one-worker e-mail leg only (no two-worker leg);
 * `BENCH_PG_STATS=1` loads pg_stat_statements and prints, after each HTTP or e-mail leg, the statements that
 * took the most time in it (a lock wait counts in a statement's time), with their calls and mean, and the
 * planning time (the e-mail legs: also the statements per e-mail); `BENCH_CPU_PROF=<dir>` writes each web
 * process's CPU profile there (`node --cpu-prof`, on exit), `BENCH_WORKER_CPU_PROF=<dir>` each worker
 * process's. The e-mail legs print the worker's main-thread CPU per e-mail beside its whole CPU
 * (`worker1-main`).
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { registerCatalog } from '../src/server/catalog.js';
import { openDatabase } from '../src/server/db/database.js';
import { sendMany } from '../src/server/modules/messaging/index.js';
import { Cluster } from '../test/support/cluster.js';
import { type LoadResult, loginOver, mixedLoad } from '../test/support/cluster-load.js';
import { seedCluster } from '../test/support/cluster-seed.js';
import { compiledServer } from '../test/support/compiled-server.js';
import { freePort } from '../test/support/pg-cluster.js';
import { startSmtpSink } from '../test/support/smtp-sink.js';
import { runChannel } from './messaging.bench.js';
import { benchContext } from './support/app.js';
import { clusterCpuMs, findPostmaster, mainThreadCpuMs, procCpuMs, selfCpuMs } from './support/cpu.js';
import { say as log } from './support/log.js';
import { round } from './support/stats.js';

registerCatalog();

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 5000);
const HTTP_ONLY = process.env.BENCH_ONLY === 'http';
const EMAIL_ONLY = process.env.BENCH_ONLY === 'email';
const ONE_WORKER_ONLY = process.env.BENCH_EMAIL_WORKERS === '1';
const PG_STATS = process.env.BENCH_PG_STATS === '1';
const CPU_PROF = process.env.BENCH_CPU_PROF;
const WORKER_CPU_PROF = process.env.BENCH_WORKER_CPU_PROF;

/** pg_stat_statements for the run: preloaded (a restart of the throwaway server) and created. */
async function enablePgStats(cluster: Cluster): Promise<pg.Pool> {
  const admin = new pg.Client({ connectionString: cluster.pg.url });
  await admin.connect();
  await admin.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
  await admin.end();
  await cluster.pg.stopServer();
  await cluster.pg.startServer();
  const pool = new pg.Pool({ connectionString: cluster.databaseUrl, max: 1 });
  await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await pool.query('ALTER SYSTEM SET pg_stat_statements.track_planning = on');
  await pool.query('SELECT pg_reload_conf()');
  return pool;
}

/** All statements run since the last reset of pg_stat_statements (its own queries left out). */
async function statementCount(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ calls: string | null }>(
    `SELECT sum(calls) AS calls FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat_statements%'`,
  );
  return Number(rows[0]?.calls ?? 0);
}

/**
 * Row updates of the delivery tables so far, and how many of them were HOT (heap-only: no index entry
 * written); the statistics reach the view within a second of each transaction.
 */
async function tableUpdates(pool: pg.Pool): Promise<Record<string, { upd: number; hot: number }>> {
  const { rows } = await pool.query<{ relname: string; upd: string; hot: string }>(
    `SELECT relname, n_tup_upd AS upd, n_tup_hot_upd AS hot FROM pg_stat_user_tables
      WHERE relname IN ('jobs', 'messages')`,
  );
  return Object.fromEntries(rows.map((r) => [r.relname, { upd: Number(r.upd), hot: Number(r.hot) }]));
}

/** The statements that took the most time since the last reset (then resets), one line each. */
async function topStatements(pool: pg.Pool, limit = 12): Promise<string[]> {
  const stats = `FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat_statements%'`;
  const { rows } = await pool.query<{
    calls: string;
    mean: number;
    total: number;
    plan: number;
    query: string;
  }>(
    `SELECT calls, mean_exec_time AS mean, total_exec_time AS total, total_plan_time AS plan, query ${stats}
      ORDER BY total_exec_time + total_plan_time DESC LIMIT $1`,
    [limit],
  );
  const sum = (
    await pool.query<{ calls: string; exec: number; plan: number }>(
      `SELECT sum(calls) AS calls, sum(total_exec_time) AS exec, sum(total_plan_time) AS plan ${stats}`,
    )
  ).rows[0]!;
  await pool.query('SELECT pg_stat_statements_reset()');
  return [
    `all statements: ${sum.calls} calls, ${Math.round(sum.exec)} ms executing, ${Math.round(sum.plan)} ms planning`,
    ...rows.map(
      (r) =>
        `${String(r.calls).padStart(7)} calls ${r.mean.toFixed(2).padStart(9)} ms mean ${r.total.toFixed(0).padStart(8)} ms total ${r.plan.toFixed(0).padStart(6)} ms plan  ${r.query.replace(/\s+/g, ' ').slice(0, 160)}`,
    ),
  ];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function run() {
  const root = join(import.meta.dirname, '..');
  const build = compiledServer(root);
  if (!build) throw new Error('the server does not compile');
  log(`cluster bench: ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}; server from ${build.source}`);
  const sink = await startSmtpSink(await freePort());
  const cluster = new Cluster({
    buildRoot: build.main.replace(/\/dist\/server\/main\.js$/, ''),
    webs: EMAIL_ONLY ? 0 : 2,
    workers: 2,
    // As the messaging bench's worker (16 jobs at once).
    workerConcurrency: 16,
    ...(CPU_PROF ? { webNodeArgs: ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] } : {}),
    ...(WORKER_CPU_PROF ? { workerNodeArgs: ['--cpu-prof', `--cpu-prof-dir=${WORKER_CPU_PROF}`] } : {}),
  });
  let stopped = false;
  const stopAll = async () => {
    if (stopped) return;
    stopped = true;
    await cluster.stop().catch(() => {});
    await sink.stop();
  };
  try {
    await cluster.prepare();
    const pgStats = PG_STATS ? await enablePgStats(cluster) : null;
    const seed = await seedCluster(cluster.databaseUrl, cluster.env.SECRET_KEY!, sink.port, {
      clients: 200,
      contacts: 0,
    });
    await cluster.startProcesses();
    const postmaster = findPostmaster(cluster.pg.port);
    /**
     * CPU ms so far of each process of the deployment (PostgreSQL: the postmaster and its backends; `bench`:
     * this process, which runs autocannon), to share out a leg's CPU: which process a request or an e-mail
     * costs, and whether the two cores were the limit.
     */
    const cpuNow = (): Record<string, number> => ({
      ...Object.fromEntries(
        [...cluster.webs, ...cluster.workers, cluster.haproxy].map((p) => [
          p.name,
          p.pid ? procCpuMs(p.pid) : 0,
        ]),
      ),
      // The worker's JavaScript thread alone (without its GC, JIT and libuv threads).
      ...Object.fromEntries(
        cluster.workers.map((p) => [`${p.name}-main`, p.pid ? mainThreadCpuMs(p.pid) : 0]),
      ),
      postgres: postmaster ? clusterCpuMs(postmaster) : 0,
      sink: procCpuMs(sink.pid),
      bench: selfCpuMs(),
    });
    /** Per process, the CPU µs each unit of work cost between two readings (processes that used any). */
    const cpuPer = (a: Record<string, number>, b: Record<string, number>, units: number) =>
      Object.fromEntries(
        Object.keys(b)
          .map((k) => [k, Math.round(((b[k]! - (a[k] ?? 0)) * 1000) / units)] as const)
          .filter(([, v]) => v > 0),
      );
    /** The share of the machine's cores each process used over `ms` (1 = one core all the time). */
    const coreShare = (a: Record<string, number>, b: Record<string, number>, ms: number) =>
      Object.fromEntries(Object.keys(b).map((k) => [k, round((b[k]! - (a[k] ?? 0)) / ms, 2)]));
    const cpuLog: Record<string, unknown> = {};
    // The workers wait for the e-mail legs.
    await Promise.all(cluster.workers.map((w) => w.stop()));
    /**
     * 2. E-mails: a pre-filled outbox drained by one worker process, then by two; 3. the messaging bench's
     * SQLite e-mail leg. Their figures.
     */
    const emailLegs = async () => {
      // pg_stat_statements over each drain (BENCH_PG_STATS=1): statements per e-mail, and the costliest.
      const statsPool = PG_STATS ? new pg.Pool({ connectionString: cluster.databaseUrl, max: 1 }) : null;
      const handle = openDatabase({ databaseUrl: cluster.databaseUrl, poolSize: 4 });
      const ctx = benchContext(handle, {
        secretKey: cluster.env.SECRET_KEY!,
        rateLimitPerMinute: { email: 0, whatsapp: 0, sms: 0 },
      });
      let queued = 0;
      // Queued with the bulk send (`sendMany`, 500 per call), as routines and reminders queue theirs.
      const fill = async (leg: string) => {
        const t0 = performance.now();
        for (let i = 0; i < MESSAGES; i += 500) {
          await handle.db.transaction().execute((trx) =>
            sendMany(
              ctx,
              trx,
              Array.from({ length: Math.min(MESSAGES, i + 500) - i }, (_, k) => ({
                officeId: seed.officeId,
                to: { kind: 'address' as const, emails: [`cliente${i + k}@exemplo.com.br`] },
                channels: ['email' as const],
                template: 'messaging.test',
                vars: { user: { name: `Cliente ${i + k}` } },
                key: `${leg}:${i + k}`,
                cause: { kind: 'bench' },
              })),
            ),
          );
        }
        queued += MESSAGES;
        log(`${leg}: ${MESSAGES} queued in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      };
      // Timed from the first e-mail the sink accepts to the last (a worker's start is not the drain's).
      const drain = async (leg: string, workers: number) => {
        const t0 = performance.now();
        const before = sink.accepted.size;
        let first = 0;
        let c0: Record<string, number> = {};
        let firstCount = 0;
        let updates0: Awaited<ReturnType<typeof tableUpdates>> = {};
        await Promise.all(cluster.workers.slice(0, workers).map((_, i) => cluster.startWorker(i)));
        while (sink.accepted.size < queued) {
          if (!first && sink.accepted.size > before) {
            first = performance.now();
            c0 = cpuNow();
            firstCount = sink.accepted.size;
            await statsPool?.query('SELECT pg_stat_statements_reset()');
            if (statsPool) updates0 = await tableUpdates(statsPool);
          }
          if (performance.now() - t0 > 600_000) throw new Error(`${leg}: not drained in 10 min`);
          await sleep(10);
        }
        const perS = (MESSAGES - 1) / ((performance.now() - (first || t0)) / 1000);
        const c1 = cpuNow();
        const ms = performance.now() - first;
        const statements = statsPool ? await statementCount(statsPool) : null;
        const emails = sink.accepted.size - firstCount;
        await Promise.all(cluster.workers.map((w) => w.stop()));
        // From the first e-mail on (a worker's start-up is not the drain's).
        const perMessage = cpuPer(c0, c1, emails);
        cpuLog[leg] = {
          cpu_us_per_email: perMessage,
          cores: coreShare(c0, c1, ms),
          ...(statements === null ? {} : { statements_per_email: round(statements / emails, 2) }),
        };
        log(
          `${leg}: ${Math.round(perS)} e-mails/s; CPU µs per e-mail ${JSON.stringify(perMessage)}; cores used ${JSON.stringify(coreShare(c0, c1, ms))}; load ${loadavg()[0]!.toFixed(1)}`,
        );
        if (statsPool) {
          log(
            `${leg}: ${statements} statements, ${round(statements! / emails, 2)} per e-mail; by total time\n${(await topStatements(statsPool, 16)).join('\n')}`,
          );
          // The table statistics of the drain's last second come in after it.
          await sleep(1500);
          const updates1 = await tableUpdates(statsPool);
          log(
            `${leg}: row updates per e-mail (HOT of them) ${Object.entries(updates1)
              .map(([t, u]) => {
                const upd = u.upd - (updates0[t]?.upd ?? 0);
                const hot = u.hot - (updates0[t]?.hot ?? 0);
                return `${t} ${round(upd / emails, 2)} (${round(hot / emails, 2)})`;
              })
              .join(', ')}`,
          );
        }
        return perS;
      };
      // The e-mails the HTTP legs caused (chat posts tell the client) go first, so each leg drains its own.
      queued = Number(
        (
          await handle.db
            .selectFrom('messages')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('channel', '=', 'email')
            .executeTakeFirstOrThrow()
        ).n,
      );
      await Promise.all(cluster.workers.map((_, i) => cluster.startWorker(i)));
      while (sink.accepted.size < queued) await sleep(50);
      await Promise.all(cluster.workers.map((w) => w.stop()));
      log(`the HTTP legs' ${queued} e-mails delivered first`);
      await fill('one-worker');
      const oneWorker = await drain('one worker', 1);
      let twoWorkers: number | null = null;
      if (!ONE_WORKER_ONLY) {
        await fill('two-workers');
        twoWorkers = await drain('two workers', 2);
      }
      await statsPool?.end();
      const ids = (
        await handle.db.selectFrom('messages').select('id').where('channel', '=', 'email').execute()
      ).map((m) => m.id);
      await handle.destroy();
      const lost = ids.filter((id) => !sink.accepted.has(id)).length;
      const duplicated = sink.repeated.length;

      const rss = Object.fromEntries(
        [...cluster.webs, ...cluster.workers, cluster.haproxy].map((p) => [
          `peak_rss_mb_${p.name}`,
          round(p.peakRssMb),
        ]),
      );
      log(`peak RSS (MiB): ${JSON.stringify(rss)}`);
      await stopAll();

      // 3. The messaging bench's SQLite e-mail leg, in this run (same machine, same moment).
      const sqlite = await runChannel('sqlite', 'email');
      return {
        lost,
        duplicated,
        messages: MESSAGES,
        // The headline is one worker process: on these 2 cores, shared with PostgreSQL and the SMTP server,
        // a second one adds its own CPU and nothing the first lacked (docs/benchmarks.md, cluster).
        pg_emails_per_s: round(oneWorker),
        pg_emails_workers: 1,
        pg_emails_per_s_one_worker: round(oneWorker),
        ...(twoWorkers === null ? {} : { pg_emails_per_s_two_workers: round(twoWorkers) }),
        sqlite_emails_per_s: sqlite.perS,
        ...rss,
      };
    };
    if (EMAIL_ONLY) {
      return {
        ...(await emailLegs()),
        load_avg: round(loadavg()[0]!),
        cpu: JSON.stringify(cpuLog),
      };
    }
    const session = await loginOver(cluster.url, seed.adminEmail, seed.password);
    const chatTickets: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${cluster.url}/api/tickets`, {
        method: 'POST',
        headers: { ...session.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: seed.clientIds[i], subject: `Conversa ${i + 1}` }),
      });
      if (res.status !== 201) throw new Error(`ticket: ${res.status} ${await res.text()}`);
      chatTickets.push(((await res.json()) as { id: string }).id);
    }

    // 1. HTTP through haproxy: one web process, then two.
    const load = async (label: string): Promise<LoadResult> => {
      if (pgStats) await pgStats.query('SELECT pg_stat_statements_reset()');
      const c0 = cpuNow();
      const t0 = performance.now();
      const r = await mixedLoad(cluster.url, session, {
        connections: CONNECTIONS,
        seconds: SECONDS,
        clientIds: seed.clientIds,
        chatTickets,
        tag: label,
      });
      log(
        `${label}: ${Math.round(r.rps)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.errors} errors, ${r.fiveXx} failed; served by ${JSON.stringify(r.servedBy)}; ${r.files.length} files; load ${loadavg()[0]!.toFixed(1)}`,
      );
      const c1 = cpuNow();
      const ms = performance.now() - t0;
      cpuLog[label] = { cpu_us_per_request: cpuPer(c0, c1, r.requests), cores: coreShare(c0, c1, ms) };
      log(
        `${label}: CPU µs per request ${JSON.stringify(cpuPer(c0, c1, r.requests))}; cores used ${JSON.stringify(coreShare(c0, c1, ms))}`,
      );
      log(`${label}: p50/p99 ms by kind ${JSON.stringify(r.latencyByStep)}`);
      log(`${label}: answers by kind and status ${JSON.stringify(r.byStep)}`);
      log(`${label}: requests ${r.requests}`);
      if (pgStats)
        log(`${label}: PostgreSQL statements by total time\n${(await topStatements(pgStats)).join('\n')}`);
      return r;
    };
    await cluster.webs[1]!.stop();
    await cluster.waitServer('web2', 'DOWN');
    const one = await load('one web');
    await cluster.startWeb(1);
    await cluster.waitServer('web2', 'UP');
    const two = await load('two web');
    await pgStats?.end();
    // The HTTP legs' figures, in both the HTTP-only and the whole run's JSON line.
    const http = {
      connections: CONNECTIONS,
      seconds: SECONDS,
      rps_one_web: round(one.rps),
      rps_two_web: round(two.rps),
      rps_ratio: round(two.rps / one.rps, 2),
      p99_ms_one_web: one.p99Ms,
      p99_ms: two.p99Ms,
      p50_ms: two.p50Ms,
    };
    if (HTTP_ONLY) {
      await stopAll();
      return {
        ...http,
        p50_ms_one_web: one.p50Ms,
        errors: one.errors + two.errors + one.fiveXx + two.fiveXx,
        load_avg: round(loadavg()[0]!),
        cpu: JSON.stringify(cpuLog),
      };
    }

    const errors = one.errors + two.errors + one.fiveXx + two.fiveXx;
    return {
      ...http,
      errors,
      ...(await emailLegs()),
      load_avg: round(loadavg()[0]!),
      // Per leg: CPU µs per request or e-mail of each process, and the cores each used.
      cpu: JSON.stringify(cpuLog),
    };
  } finally {
    await stopAll();
    build.remove();
  }
}
