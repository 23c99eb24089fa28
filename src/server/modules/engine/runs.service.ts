import type { AppContext } from '../../context.js';
import { writeTransaction } from '../../db/group-commit.js';
import type { JobRow } from '../../db/schema.js';
import type { Lang } from '../../http/i18n.js';
import { hiddenJobKinds, jobDefinition } from './define-job.js';
import { EngineError } from './engine.errors.js';
import { type JobState, type Pool, poolName, type Run } from './engine.schema.js';
import { localizeRun } from './run-texts.js';

function toRun(r: JobRow & { requested_by_name: string | null }, lang: Lang): Run {
  const run = localizeRun(storedRun(r), lang);
  return lang === 'en' && r.progress_message_en ? { ...run, progressMessage: r.progress_message_en } : run;
}

function storedRun(r: JobRow & { requested_by_name: string | null }): Run {
  const start = r.started_at ? Date.parse(r.started_at) : null;
  const end = r.finished_at ? Date.parse(r.finished_at) : null;
  return {
    id: r.id,
    officeId: r.office_id,
    kind: r.kind,
    pool: r.pool,
    priority: r.priority,
    state: r.state,
    runAt: r.run_at,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    progress: r.progress,
    progressMessage: r.progress_message,
    result: r.result ? JSON.parse(r.result) : null,
    error: r.error,
    requestedBy: r.requested_by,
    requestedByName: r.requested_by_name,
    scheduleId: r.schedule_id,
    title: null,
    cancelRequested: r.cancel_requested === 1,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: start !== null && end !== null ? end - start : null,
  };
}

