/**
 * tickets — the Atendimentos grid at 200,000 tickets in one office, on SQLite and on PostgreSQL, and the
 * sustained rate of status moves, each with its status e-mail enqueued in the outbox.
 *
 * Grid latencies are measured through `app.inject()` on the real Fastify app (routing, session auth, zod
 * validation, the list queries with their count, the SLA view of each row and the serialisation; no TCP
 * socket), sequentially, after 20 warm-up requests of each kind.
 *
 * Moves are measured through the service (`moveTicket`: one transaction that checks the version and the
 * workflow, updates the ticket and its SLA, records the movement, writes the `item.stage_entered` event
 * and runs the built-in rule, which renders the e-mail into the outbox with its delivery job), on tickets
 * whose requester has an e-mail: open → analyzing → waiting → done, so the SLA clock stops on the way.
 * 32 tickets move at once on SQLite (the load of an office's busy hour and its integrations: moves that
 * arrive together share one COMMIT, see src/server/db/group-commit.ts), 8 at a time on PostgreSQL; the
 * latency of each move under that load is reported with the rate. The moves are measured three times,
 * on three distinct sets of tickets, after one warm-up: the rate and CPU per move are the median of
 * the three (`*_moves_per_s_runs` lists them), the latency percentiles pool the three runs' moves.
 *
 * Knobs (quick runs while developing; the documented figures use the defaults):
 *   BENCH_TICKETS=200000  BENCH_REQUESTS=200  BENCH_MOVES=6000 (per run)  BENCH_EXPLAIN=1  BENCH_ONLY=sqlite|postgres
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { registerCatalog } from '../src/server/catalog.js';
import type { AppContext } from '../src/server/context.js';
import { type DatabaseHandle, type DialectName, openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import type { TicketRow } from '../src/server/db/schema.js';
import { newId } from '../src/server/ids.js';
import { createCatalogService } from '../src/server/modules/clients/index.js';
import { createUser } from '../src/server/modules/platform/index.js';
import { moveTicket, type TicketStatus } from '../src/server/modules/tickets/index.js';
import { listTicketRows, type ResolvedFilter } from '../src/server/modules/tickets/tickets.repo.js';
import type { TicketSort } from '../src/server/modules/tickets/tickets.schema.js';
import { pickFrom, seededRandom } from '../src/shared/seeded-random.js';
import { benchApp, benchContext, login, seedBenchOffice } from './support/app.js';
import { buildClientData, insertClientData } from './support/clients-data.js';
import { clusterCpuMs, findPostmaster, selfCpuMs } from './support/cpu.js';
import { type ExplainTarget, explainQueries } from './support/explain.js';
import { say } from './support/log.js';
import { onBenchDatabase } from './support/pg.js';
import { measure, round, summarize, timed } from './support/stats.js';

registerCatalog();

const TICKETS = Number(process.env.BENCH_TICKETS ?? 200_000);
const CLIENTS = 5_000;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const MOVES = Number(process.env.BENCH_MOVES ?? 6_000);
const WARMUP = 20;
const PAGE_SIZE = 25;
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
const ONLY = process.env.BENCH_ONLY as 'sqlite' | 'postgres' | undefined;
const MOVE_CONCURRENCY: Record<DialectName, number> = { sqlite: 32, postgres: 8 };
/** Measured move runs (the project's rule: a bench reports the median of three). */
const MOVE_RUNS = 3;
const MOVE_PATH: TicketStatus[] = ['analyzing', 'waiting', 'done'];
const MOVE_WARMUP_TICKETS = 20;
/** Tickets one run moves through MOVE_PATH. */
const TICKETS_PER_RUN = Math.ceil(MOVES / MOVE_PATH.length);

export const targets = { page_p95_ms: 50, sqlite_moves_per_s: 1000 };

const statusShares: [TicketStatus, number][] = [
  ['open', 0.1],
  ['reopened', 0.02],
  ['analyzing', 0.15],
  ['waiting', 0.1],
  ['cancelled', 0.05],
  ['rejected', 0.03],
  ['done', 0.55],
];
const subjects = [
  'Alteração contratual',
  'Abertura de filial',
  'Segunda via de guia',
  'Dúvida sobre a folha',
  'Parcelamento de débitos',
  'Certidão negativa',
  'Declaração de IRPF',
  'Cobrança de honorários',
  'Baixa de empresa',
  'Emissão de nota fiscal',
];

