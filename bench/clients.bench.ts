/**
 * clients — the clients list at 100,000 clients in one office, on SQLite and on PostgreSQL, plus the
 * start time and idle memory of the real server process on that SQLite data set.
 *
 * Latencies are measured through `app.inject()` on the real Fastify app (routing, session auth,
 * zod validation, the list queries and response serialisation; no TCP socket), sequentially,
 * after 20 warm-up requests of each kind. The text search (a full scan, no target) stops early once
 * its timed requests pass 30 s; `*_search_n` says how many were measured.
 *
 * Start time and idle RSS come from the real server process on the SQLite data set: the compiled
 * build (`dist/server/main.js`, or a throwaway `tsc` build of it when dist/ is absent or stale; 3 runs,
 * median start and median RSS, with the three values and the highest) and, for comparison, one run under
 * the tsx loader. The first start is the one right after the load: it runs the `ANALYZE` of `PRAGMA
 * optimize` on tables that have no statistics yet, so it is always one of the three.
 *
 * Knobs (for quick runs while developing; the documented figures use the defaults):
 *   BENCH_CLIENTS=100000  BENCH_REQUESTS=200  BENCH_EXPLAIN=1 (print the query plans of each kind)
 *   BENCH_ONLY=sqlite|postgres (skip the other dialect; `sqlite` includes the start measurement)
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { registerCatalog } from '../src/server/catalog.js';
import { type DatabaseHandle, type DialectName, openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { listClients } from '../src/server/modules/clients/clients.repo.js';
import type { ClientListQuery } from '../src/server/modules/clients/clients.schema.js';
import { compiledServer } from '../test/support/compiled-server.js';
import { benchApp, benchContext, login, seedBenchOffice } from './support/app.js';
import { buildClientData, insertClientData } from './support/clients-data.js';
import { clusterCpuMs, findPostmaster, selfCpuMs } from './support/cpu.js';
import { type ExplainTarget, explainQueries } from './support/explain.js';
import { say } from './support/log.js';
import { onBenchDatabase } from './support/pg.js';
import { rssMb } from './support/rss.js';
import { startServer } from './support/server.js';
import { measure, round, summarize, timed } from './support/stats.js';

registerCatalog();

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const WARMUP = 20;
const PAGE_SIZE = 25;
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
const ONLY = process.env.BENCH_ONLY as 'sqlite' | 'postgres' | undefined;
/** Server starts measured (the project's rule: a bench reports the median of three). */
const START_RUNS = 3;
const SEARCH_BUDGET_MS = 30_000;
const IDLE_WAIT_MS = 3000;

export const targets = { page_p95_ms: 50, start_ms: 2000, idle_rss_mb: 200 };

const middlePage = Math.max(1, Math.round(CLIENTS / PAGE_SIZE / 2));
/** The requests measured, with the query the repository receives (for EXPLAIN). */
const kinds = {
  first: { url: `/api/clients?page=1&pageSize=${PAGE_SIZE}`, query: {} },
  middle: { url: `/api/clients?page=${middlePage}&pageSize=${PAGE_SIZE}`, query: { page: middlePage } },
  filtered: {
    url: `/api/clients?page=1&pageSize=${PAGE_SIZE}&status=inactive&class=B&sort=createdAt&order=desc`,
    query: { status: 'inactive', class: 'B', sort: 'createdAt', order: 'desc' },
  },
  search: { url: `/api/clients?page=1&pageSize=${PAGE_SIZE}&q=padaria`, query: { q: 'padaria' } },
} as const satisfies Record<string, { url: string; query: Partial<ClientListQuery> }>;
type Kind = keyof typeof kinds;
const pageKinds: Kind[] = ['first', 'middle', 'filtered'];

interface Page {
  items: { status: string; class: string | null; legalName: string; createdAt: string }[];
  total: number;
}

/**
 * Migrates, seeds one office with CLIENTS clients and measures every kind of list request: latency,
 * and CPU per request (`cpuMs` reads this process plus, on PostgreSQL, the cluster's processes).
 */
