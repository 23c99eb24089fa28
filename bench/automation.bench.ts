/**
 * `npm run bench -- automation`: the Automações engine (docs/benchmarks.md, "automation").
 *
 * 1. Rule runs: BENCH_CARDS (100,000) Processos cards enter a stage with three published rules in parallel —
 *    an e-mail to the card's client (`message.email`, into the outbox), a task (`tasks.create`) and a field
 *    change (`item.set_field`). The moves go through the pipeline's adapter, 500 per transaction (timed
 *    apart); then the office's drain (`drainOffice`, as the `automation.steps` job runs it) executes the
 *    3 × BENCH_CARDS runs: rule runs per second. SQLite BENCH_RUNS (3) times (median), PostgreSQL too.
 * 2. Delayed steps: the same cards move on to a stage whose rule (set a field) waits a minute; every one of
 *    the BENCH_CARDS pending steps is then made due at the same instant, and a real engine `Worker` in a
 *    worker process of its own (bench/support/delay-drain.process.mjs, as a deployment runs drains) drains
 *    them: the lag from due to done (`finished_at − due_at`), p99, the worker process's CPU per step and
 *    its peak RSS (VmHWM). SQLite, after each of the BENCH_RUNS rule-runs legs (median of the p99s; peak
 *    RSS the highest).
 * 3. HTTP: an incoming-webhook trigger (`POST /api/automation/hooks/:secret`, over a real TCP port) moves a
 *    card — a different one per request — into a stage whose rules set a field, then (in sequence) check a
 *    condition and set another; a Worker in the same process drains meanwhile. autocannon at 10 and 50
 *    connections for BENCH_SECONDS (30) each: requests/s, p99, CPU per request, and the rule runs done per
 *    second. SQLite. BENCH_HOOK_RUNS (3) times, each on a fresh database: the medians are reported.
 *
 * Knobs: BENCH_CARDS, BENCH_RUNS, BENCH_SECONDS, BENCH_HOOK_CARDS (cards for the HTTP leg, 150,000),
 * BENCH_HOOK_RUNS (times the HTTP leg runs, 3),
 * BENCH_ONLY=rules|delay|webhook|pg (one leg alone).
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import autocannon from 'autocannon';
import { registerCatalog } from '../src/server/catalog.js';
import { writeTransaction } from '../src/server/db/group-commit.js';
import { newId } from '../src/server/ids.js';
import { drainOffice, pipelineKindOf } from '../src/server/modules/automation/index.js';
import { scheduleDrains } from '../src/server/modules/automation/runs/steps.job.js';
import { Worker } from '../src/server/modules/engine/index.js';
import { compiledServer } from '../test/support/compiled-server.js';
import { type AutomationWorld, automationWorld, type Pipeline } from './support/automation-world.js';
import { procCpuMs } from './support/cpu.js';
import { say as log } from './support/log.js';
import { createDatabase, startBenchCluster } from './support/pg.js';
import { peakRssMb, rssMb } from './support/rss.js';
import { countStatements, diff, snapshot } from './support/sql-count.js';
import { percentile, round } from './support/stats.js';

registerCatalog();

const CARDS = Number(process.env.BENCH_CARDS ?? 100_000);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const HOOK_CARDS = Number(process.env.BENCH_HOOK_CARDS ?? 150_000);
/** Times the webhook leg runs (the median is reported). */
const HOOK_RUNS = Math.max(1, Number(process.env.BENCH_HOOK_RUNS ?? 3));
const ONLY = process.env.BENCH_ONLY;
const MOVES_PER_TRX = 500;
/** BENCH_SQL_COUNT=1: count the SQL statements of each leg and print the most frequent. */
const SQL_COUNT = process.env.BENCH_SQL_COUNT === '1';
if (SQL_COUNT) countStatements();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => loadavg()[0]!.toFixed(1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** BENCH_SQL_COUNT=1: the statements per operation, most frequent first. */
function printStatements(what: string, d: ReturnType<typeof diff>, n: number, per: string) {
  const k = Math.max(1, n);
  log(`${what}: ${(d.total / k).toFixed(1)} SQL statements per ${per}`);
  for (const [text, count] of d.top.slice(0, 25)) log(`  ${(count / k).toFixed(2).padStart(6)} ${text}`);
}

/** Moves cards into a stage through the pipeline adapter (as a person's move, a new chain each). */
async function moveAll(w: AutomationWorld, p: Pipeline, ids: string[], toStageId: string): Promise<number> {
  const kind = pipelineKindOf(p.automationId)!;
  const t0 = performance.now();
  for (let i = 0; i < ids.length; i += MOVES_PER_TRX) {
    await writeTransaction(w.ctx, async (trx) => {
      for (const id of ids.slice(i, i + MOVES_PER_TRX)) {
        await kind.moveItem(
          w.ctx,
          trx,
          w.office.id,
          {
            pipelineId: p.automationId,
            id,
            stageId: '',
            title: '',
            clientId: null,
            responsibleId: null,
            fields: {},
            path: '',
          },
          toStageId,
          { chainId: newId(), depth: 0, ruleRunId: null },
        );
      }
    });
  }
  return (performance.now() - t0) / 1000;
}

/** Leg 1: three rules per card, the drain timed. */
async function ruleLeg(tag: string, databaseUrl?: string) {
  const w = await automationWorld(tag, databaseUrl);
  try {
    const p = await w.pipeline('Pedidos', ['Novo', 'Confirmado', 'Entregue']);
    const [s0, s1] = [p.stages[0]!.id, p.stages[1]!.id];
    await w.rule(p, s1, {
      name: 'E-mail de confirmação',
      action: 'message.email',
      input: {
        to: { kind: 'client' },
        subject: 'Pedido {{ item.title }} confirmado',
        body: 'Olá, {{ client.name }}! Seu pedido {{ item.title }} foi confirmado.',
      },
      mode: 'parallel',
    });
    await w.rule(p, s1, {
      name: 'Separar',
      action: 'tasks.create',
      input: { title: 'Separar {{ item.title }}', dueInBusinessDays: 2 },
      mode: 'parallel',
    });
    await w.rule(p, s1, {
      name: 'Valor',
      action: 'item.set_field',
      input: { field: 'value', value: 99_900 },
      mode: 'parallel',
    });
    const ids = await w.insertCards(p, s0, CARDS, 'Pedido');
    log(`${tag}: ${CARDS} cards inserted; moving them (${MOVES_PER_TRX} per transaction), load ${load()}`);
    const sqlMoves = snapshot();
    const movesS = await moveAll(w, p, ids, s1);
    if (SQL_COUNT) printStatements(`${tag} moves`, diff(sqlMoves), CARDS, 'move');
    const pending = await w.count('automation_runs', ['status', 'pending']);
    log(
      `${tag}: ${CARDS} moves in ${movesS.toFixed(1)} s (${Math.round(CARDS / movesS)}/s); ${pending} runs pending`,
    );
    const sql0 = snapshot();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let done = 0;
    for (;;) {
      const r = await drainOffice(w.ctx, w.office.id);
      done += r.runs;
      if (r.runs === 0) break;
    }
    const drainS = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const [finished, messages, tasks] = [
      await w.count('automation_runs', ['status', 'done']),
      await w.count('messages'),
      await w.count('tasks'),
    ];
    if (finished !== 3 * CARDS || messages !== CARDS || tasks !== CARDS)
      throw new Error(
        `${tag}: expected ${3 * CARDS} runs done, ${CARDS} e-mails and tasks; got ${finished}, ${messages}, ${tasks}`,
      );
    if (SQL_COUNT) printStatements(`${tag} drain`, diff(sql0), done, 'run');
    const perS = done / drainS;
    log(
      `${tag}: drained ${done} rule runs in ${drainS.toFixed(1)} s → ${Math.round(perS)} runs/s (CPU in this process ${Math.round((cpu.user + cpu.system) / done)} µs per run; load ${load()})`,
    );
    return { perS, drainS, movesS, world: w, pipeline: p, ids };
  } catch (err) {
    await w.close();
    throw err;
  }
}

/** A worker process on the bench's SQLite file (bench/support/delay-drain.process.mjs), once it is ready. */
async function startDrainer(sqliteFile: string, serverDir: string) {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'support/delay-drain.process.mjs')], {
    env: { ...process.env, BENCH_DRAIN_FILE: sqliteFile, BENCH_SERVER_DIR: serverDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`delay: the worker process exited (${code}) before it was ready`)),
    );
    child.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('ready')) resolve();
    });
  });
  const pid = child.pid!;
  return {
    pid,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Leg 2: every pending delayed step due at the same instant, drained by a worker process of its own. */
async function delayLeg(w: AutomationWorld, p: Pipeline, ids: string[], serverDir: string) {
  const s2 = p.stages[2]!.id;
  await w.rule(p, s2, {
    name: 'Entregue',
    action: 'item.set_field',
    input: { field: 'value', value: 1 },
    delay: { kind: 'after', amount: 1, unit: 'minutes' },
  });
  log(`delay: moving ${ids.length} cards into a stage with a one-minute delayed rule`);
  await moveAll(w, p, ids, s2);
  // The drains run in a worker process of their own, as in a deployment; its peak RSS is the leg's figure
  // (VmHWM), free of what this process holds from setting up the cards.
  const drainer = await startDrainer(join(w.dir, 'bench.sqlite'), serverDir);
  // Every pending step due at one instant, and its drain scheduled (the moves' own drains are for later).
  const due = new Date(Math.ceil((Date.now() + 5_000) / 1000) * 1000);
  await w.handle.db
    .updateTable('automation_runs')
    .set({ due_at: due.toISOString() })
    .where('office_id', '=', w.office.id)
    .where('status', '=', 'pending')
    .execute();
  await writeTransaction(w.ctx, (trx) => scheduleDrains(w.ctx, trx, w.office.id, [due]));
  const pending = await w.count('automation_runs', ['status', 'pending']);
  log(
    `delay: ${pending} steps due at ${due.toISOString()}; worker process ${drainer.pid} ready, load ${load()}`,
  );
  const rssBefore = rssMb(drainer.pid);
  const cpu0 = procCpuMs(drainer.pid);
  const deadline = Date.now() + 15 * 60_000;
  // Whether any step is still pending: one index probe, not a count of 100,000 rows every 200 ms.
  const anyPending = async () =>
    (await w.handle.db
      .selectFrom('automation_runs')
      .select('id')
      .where('office_id', '=', w.office.id)
      .where('status', '=', 'pending')
      .limit(1)
      .executeTakeFirst()) !== undefined;
  while (await anyPending()) {
    if (Date.now() > deadline) throw new Error('delay: the steps were not drained in 15 minutes');
    await sleep(200);
  }
  const doneAt = Date.now();
  const cpuMs = procCpuMs(drainer.pid) - cpu0;
  const peak = peakRssMb(drainer.pid);
  await drainer.stop();
  const rows = await w.handle.db
    .selectFrom('automation_runs')
    .select(['due_at', 'finished_at', 'status'])
    .where('office_id', '=', w.office.id)
    .where('rule_id', 'in', (eb) => eb.selectFrom('automation_rules').select('id').where('stage_id', '=', s2))
    .execute();
  const lags = rows
    .filter((r) => r.status === 'done')
    .map((r) => Date.parse(r.finished_at!) - Date.parse(r.due_at!));
  if (lags.length !== pending) throw new Error(`delay: ${lags.length} of ${pending} steps done`);
  const p50 = percentile(lags, 50);
  const p99 = percentile(lags, 99);
  // The worker process's CPU from the due instant to the last step done.
  const cpuPerStep = (cpuMs * 1000) / lags.length;
  log(
    `delay: ${lags.length} steps; lag p50 ${Math.round(p50)} ms, p99 ${Math.round(p99)} ms, last done ${doneAt - due.getTime()} ms after due; CPU ${Math.round(cpuPerStep)} µs per step; worker process peak RSS ${peak.toFixed(0)} MB (${rssBefore.toFixed(0)} MB when the steps fell due); load ${load()}`,
  );
  return { p50, p99, peak, cpuPerStep, lastS: (doneAt - due.getTime()) / 1000 };
}

/** Leg 3: the incoming webhook over TCP, autocannon, a Worker draining in the same process. */
async function webhookLeg(tag: string) {
  const w = await automationWorld(tag);
  try {
    const p = await w.pipeline('Integração', ['Aguardando', 'Pago']);
    const [s0, s1] = [p.stages[0]!.id, p.stages[1]!.id];
    const path = (await w.trigger(p, s1, { kind: 'webhook', config: {} }))!;
    await w.rule(p, s1, {
      name: 'Valor pago',
      action: 'item.set_field',
      input: { field: 'value', value: 100 },
    });
    await w.rule(p, s1, {
      name: 'Conferido',
      action: 'item.set_field',
      input: { field: 'title', value: 'Pago via integração' },
      mode: 'sequence',
      condition: { '>': [{ var: 'item.value' }, 50] },
    });
    const ids = await w.insertCards(p, s0, HOOK_CARDS, 'Pedido web');
    await w.app.listen({ port: 0, host: '127.0.0.1' });
    const address = w.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no TCP address');
    const url = `http://127.0.0.1:${address.port}`;
    const worker = new Worker(w.ctx, { concurrency: 16, pollIntervalMs: 10 });
    worker.start();
    let next = 0;
    const body = () => JSON.stringify({ itemId: ids[next++ % ids.length], data: { pedido: next } });
    const runsDone = () => w.count('automation_runs', ['status', 'done']);
    const one = async (connections: number) => {
      const before = await runsDone();
      const sql0 = snapshot();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const result = await autocannon({
        url,
        connections,
        duration: SECONDS,
        requests: [
          {
            method: 'POST',
            path,
            headers: { 'content-type': 'application/json' },
            setupRequest: (req) => ({ ...req, body: body() }),
          },
        ],
      });
      const s = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const runsPerS = ((await runsDone()) - before) / s;
      const okN = result['2xx'];
      const cpuPerRequest = Math.round((cpu.user + cpu.system) / Math.max(1, okN));
      log(
        `webhook ${connections} connections: CPU in this process (server, Worker and autocannon) ${cpuPerRequest} µs per request`,
      );
      if (SQL_COUNT) printStatements(`webhook ${connections} connections`, diff(sql0), okN, 'request');
      log(
        `webhook ${connections} connections: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${okN} 2xx, ${result.non2xx} non-2xx, ${result.errors} errors; rule runs ${Math.round(runsPerS)}/s meanwhile; load ${load()}`,
      );
      return {
        rps: result.requests.average,
        p99: result.latency.p99,
        cpuPerRequest,
        runsPerS,
        non2xx: result.non2xx + result.errors,
      };
    };
    const c10 = await one(10);
    const c50 = await one(50);
    await worker.stop();
    if (next > ids.length)
      log(
        `webhook: ${next} requests for ${ids.length} cards — the later ones found their card already moved (raise BENCH_HOOK_CARDS)`,
      );
    return { c10, c50 };
  } finally {
    await w.close();
    rmSync(w.dir, { recursive: true, force: true });
  }
}

export async function run() {
  log(`automation bench: ${CARDS} cards, ${RUNS} runs, load ${load()}`);
  const figures: Record<string, number | string> = { cards: CARDS, load_start: Number(load()) };

  if (!ONLY || ONLY === 'rules' || ONLY === 'delay') {
    const sqlite: number[] = [];
    const moves: number[] = [];
    const delays: Awaited<ReturnType<typeof delayLeg>>[] = [];
    // The delayed steps' worker process runs the compiled server, as `npm start` does.
    const build = !ONLY || ONLY === 'delay' ? compiledServer(join(import.meta.dirname, '..')) : null;
    if ((!ONLY || ONLY === 'delay') && !build) throw new Error('delay: the server did not compile');
    for (let i = 0; i < RUNS; i++) {
      const r = await ruleLeg(`sqlite${i + 1}`);
      sqlite.push(r.perS);
      moves.push(r.movesS);
      // The delayed steps after every rule-runs leg (its cards as set-up): BENCH_RUNS runs, median.
      if (build) delays.push(await delayLeg(r.world, r.pipeline, r.ids, dirname(build.main)));
      await r.world.close();
    }
    build?.remove();
    if (delays.length) {
      const of = (f: (d: (typeof delays)[number]) => number) => delays.map(f);
      Object.assign(figures, {
        delay_lag_p50_ms: Math.round(median(of((d) => d.p50))),
        delay_lag_p99_ms: Math.round(median(of((d) => d.p99))),
        delay_lag_p99_ms_runs: of((d) => Math.round(d.p99)).join(' '),
        delay_last_done_s: round(median(of((d) => d.lastS))),
        delay_cpu_us_per_step: Math.round(median(of((d) => d.cpuPerStep))),
        peak_rss_mb: round(Math.max(...of((d) => d.peak))),
      });
      log(
        `delay: p99 of ${delays.length} runs ${figures.delay_lag_p99_ms_runs} ms → median ${figures.delay_lag_p99_ms} ms`,
      );
    }
    Object.assign(figures, {
      sqlite_rule_runs_per_s: Math.round(median(sqlite)),
      sqlite_rule_runs_per_s_runs: sqlite.map(Math.round).join(' '),
      sqlite_moves_s: round(median(moves)),
    });
  }

  if (!ONLY || ONLY === 'pg') {
    const cluster = await startBenchCluster();
    try {
      const pgRuns: number[] = [];
      const moves: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await ruleLeg(`pg${i + 1}`, await createDatabase(cluster, `bench_auto_${i + 1}`));
        pgRuns.push(r.perS);
        moves.push(r.movesS);
        await r.world.close();
      }
      Object.assign(figures, {
        pg_rule_runs_per_s: Math.round(median(pgRuns)),
        pg_rule_runs_per_s_runs: pgRuns.map(Math.round).join(' '),
        pg_moves_s: round(median(moves)),
      });
    } finally {
      await cluster.stop();
    }
  }

  if (!ONLY || ONLY === 'webhook') {
    // The leg HOOK_RUNS times, each on a fresh database (its cards are used up): the medians decide.
    const legs: Awaited<ReturnType<typeof webhookLeg>>[] = [];
    for (let i = 0; i < HOOK_RUNS; i++) legs.push(await webhookLeg(`hook${i + 1}`));
    const med = (f: (h: (typeof legs)[number]) => number) => median(legs.map(f));
    const runs = (f: (h: (typeof legs)[number]) => number) => legs.map((h) => Math.round(f(h))).join(' ');
    Object.assign(figures, {
      webhook_rps: Math.round(med((h) => h.c10.rps)),
      webhook_rps_runs: runs((h) => h.c10.rps),
      webhook_p99_ms: med((h) => h.c10.p99),
      webhook_p99_ms_runs: runs((h) => h.c10.p99),
      webhook_cpu_us: Math.round(med((h) => h.c10.cpuPerRequest)),
      webhook_runs_per_s: Math.round(med((h) => h.c10.runsPerS)),
      webhook_50_rps: Math.round(med((h) => h.c50.rps)),
      webhook_50_p99_ms: med((h) => h.c50.p99),
      webhook_50_runs_per_s: Math.round(med((h) => h.c50.runsPerS)),
      webhook_failed: legs.reduce((n, h) => n + h.c10.non2xx + h.c50.non2xx, 0),
    });
    if (HOOK_RUNS > 1)
      log(
        `webhook, median of ${HOOK_RUNS}: 10 connections ${figures.webhook_rps} req/s (${figures.webhook_rps_runs}), p99 ${figures.webhook_p99_ms} ms (${figures.webhook_p99_ms_runs}); 50 connections ${figures.webhook_50_rps} req/s`,
      );
  }
  figures.load_end = Number(load());
  return figures;
}