interface World {
  officeId: string;
  adminId: string;
  adminEmail: string;
  userIds: string[];
  clientIds: string[];
  serviceIds: string[];
  /** Tickets left open and never moved, with their ids in number order (the moves bench uses them). */
  movable: string[];
  /** Opened-at span of the data set (for the date filter). */
  lastOpenedAt: number;
}

/** One office: 10 users, 5,000 clients (each with an e-mail), 8 services (4 with an SLA policy), TICKETS tickets. */
export async function seed(ctx: AppContext, dialect: DialectName): Promise<World> {
  const random = seededRandom(5003);
  const { office, admin, professions } = await seedBenchOffice(ctx);
  const actor = { officeId: office.id, userId: admin.id };
  const userIds = [admin.id];
  for (let i = 1; i < 10; i++) {
    const u = await createUser(ctx, actor, {
      name: `Analista ${i}`,
      email: `analista${i}@bench.com.br`,
      role: 'staff',
      supervisorId: null,
      professionIds: [professions[i % professions.length]!.id],
      password: 'bench-password-123',
      active: true,
    });
    userIds.push(u.id);
  }
  const serviceIds: string[] = [];
  for (let i = 0; i < 8; i++) {
    const s = await createCatalogService(ctx, actor, {
      name: `Serviço ${i + 1}`,
      defaultValueCents: 10_000 * (i + 1),
      active: true,
    });
    serviceIds.push(s.id);
  }
  const now = new Date().toISOString();
  await ctx.db
    .insertInto('ticket_sla_policies')
    .values(
      serviceIds.slice(0, 4).map((id) => ({
        office_id: office.id,
        service_id: id,
        first_response_minutes: 240,
        resolution_minutes: 2400,
        updated_at: now,
      })),
    )
    .execute();

  const clients = buildClientData(office.id, { count: CLIENTS });
  await insertClientData(ctx.db, dialect, clients);
  const clientIds = clients.rows.map((r) => r.id);

  const end = Date.now();
  const span = 2 * 365 * 86_400_000;
  const rows: TicketRow[] = [];
  const movable: string[] = [];
  for (let i = 0; i < TICKETS; i++) {
    const roll = random();
    let acc = 0;
    let status: TicketStatus = 'done';
    for (const [s, share] of statusShares) {
      acc += share;
      if (roll < acc) {
        status = s;
        break;
      }
    }
    const opened = end - span + Math.floor((i / TICKETS) * span);
    const updated = Math.min(end, opened + Math.floor(random() * 30 * 86_400_000));
    const serviceIndex = Math.floor(random() * 9);
    const serviceId = serviceIndex < 8 ? serviceIds[serviceIndex]! : null;
    const withSla = serviceIndex < 4;
    const moved = status === 'open' ? 0 : 1 + Math.floor(random() * 3);
    const closed = status === 'cancelled' || status === 'rejected' || status === 'done';
    const subject = `${pickFrom(subjects, random)} ${i + 1}`;
    const id = newId();
    if (status === 'open' && movable.length < MOVE_WARMUP_TICKETS + MOVE_RUNS * TICKETS_PER_RUN)
      movable.push(id);
    rows.push({
      id,
      office_id: office.id,
      number: i + 1,
      client_id: pickFrom(clientIds, random),
      contact_id: null,
      service_id: serviceId,
      accountant_id: admin.id,
      responsible_id: pickFrom(userIds, random),
      subject,
      subject_key: subject
        .toLowerCase()
        .normalize('NFD')
        .replace(/\p{Diacritic}/gu, ''),
      description: null,
      value_cents: 10_000 + Math.floor(random() * 500_000),
      kind: random() < 0.1 ? 'debt_collection' : 'service',
      due_date: null,
      debt_cents: null,
      status,
      opened_at: new Date(opened).toISOString(),
      updated_at: new Date(updated).toISOString(),
      closed_at: closed ? new Date(updated).toISOString() : null,
      version: moved + 1,
      movement_count: moved,
      notify_count: 0,
      notified_at: null,
      created_by: admin.id,
      sla_first_response_minutes: withSla ? 240 : null,
      sla_resolution_minutes: withSla ? 2400 : null,
      sla_first_response_due_at: withSla ? new Date(opened + 86_400_000).toISOString() : null,
      sla_resolution_due_at: withSla ? new Date(opened + 7 * 86_400_000).toISOString() : null,
      sla_remaining_ms: withSla && status === 'waiting' ? 3_600_000 : withSla && closed ? 1 : null,
      first_responded_at: moved ? new Date(updated).toISOString() : null,
    });
  }
  const perStatement = dialect === 'sqlite' ? 500 : 1000;
  for (let t = 0; t < rows.length; t += 20_000) {
    const slice = rows.slice(t, t + 20_000);
    await ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < slice.length; i += perStatement)
        await trx
          .insertInto('tickets')
          .values(slice.slice(i, i + perStatement))
          .execute();
    });
  }
  await ctx.db.insertInto('ticket_counters').values({ office_id: office.id, last_number: TICKETS }).execute();
  const perStatus = new Map<TicketStatus, number>(statusShares.map(([s]) => [s, 0]));
  for (const r of rows) perStatus.set(r.status, perStatus.get(r.status)! + 1);
  await ctx.db
    .insertInto('ticket_status_counts')
    .values([...perStatus].map(([status, n]) => ({ office_id: office.id, status, n })))
    .execute();
  return {
    officeId: office.id,
    adminId: admin.id,
    adminEmail: admin.email,
    userIds,
    clientIds,
    serviceIds,
    movable,
    lastOpenedAt: end,
  };
}