async function benchDialect(handle: DatabaseHandle, explainTarget: ExplainTarget, cpuMs: () => number) {
  const dialect: DialectName = handle.dialect;
  const figures: Record<string, number> = {};
  await migrateToLatest(handle.db);
  const ctx = benchContext(handle);
  const { office, admin } = await seedBenchOffice(ctx);

  const built = await timed(async () => buildClientData(office.id, { count: CLIENTS }));
  const data = built.value;
  const inserted = await timed(() => insertClientData(handle.db, dialect, data));
  say(
    `  ${dialect}: ${data.rows.length} clients + ${data.tags.length} tags built in ${round(built.ms / 1000, 2)} s, inserted in ${round(inserted.ms / 1000, 2)} s`,
  );
  figures[`${dialect}_insert_s`] = round(inserted.ms / 1000, 2);
  if (dialect === 'postgres') {
    // The steady state autovacuum reaches after a bulk load: fresh statistics and a full visibility map
    // (index-only scans skip the heap). One pass right after the load leaves part of the pages
    // not all-visible here, so repeat (at most 3 passes) until the map is full, as autovacuum would.
    const t0 = performance.now();
    let vis = { pages: 0, visible: -1, passes: 0 };
    while (vis.visible < vis.pages && vis.passes < 3) {
      await sql`VACUUM ANALYZE`.execute(handle.db);
      const r = await sql<{ relpages: number; relallvisible: number }>`
        select relpages, relallvisible from pg_class where relname = 'clients'`.execute(handle.db);
      vis = { pages: r.rows[0]!.relpages, visible: r.rows[0]!.relallvisible, passes: vis.passes + 1 };
    }
    say(
      `  postgres: VACUUM ANALYZE ×${vis.passes} in ${round((performance.now() - t0) / 1000, 2)} s; clients pages all-visible: ${vis.visible}/${vis.pages}`,
    );
  }

  const app = await benchApp(ctx);
  try {
    const session = await login(app, admin.email);

    // Sanity: the pages hold what they claim, so we time real work.
    const first = await session.get<Page>(kinds.first.url);
    if (first.total !== CLIENTS || first.items.length !== PAGE_SIZE) {
      throw new Error(`first page: total ${first.total}, ${first.items.length} items`);
    }
    const middle = await session.get<Page>(kinds.middle.url);
    if (middle.items.length !== PAGE_SIZE) throw new Error(`middle page has ${middle.items.length} items`);
    const filtered = await session.get<Page>(kinds.filtered.url);
    if (!filtered.items.length || filtered.items.some((c) => c.status !== 'inactive' || c.class !== 'B')) {
      throw new Error('filtered page does not match its filter');
    }
    const search = await session.get<Page>(kinds.search.url);
    if (!search.items.length || search.items.some((c) => !/padaria/i.test(c.legalName))) {
      throw new Error('search page does not match "padaria"');
    }
    say(
      `  ${dialect}: totals — all ${first.total}, filtered ${filtered.total}, search "padaria" ${search.total}; middle page = ${middlePage}`,
    );

    for (const kind of Object.keys(kinds) as Kind[]) {
      const url = kinds[kind].url;
      // The pages always get all REQUESTS; the full-scan search may stop at SEARCH_BUDGET_MS (reported as _n).
      const budget = kind === 'search' ? { budgetMs: SEARCH_BUDGET_MS, minIterations: 50 } : undefined;
      for (let i = 0; i < WARMUP; i++) await session.get(url);
      const cpu0 = cpuMs();
      const times = await measure(() => session.get(url), REQUESTS, 0, budget);
      const cpu = (cpuMs() - cpu0) / times.length;
      const s = summarize(times);
      figures[`${dialect}_${kind}_p50_ms`] = round(s.p50);
      figures[`${dialect}_${kind}_p95_ms`] = round(s.p95);
      figures[`${dialect}_${kind}_cpu_ms`] = round(cpu);
      if (kind === 'search') figures[`${dialect}_search_n`] = s.n;
      say(
        `  ${dialect} ${kind.padEnd(8)} p50 ${s.p50.toFixed(1).padStart(6)} ms  p95 ${s.p95.toFixed(1).padStart(6)} ms  max ${s.max.toFixed(1).padStart(6)} ms  CPU ${cpu.toFixed(1).padStart(6)} ms/request  (${s.n} requests)`,
      );
      if (EXPLAIN || (kind !== 'search' && s.p95 >= targets.page_p95_ms)) {
        const query: ClientListQuery = {
          page: 1,
          pageSize: PAGE_SIZE,
          sort: 'legalName',
          order: 'asc',
          ...kinds[kind].query,
        };
        const plans = await explainQueries(explainTarget, (db) => listClients(db, office.id, query));
        for (const p of plans) say(`    plan: ${p.replace(/\n/g, '\n    ')}`);
      }
    }
  } finally {
    await app.close();
  }
  figures[`${dialect}_page_p95_ms`] = Math.max(...pageKinds.map((k) => figures[`${dialect}_${k}_p95_ms`]!));
  return figures;
}