/** Fills `title` for the kinds that name their runs (`runTitles`), one call per kind and office. */
async function withTitles(ctx: AppContext, rows: JobRow[], runs: Run[]): Promise<Run[]> {
  const groups = new Map<string, number[]>();
  rows.forEach((r, i) => {
    if (!r.office_id || !jobDefinition(r.kind)?.runTitles) return;
    const key = `${r.kind}\u0000${r.office_id}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  for (const [key, idx] of groups) {
    const [kind, officeId] = key.split('\u0000') as [string, string];
    const titles = await jobDefinition(kind)!.runTitles!(
      ctx.db,
      officeId,
      idx.map((i) => JSON.parse(rows[i]!.payload) as unknown),
    );
    idx.forEach((i, n) => {
      runs[i] = { ...runs[i]!, title: titles[n] ?? null };
    });
  }
  return runs;
}

export interface RunQuery {
  page: number;
  pageSize: number;
  state?: JobState | undefined;
  kind?: string | undefined;
  pool?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Only runs with exactly this payload (a routine's runs: `{ routineId }`). */
  payload?: unknown;
}

/** The office's runs (Execuções), newest first, their texts in `lang` where the run stored both. */
export async function listRuns(ctx: AppContext, officeId: string, q: RunQuery, lang: Lang = 'pt-BR') {
  let base = ctx.db.selectFrom('jobs').where('jobs.office_id', '=', officeId);
  if (q.state) base = base.where('jobs.state', '=', q.state);
  if (q.kind) base = base.where('jobs.kind', '=', q.kind);
  else {
    const hidden = hiddenJobKinds();
    if (hidden.length) base = base.where('jobs.kind', 'not in', hidden);
  }
  if (q.pool) base = base.where('jobs.pool', '=', q.pool);
  if (q.from) base = base.where('jobs.created_at', '>=', q.from);
  if (q.to) base = base.where('jobs.created_at', '<', q.to);
  if (q.payload !== undefined) base = base.where('jobs.payload', '=', JSON.stringify(q.payload));
  const [rows, count] = await Promise.all([
    base
      .leftJoin('users', 'users.id', 'jobs.requested_by')
      .selectAll('jobs')
      .select('users.name as requested_by_name')
      .orderBy('jobs.created_at', 'desc')
      .orderBy('jobs.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const items = await withTitles(
    ctx,
    rows,
    rows.map((r) => toRun(r, lang)),
  );
  return { items, total: Number(count.n), page: q.page, pageSize: q.pageSize };
}

/** A run with its log lines, its texts in `lang` where the run stored both. */
export async function getRun(ctx: AppContext, officeId: string | null, id: string, lang: Lang = 'pt-BR') {
  let q = ctx.db
    .selectFrom('jobs')
    .leftJoin('users', 'users.id', 'jobs.requested_by')
    .selectAll('jobs')
    .select('users.name as requested_by_name')
    .where('jobs.id', '=', id);
  if (officeId) q = q.where('jobs.office_id', '=', officeId);
  const row = await q.executeTakeFirst();
  if (!row) throw new EngineError('run_not_found');
  const logs = await ctx.db
    .selectFrom('job_logs')
    .select(['at', 'level', 'message', 'message_en'])
    .where('job_id', '=', id)
    .orderBy('seq')
    .orderBy('id')
    .limit(1000)
    .execute();
  const [run] = await withTitles(ctx, [row], [toRun(row, lang)]);
  return {
    ...run!,
    logs: logs.map((l) => ({
      at: l.at,
      level: l.level,
      message: lang === 'en' && l.message_en ? l.message_en : l.message,
    })),
  };
}

/** Something done to one of the office's runs (null: any office's), answering the run as it is afterwards. */
type RunAction = (ctx: AppContext, officeId: string | null, id: string, lang?: Lang) => Promise<Run>;

/** Cancels a queued run at once; asks a running one to stop (its worker aborts it at the next heartbeat). */
export const cancelRun: RunAction = async (ctx, officeId, id, lang = 'pt-BR') => {
  const run = await getRun(ctx, officeId, id);
  const now = ctx.clock.now().toISOString();
  if (run.state === 'queued') {
    await ctx.db
      .updateTable('jobs')
      .set({ state: 'cancelled', finished_at: now, updated_at: now, error: 'cancelled' })
      .where('id', '=', id)
      .where('state', '=', 'queued')
      .execute();
  } else if (run.state === 'running') {
    await ctx.db
      .updateTable('jobs')
      .set({ cancel_requested: 1, updated_at: now })
      .where('id', '=', id)
      .execute();
  } else {
    throw new EngineError('not_cancellable');
  }
  return getRun(ctx, officeId, id, lang);
};

/** Queues a failed, dead or cancelled run again, with a fresh set of attempts. */
export const retryRun: RunAction = async (ctx, officeId, id, lang = 'pt-BR') => {
  const run = await getRun(ctx, officeId, id);
  if (!['failed', 'dead', 'cancelled'].includes(run.state)) throw new EngineError('not_retryable');
  const now = ctx.clock.now().toISOString();
  await ctx.db
    .updateTable('jobs')
    .set({
      state: 'queued',
      attempts: 0,
      run_at: now,
      error: null,
      // A dead run's result may hold its error's English twin: the new attempts start clean.
      result: null,
      cancel_requested: 0,
      progress: 0,
      progress_message: null,
      finished_at: null,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('state', 'in', ['failed', 'dead', 'cancelled'])
    .execute();
  return getRun(ctx, officeId, id, lang);
};

/**
 * Deletes finished jobs older than `days`, in batches so pruning never holds a long lock, keeping a compact
 * summary per day, office, kind and final state in `job_daily_stats`.
 */
export async function pruneFinishedJobs(ctx: AppContext, days: number, batch = 1000): Promise<number> {
  const before = new Date(ctx.clock.now().getTime() - days * 86_400_000).toISOString();
  let total = 0;
  for (;;) {
    const rows = await ctx.db
      .selectFrom('jobs')
      .select(['id', 'office_id', 'kind', 'state', 'started_at', 'finished_at'])
      .where('state', 'in', ['succeeded', 'failed', 'cancelled', 'dead'])
      .where('finished_at', '<', before)
      .limit(batch)
      .execute();
    if (rows.length === 0) return total;
    const stats = new Map<
      string,
      { day: string; office_id: string; kind: string; state: string; count: number; total_ms: number }
    >();
    for (const r of rows) {
      const day = r.finished_at!.slice(0, 10);
      const key = [day, r.office_id ?? '', r.kind, r.state].join('|');
      const s = stats.get(key) ?? {
        day,
        office_id: r.office_id ?? '',
        kind: r.kind,
        state: r.state,
        count: 0,
        total_ms: 0,
      };
      s.count++;
      s.total_ms += r.started_at ? Date.parse(r.finished_at!) - Date.parse(r.started_at) : 0;
      stats.set(key, s);
    }
    await writeTransaction(ctx, async (trx) => {
      await trx
        .insertInto('job_daily_stats')
        .values([...stats.values()])
        .onConflict((oc) =>
          oc.columns(['day', 'office_id', 'kind', 'state']).doUpdateSet((eb) => ({
            count: eb('job_daily_stats.count', '+', eb.ref('excluded.count')),
            total_ms: eb('job_daily_stats.total_ms', '+', eb.ref('excluded.total_ms')),
          })),
        )
        .execute();
      await trx
        .deleteFrom('jobs')
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
    });
    total += rows.length;
  }
}

/** Worker pools with their live workers (seen within `liveMs`), queue depth and last-hour throughput. */
export async function listPools(ctx: AppContext, liveMs = 30_000): Promise<Pool[]> {
  const now = ctx.clock.now().getTime();
  const hourAgo = new Date(now - 3_600_000).toISOString();
  // One count per live state, so each reads its own partial index (claim: queued; lease: running).
  const live = (state: 'queued' | 'running') =>
    ctx.db
      .selectFrom('jobs')
      .select(['pool', 'state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('state', '=', state)
      .groupBy(['pool', 'state'])
      .execute();
  const [pools, queued, running, done, workers] = await Promise.all([
    ctx.db.selectFrom('worker_pools').selectAll().orderBy('name').execute(),
    live('queued'),
    live('running'),
    ctx.db
      .selectFrom('jobs')
      .select(['pool', 'state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('state', 'in', ['succeeded', 'failed', 'dead'])
      .where('finished_at', '>=', hourAgo)
      .groupBy(['pool', 'state'])
      .execute(),
    ctx.db
      .selectFrom('workers')
      .selectAll()
      .where('last_seen_at', '>=', new Date(now - liveMs).toISOString())
      .orderBy('started_at')
      .execute(),
  ]);
  const count = (rows: typeof done, pool: string, states?: string[]) =>
    rows
      .filter((r) => r.pool === pool && (!states || states.includes(r.state)))
      .reduce((n, r) => n + Number(r.n), 0);
  return pools.map((p) => ({
    name: p.name,
    description: p.description,
    queued: count(queued, p.name),
    running: count(running, p.name),
    succeededLastHour: count(done, p.name, ['succeeded']),
    failedLastHour: count(done, p.name, ['failed', 'dead']),
    workers: workers
      .filter((w) => (JSON.parse(w.pools) as string[]).includes(p.name))
      .map((w) => ({
        id: w.id,
        host: w.host,
        pid: w.pid,
        concurrency: w.concurrency,
        running: w.running,
        processed: w.processed,
        startedAt: w.started_at,
        lastSeenAt: w.last_seen_at,
      })),
  }));
}

export async function createPool(ctx: AppContext, name: string, description: string | null): Promise<void> {
  const parsed = poolName.parse(name);
  const exists = await ctx.db
    .selectFrom('worker_pools')
    .select('name')
    .where('name', '=', parsed)
    .executeTakeFirst();
  if (exists) throw new EngineError('pool_exists');
  await ctx.db
    .insertInto('worker_pools')
    .values({ name: parsed, description, created_at: ctx.clock.now().toISOString() })
    .execute();
}