interface Kind {
  url: string;
  /** The repository's filter and page, for EXPLAIN. */
  filter: Omit<ResolvedFilter, 'officeId'>;
  sort: TicketSort;
  order: 'asc' | 'desc';
  offset: number;
}

function kindsOf(w: World): Record<string, Kind> {
  const month = new Date(w.lastOpenedAt - 60 * 86_400_000).toISOString().slice(0, 10);
  const monthEnd = new Date(w.lastOpenedAt - 30 * 86_400_000).toISOString().slice(0, 10);
  const middle = Math.round(TICKETS / PAGE_SIZE / 2);
  const base = { sort: 'number' as TicketSort, order: 'desc' as const, offset: 0 };
  return {
    first: { url: `/api/tickets?page=1&pageSize=${PAGE_SIZE}`, filter: {}, ...base },
    open_statuses: {
      url: `/api/tickets?status=open,reopened,analyzing,waiting&pageSize=${PAGE_SIZE}`,
      filter: { statuses: ['open', 'reopened', 'analyzing', 'waiting'] },
      ...base,
    },
    mine: {
      url: `/api/tickets?mine=true&status=open,analyzing&pageSize=${PAGE_SIZE}`,
      filter: { responsibleId: w.adminId, statuses: ['open', 'analyzing'] },
      ...base,
    },
    client: {
      url: `/api/tickets?clientId=${w.clientIds[7]}&pageSize=${PAGE_SIZE}`,
      filter: { clientId: w.clientIds[7] },
      ...base,
    },
    service_status: {
      url: `/api/tickets?serviceId=${w.serviceIds[2]}&status=done&sort=updatedAt&order=desc&pageSize=${PAGE_SIZE}`,
      filter: { serviceId: w.serviceIds[2], statuses: ['done'] },
      sort: 'updatedAt',
      order: 'desc',
      offset: 0,
    },
    opened_month: {
      url: `/api/tickets?openedFrom=${month}&openedTo=${monthEnd}&sort=openedAt&order=desc&pageSize=${PAGE_SIZE}`,
      filter: {},
      sort: 'openedAt',
      order: 'desc',
      offset: 0,
    },
    middle: {
      url: `/api/tickets?page=${middle}&pageSize=${PAGE_SIZE}`,
      filter: {},
      sort: 'number',
      order: 'desc',
      offset: (middle - 1) * PAGE_SIZE,
    },
  };
}

/** Moves each of `ids` through MOVE_PATH, checking that every move queued its e-mail; returns the latencies. */
async function moveAll(ctx: AppContext, w: World, ids: string[], concurrency: number): Promise<number[]> {
  const actor = { officeId: w.officeId, userId: w.adminId };
  const latency: number[] = [];
  const runTicket = async (id: string) => {
    let version = Number(
      (await ctx.db.selectFrom('tickets').select('version').where('id', '=', id).executeTakeFirstOrThrow())
        .version,
    );
    for (const to of MOVE_PATH) {
      const started = performance.now();
      const out = await moveTicket(ctx, actor, id, { to, comment: 'bench', version });
      latency.push(performance.now() - started);
      if (out.email.status !== 'queued') throw new Error(`e-mail not queued: ${JSON.stringify(out.email)}`);
      version = out.ticket.version;
    }
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ids.length) await runTicket(ids[next++]!);
    }),
  );
  return latency;
}