/** Starts the real server on the SQLite data set `runs` times: median start, median and highest RSS after 3 s idle. */
async function startRuns(label: string, nodeArgs: string[], dataDir: string, runs: number) {
  const starts: number[] = [];
  const cpus: number[] = [];
  const rss: number[] = [];
  say(`  ${label}: node ${nodeArgs.join(' ')}`);
  for (let i = 0; i < runs; i++) {
    const server = await startServer(root, nodeArgs, {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DEMO_SEED: 'false',
    });
    try {
      starts.push(server.startMs);
      cpus.push(server.startCpuMs);
      await new Promise((r) => setTimeout(r, IDLE_WAIT_MS));
      rss.push(rssMb(server.pid));
      say(
        `    run ${i + 1}: healthy after ${server.startMs.toFixed(0)} ms (CPU ${server.startCpuMs.toFixed(0)} ms); RSS after ${IDLE_WAIT_MS / 1000} s idle ${rss[i]!.toFixed(1)} MB`,
      );
    } finally {
      await server.stop();
    }
  }
  return {
    startMs: Math.round(summarize(starts).p50),
    startMaxMs: Math.round(Math.max(...starts)),
    startMinMs: Math.round(Math.min(...starts)),
    startCpuMs: Math.round(summarize(cpus).p50),
    rssMb: round(summarize(rss).p50),
    rssMaxMb: round(Math.max(...rss)),
    rssRuns: rss.map((v) => v.toFixed(1)).join(', '),
    startRuns: starts.map((v) => v.toFixed(0)).join(', '),
  };
}

/**
 * Start time and idle RSS of the compiled server (what `npm start` runs: the project's dist/ build, or a
 * throwaway build of it) — the headline figures — and, for comparison, of the tsx dev loader.
 */
async function benchStart(dataDir: string): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  const build = compiledServer(root);
  try {
    if (build) {
      if (build.source === 'temp-build' && existsSync(join(root, 'dist/server/main.js'))) {
        say('  dist/server is older than src/server: building a fresh copy instead');
      }
      if (build.source === 'temp-build')
        say(
          `  compiled the server (tsc -p tsconfig.server.json) into a temp dir in ${round(build.ms / 1000, 1)} s`,
        );
      const compiled = await startRuns(
        `compiled (${build.source})`,
        [build.main, 'web'],
        dataDir,
        START_RUNS,
      );
      Object.assign(out, {
        start_ms: compiled.startMs,
        start_min_ms: compiled.startMinMs,
        start_max_ms: compiled.startMaxMs,
        start_cpu_ms: compiled.startCpuMs,
        idle_rss_mb: compiled.rssMb,
        idle_rss_max_mb: compiled.rssMaxMb,
        idle_rss_runs_mb: compiled.rssRuns,
        start_runs_ms: compiled.startRuns,
        start_mode:
          build.source === 'dist' ? 'node dist/server/main.js web' : 'node <temp tsc build>/main.js web',
      });
    }
    const dev = await startRuns('tsx', ['--import', 'tsx', 'src/server/main.ts', 'web'], dataDir, 1);
    Object.assign(out, { start_tsx_ms: dev.startMs, idle_rss_tsx_mb: dev.rssMb });
    if (!build) {
      say('  the compiled build failed: headline figures are from tsx');
      Object.assign(out, {
        start_ms: dev.startMs,
        start_min_ms: dev.startMinMs,
        start_max_ms: dev.startMaxMs,
        start_cpu_ms: dev.startCpuMs,
        idle_rss_mb: dev.rssMb,
        start_mode: 'node --import tsx src/server/main.ts web',
      });
    }
  } finally {
    build?.remove();
  }
  return out;
}