async function queuedStatusEmails(ctx: AppContext, w: World): Promise<number> {
  const queued = await ctx.db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('office_id', '=', w.officeId)
    .where('template', '=', 'tickets.status-changed')
    .where('status', '=', 'queued')
    .executeTakeFirstOrThrow();
  return Number(queued.n);
}

interface MoveRun {
  perS: number;
  n: number;
  cpuMsPerMove: number;
}

/**
 * Moves `open → analyzing → waiting → done`: a warm-up on the first tickets (sequential, not timed), then
 * MOVE_RUNS timed runs, each over its own TICKETS_PER_RUN tickets, `concurrency` at a time. Checks after
 * each run that every move so far left exactly one queued e-mail.
 */
async function benchMoves(
  ctx: AppContext,
  w: World,
  concurrency: number,
  cpuMs: () => number,
): Promise<{ runs: MoveRun[]; latency: number[] }> {
  const warm = w.movable.slice(0, MOVE_WARMUP_TICKETS);
  await moveAll(ctx, w, warm, 1);
  let expected = warm.length * MOVE_PATH.length;
  const runs: MoveRun[] = [];
  const latency: number[] = [];
  for (let r = 0; r < MOVE_RUNS; r++) {
    const start = MOVE_WARMUP_TICKETS + r * TICKETS_PER_RUN;
    const ids = w.movable.slice(start, start + TICKETS_PER_RUN);
    const t0 = performance.now();
    const cpu0 = cpuMs();
    latency.push(...(await moveAll(ctx, w, ids, concurrency)));
    const ms = performance.now() - t0;
    const cpu = cpuMs() - cpu0;
    const n = ids.length * MOVE_PATH.length;
    runs.push({ perS: (n / ms) * 1000, n, cpuMsPerMove: cpu / n });
    expected += n;
    const queued = await queuedStatusEmails(ctx, w);
    if (queued !== expected) throw new Error(`${queued} e-mails queued, expected ${expected}`);
  }
  return { runs, latency };
}

/** The middle value of an odd-length list (the median of the three runs). */
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function benchDialect(handle: DatabaseHandle, explainTarget: ExplainTarget, cpuMs: () => number) {
  const dialect = handle.dialect;
  const figures: Record<string, number> = {};
  await migrateToLatest(handle.db);
  const ctx = benchContext(handle);
  const seeded = await timed(() => seed(ctx, dialect));
  const w = seeded.value;
  say(`  ${dialect}: ${TICKETS} tickets, ${CLIENTS} clients seeded in ${round(seeded.ms / 1000, 1)} s`);
  figures[`${dialect}_seed_s`] = round(seeded.ms / 1000, 1);
  if (dialect === 'postgres') await sql`VACUUM ANALYZE`.execute(handle.db);
  else await sql`ANALYZE`.execute(handle.db);

  const app = await benchApp(ctx);
  const kinds = kindsOf(w);
  try {
    const session = await login(app, w.adminEmail);
    for (const [name, kind] of Object.entries(kinds)) {
      const page = await session.get<{ total: number; items: unknown[] }>(kind.url);
      if (!page.items.length) throw new Error(`${name}: empty page`);
      for (let i = 0; i < WARMUP; i++) await session.get(kind.url);
      const cpu0 = cpuMs();
      const times = await measure(() => session.get(kind.url), REQUESTS, 0);
      const cpu = (cpuMs() - cpu0) / times.length;
      const s = summarize(times);
      figures[`${dialect}_${name}_p95_ms`] = round(s.p95);
      say(
        `  ${dialect} ${name.padEnd(15)} p50 ${s.p50.toFixed(1).padStart(6)} ms  p95 ${s.p95.toFixed(1).padStart(6)} ms  CPU ${cpu.toFixed(1).padStart(5)} ms/request  (${page.total} matches)`,
      );
      if (EXPLAIN || s.p95 >= targets.page_p95_ms) {
        const plans = await explainQueries(explainTarget, (db) =>
          listTicketRows(
            db,
            { officeId: w.officeId, ...kind.filter },
            { sort: kind.sort, order: kind.order, limit: PAGE_SIZE, offset: kind.offset },
          ),
        );
        for (const p of plans) say(`    plan: ${p.replace(/\n/g, '\n    ')}`);
      }
    }
  } finally {
    await app.close();
  }
  figures[`${dialect}_page_p95_ms`] = Math.max(
    ...Object.keys(kinds).map((k) => figures[`${dialect}_${k}_p95_ms`]!),
  );

  const concurrency = MOVE_CONCURRENCY[dialect];
  const moves = await benchMoves(ctx, w, concurrency, cpuMs);
  for (const [i, r] of moves.runs.entries())
    say(
      `  ${dialect} moves, run ${i + 1}/${MOVE_RUNS}: ${r.n} moves (${concurrency} at a time), ${Math.round(r.perS)}/s, each with its e-mail queued; CPU ${r.cpuMsPerMove.toFixed(3)} ms/move`,
    );
  const latency = summarize(moves.latency);
  const rates = moves.runs.map((r) => r.perS);
  const cpus = moves.runs.map((r) => r.cpuMsPerMove);
  const figures2 = {
    [`${dialect}_moves_per_s`]: Math.round(median(rates)),
    [`${dialect}_move_cpu_ms`]: round(median(cpus), 3),
    [`${dialect}_move_p50_ms`]: round(latency.p50, 1),
    [`${dialect}_move_p95_ms`]: round(latency.p95, 1),
  };
  say(
    `  ${dialect} moves: median of ${MOVE_RUNS} runs ${figures2[`${dialect}_moves_per_s`]}/s, CPU ${figures2[`${dialect}_move_cpu_ms`]} ms/move; latency p50 ${latency.p50.toFixed(1)} ms, p95 ${latency.p95.toFixed(1)} ms (all runs)`,
  );
  return {
    ...figures,
    ...figures2,
    [`${dialect}_moves_per_s_runs`]: rates.map((v) => Math.round(v)).join(', '),
    [`${dialect}_move_cpu_ms_runs`]: cpus.map((v) => v.toFixed(3)).join(', '),
  };
}

async function benchSqlite() {
  say('SQLite');
  const dir = mkdtempSync(join(tmpdir(), 'expediente-bench-tickets-'));
  try {
    const file = join(dir, 'expediente.sqlite');
    const handle = openDatabase({ sqliteFile: file });
    try {
      return await benchDialect(handle, { dialect: 'sqlite', file }, selfCpuMs);
    } finally {
      await handle.destroy();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPostgres() {
  say('PostgreSQL');
  return onBenchDatabase('bench_tickets', { poolSize: 10 }, async (handle, url, cluster) => {
    const postmaster = findPostmaster(cluster.port);
    const cpu = () => selfCpuMs() + (postmaster === undefined ? 0 : clusterCpuMs(postmaster));
    return benchDialect(handle, { dialect: 'postgres', url }, cpu);
  });
}

export async function run(): Promise<Record<string, number | string>> {
  say(
    `tickets: ${TICKETS} tickets in one office, ${REQUESTS} requests per kind after ${WARMUP} warm-up; ${MOVE_RUNS} runs of ${TICKETS_PER_RUN * MOVE_PATH.length} moves`,
  );
  const figures: Record<string, number | string> = {
    tickets: TICKETS,
    requests: REQUESTS,
    loadavg_start: round(loadavg()[0]!, 2),
  };
  if (ONLY !== 'postgres') Object.assign(figures, await benchSqlite());
  if (ONLY !== 'sqlite') Object.assign(figures, await benchPostgres());

  const checks: [string, number, (v: number) => boolean, string][] = [
    [
      'sqlite_page_p95_ms',
      Number(figures.sqlite_page_p95_ms),
      (v) => v < targets.page_p95_ms,
      `< ${targets.page_p95_ms}`,
    ],
    [
      'postgres_page_p95_ms',
      Number(figures.postgres_page_p95_ms),
      (v) => v < targets.page_p95_ms,
      `< ${targets.page_p95_ms}`,
    ],
    [
      'sqlite_moves_per_s',
      Number(figures.sqlite_moves_per_s),
      (v) => v >= targets.sqlite_moves_per_s,
      `>= ${targets.sqlite_moves_per_s}`,
    ],
  ];
  say('Targets');
  for (const [key, value, pass, label] of checks)
    say(`  ${key.padEnd(22)} ${String(value).padStart(8)} ${label}  ${pass(value) ? 'pass' : 'FAIL'}`);
  figures.loadavg_end = round(loadavg()[0]!, 2);
  say(`  1-minute load average: ${figures.loadavg_start} at start, ${figures.loadavg_end} at the end`);
  figures.targets_met = checks.every(([, v, pass]) => pass(v)) ? 'yes' : 'no';
  return Object.fromEntries(Object.entries(figures).map(([k, v]) => [k.replace(/^postgres_/, 'pg_'), v]));
}