/** SQLite in <dataDir>/expediente.sqlite, then the real server started on that same data set. */
async function benchSqlite(): Promise<Record<string, number | string>> {
  say('SQLite');
  const dataDir = mkdtempSync(join(tmpdir(), 'expediente-bench-'));
  try {
    const file = join(dataDir, 'expediente.sqlite');
    const handle = openDatabase({ sqliteFile: file });
    let figures: Record<string, number | string>;
    try {
      figures = await benchDialect(handle, { dialect: 'sqlite', file }, selfCpuMs);
    } finally {
      await handle.destroy();
    }
    say('Server start (SQLite data set)');
    return { ...figures, ...(await benchStart(dataDir)) };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A throwaway PostgreSQL cluster and database, measured like SQLite; CPU includes the cluster's processes. */
async function benchPostgres(): Promise<Record<string, number>> {
  say('PostgreSQL');
  return onBenchDatabase('bench_clients', {}, async (handle, url, cluster) => {
    const postmaster = findPostmaster(cluster.port);
    if (postmaster === undefined) say('  (postmaster not found: CPU figures cover this process only)');
    const cpu = () => selfCpuMs() + (postmaster === undefined ? 0 : clusterCpuMs(postmaster));
    return benchDialect(handle, { dialect: 'postgres', url }, cpu);
  });
}

export async function run(): Promise<Record<string, number | string>> {
  say(`clients: ${CLIENTS} clients in one office, ${REQUESTS} requests per kind after ${WARMUP} warm-up`);
  const figures: Record<string, number | string> = {
    clients: CLIENTS,
    requests: REQUESTS,
    loadavg_start: round(loadavg()[0]!, 2),
  };

  if (ONLY !== 'postgres') Object.assign(figures, await benchSqlite());
  if (ONLY !== 'sqlite') Object.assign(figures, await benchPostgres());

  const checks: [string, number, number][] = [
    ['sqlite_page_p95_ms', Number(figures.sqlite_page_p95_ms), targets.page_p95_ms],
    ['postgres_page_p95_ms', Number(figures.postgres_page_p95_ms), targets.page_p95_ms],
    ['start_ms', Number(figures.start_ms), targets.start_ms],
    ['idle_rss_mb', Number(figures.idle_rss_mb), targets.idle_rss_mb],
  ];
  say('Targets');
  for (const [key, value, limit] of checks)
    say(`  ${key.padEnd(22)} ${String(value).padStart(8)} < ${limit}  ${value < limit ? 'pass' : 'FAIL'}`);
  say(
    `  (search, no target) sqlite_search_p95_ms ${figures.sqlite_search_p95_ms}, pg_search_p95_ms ${figures.postgres_search_p95_ms}`,
  );
  say(
    `  (start: median of ${START_RUNS} runs; fastest ${figures.start_min_ms} ms, CPU used by then ${figures.start_cpu_ms} ms)`,
  );
  say(
    `  (idle RSS: median of ${START_RUNS} runs; the runs ${figures.idle_rss_runs_mb} MB, highest ${figures.idle_rss_max_mb} MB)`,
  );
  figures.loadavg_end = round(loadavg()[0]!, 2);
  say(
    `  1-minute load average: ${figures.loadavg_start} at start, ${figures.loadavg_end} at the end (2 cores)`,
  );
  figures.targets_met = checks.every(([, v, l]) => v < l) ? 'yes' : 'no';

  // `pg_*` in the JSON line (the names), `postgres_*` in the progress lines above.
  return Object.fromEntries(Object.entries(figures).map(([k, v]) => [k.replace(/^postgres_/, 'pg_'), v]));
}
