/**
 * The drain of due rule runs: the `automation.steps` job. A delayed step is a run row with `due_at`; the
 * job that executes it is enqueued for a time bucket (one live drain per office and second), and each
 * drain executes every run of its office due by then, in batches.
 *
 * Exactly once: a run is executed in the same transaction that marks it done (or skipped, or failed), and
 * is claimed only while `pending` — a crash before the commit leaves it pending for the next drain, a
 * crash after leaves it done. Effects go through the outbox with the key `automation:<runId>`. `external`
 * actions (an HTTP call) are the exception: they are claimed with a lease (`running`, due at the lease's
 * end), called with no transaction held, then recorded; a crash between call and record calls again after
 * the lease (at least once, the run id travelling as the idempotency key).
 */
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import type { Db } from '../../../db/database.js';
import { writeTransaction } from '../../../db/group-commit.js';
import { defineJob, enqueue } from '../../engine/index.js';
import { type AutomationItem, actionKind, pipelineKindOf } from '../registry.js';
import { itemKey, watchMoves } from './batch-moves.js';
import { withBatchScope } from './batch-scope.js';
import { loadVersions, type RuleDefinition, versionKey } from './definitions.js';
import { dueAtOf } from './delays.js';
import { executeRun, precheck, type RunResult } from './execute.js';
import { officeTimeOf } from './office-time.js';
import { reasonOf } from './run-texts.js';

/** Runs claimed per transaction. */
export const DRAIN_BATCH = 500;
/**
 * On SQLite, fewer: each run's `RELEASE SAVEPOINT` costs in proportion to the pages the transaction has
 * written so far, so a batch's cost grows with its square (500 runs: two thirds of the drain's time).
 */
const SQLITE_DRAIN_BATCH = 100;
/** How long an external action's claim lasts before another drain may call it again. */
const EXTERNAL_LEASE_MS = 5 * 60_000;

export const automationSteps = defineJob({
  kind: 'automation.steps',
  title: { 'pt-BR': 'Automações: etapas programadas', en: 'Automations: scheduled steps' },
  payload: z.object({ officeId: z.string() }),
  hidden: true,
  leaseMs: 120_000,
  async run({ officeId }, ctx) {
    return drainOffice(ctx.app, officeId, { signal: ctx.signal });
  },
});

const secondOf = (ms: number) => Math.ceil(ms / 1000) * 1000;

/**
 * Enqueues the drains that execute runs due at `dues` (inside the caller's transaction: they exist only
 * if it commits). Each is keyed by its office and due second, and always later than the current second:
 * a drain that is running never holds the key of a run made while it runs, so none is left behind.
 */
export async function scheduleDrains(ctx: AppContext, db: Db, officeId: string, dues: readonly Date[]) {
  if (dues.length === 0) return;
  const floor = Math.floor(ctx.clock.now().getTime() / 1000) * 1000 + 1000;
  const buckets = new Set(dues.map((d) => Math.max(secondOf(d.getTime()), floor)));
  for (const b of buckets) {
    const runAt = new Date(b);
    await enqueue(
      ctx,
      db,
      automationSteps,
      { officeId },
      { officeId, runAt, uniqueKey: `automation.steps:${officeId}:${runAt.toISOString()}` },
    );
  }
}

interface ClaimedRun {
  id: string;
  entry_id: string;
  rule_id: string;
  version: number;
  item_id: string;
  pipeline_id: string;
  group_no: number;
  status: string;
  attempts: number;
}

/** Executes every run of the office due now, batch by batch; returns how many finished. */
export async function drainOffice(
  ctx: AppContext,
  officeId: string,
  opts: { signal?: AbortSignal; batch?: number } = {},
): Promise<{ runs: number; external: number }> {
  const limit = opts.batch ?? (ctx.dialect === 'sqlite' ? SQLITE_DRAIN_BATCH : DRAIN_BATCH);
  let total = 0;
  let external = 0;
  for (;;) {
    if (opts.signal?.aborted) break;
    const now = ctx.clock.now();
    const batch = await writeTransaction(ctx, (trx) =>
      withBatchScope(trx, () => drainBatch(ctx, trx, officeId, now, limit)),
    );
    total += batch.finished;
    let releasedNow = batch.releasedNow;
    for (const ext of batch.externals) {
      releasedNow += await runExternal(ctx, officeId, ext);
      external++;
    }
    // A full batch may have more behind it; a group released now is due now: go on.
    if (batch.claimed < limit && releasedNow === 0) break;
  }
  return { runs: total, external };
}

interface ExternalClaim {
  run: ClaimedRun;
  def: RuleDefinition;
  item: AutomationItem;
  vars: Record<string, unknown>;
  chainId: string;
  depth: number;
  attempt: number;
}

async function drainBatch(ctx: AppContext, trx: Db, officeId: string, now: Date, limit: number) {
  const nowIso = now.toISOString();
  let q = trx
    .selectFrom('automation_runs')
    .select([
      'id',
      'entry_id',
      'rule_id',
      'version',
      'item_id',
      'pipeline_id',
      'group_no',
      'status',
      'attempts',
    ])
    .where('office_id', '=', officeId)
    .where('status', 'in', ['pending', 'running'])
    .where('due_at', '<=', nowIso)
    .orderBy('due_at')
    .limit(limit);
  // Two drains of one office (two due seconds) may overlap on PostgreSQL: each takes runs the other has not.
  if (ctx.dialect === 'postgres') q = q.forUpdate().skipLocked();
  const runs = (await q.execute()).map((r) => ({
    ...r,
    version: Number(r.version),
    group_no: Number(r.group_no),
    attempts: Number(r.attempts),
  }));
  if (runs.length === 0) return { claimed: 0, finished: 0, releasedNow: 0, externals: [] as ExternalClaim[] };

  const defs = await loadVersions(
    trx,
    runs.map((r) => ({ ruleId: r.rule_id, version: r.version })),
  );
  const entryIds = [...new Set(runs.map((r) => r.entry_id))];
  const entries = new Map(
    (
      await trx
        .selectFrom('automation_entries')
        .select(['id', 'chain_id', 'depth', 'status'])
        .where('id', 'in', entryIds)
        .execute()
    ).map((e) => [e.id, e]),
  );
  const vars = await varsOfEntries(trx, entryIds);
  const items = await preloadItems(trx, officeId, runs);
  const itemOf = (pipelineId: string, itemId: string) => {
    const k = `${pipelineId}|${itemId}`;
    let p = items.get(k);
    if (!p) {
      const kind = pipelineKindOf(pipelineId);
      p = kind ? kind.loadItem(trx, officeId, pipelineId, itemId) : Promise.resolve(null);
      items.set(k, p);
    }
    return p;
  };

  const moved = watchMoves(trx);
  const finishedGroups = new Map<string, number>();
  const externals: ExternalClaim[] = [];
  /** The batch's ends, written together before the next groups are looked at (same transaction). */
  const results: { id: string; result: RunResult; attempts: number }[] = [];
  let finished = 0;
  for (const run of runs) {
    const def = defs.get(versionKey(run.rule_id, run.version));
    const entry = entries.get(run.entry_id);
    if (!def || !entry) continue;
    // An earlier run of this batch moved the item: its stage's pending runs, this one too, were cancelled.
    if (moved.has(itemKey(run.pipeline_id, run.item_id))) continue;
    const item = await itemOf(run.pipeline_id, run.item_id);
    const entryVars = vars.get(run.entry_id) ?? {};
    const action = actionKind(def.action);
    if (action?.external) {
      const pre = precheck(def, item, entryVars);
      if (!pre) {
        await trx
          .updateTable('automation_runs')
          .set({
            status: 'running',
            due_at: new Date(now.getTime() + EXTERNAL_LEASE_MS).toISOString(),
            attempts: run.attempts + 1,
            started_at: nowIso,
          })
          .where('id', '=', run.id)
          .execute();
        externals.push({
          run,
          def,
          item: item!,
          vars: entryVars,
          chainId: entry.chain_id,
          depth: Number(entry.depth),
          attempt: run.attempts + 1,
        });
        continue;
      }
      results.push({ id: run.id, result: pre, attempts: run.attempts + 1 });
    } else {
      const result = await executeRun(
        ctx,
        trx,
        officeId,
        {
          id: run.id,
          ruleId: run.rule_id,
          version: run.version,
          chainId: entry.chain_id,
          depth: Number(entry.depth),
        },
        def,
        item,
        entryVars,
        { now, testMode: false, savepoint: true, keepSavepoint: ctx.dialect === 'postgres' },
      );
      results.push({ id: run.id, result, attempts: run.attempts + 1 });
      // What the action changed is read afresh by the item's next run (not after one that keeps the item).
      if (result.status !== 'skipped' && !action?.keepsItem)
        items.delete(`${run.pipeline_id}|${run.item_id}`);
      if (result.status === 'done' && result.outcome?.output) Object.assign(entryVars, result.outcome.output);
    }
    finished++;
    finishedGroups.set(run.entry_id, Math.max(finishedGroups.get(run.entry_id) ?? -1, run.group_no));
  }
  await recordResults(ctx, trx, results, nowIso);
  const releasedNow = await releaseNextGroups(ctx, trx, officeId, finishedGroups, now, itemOf);
  return { claimed: runs.length, finished, releasedNow, externals };
}

/**
 * The batch's items, read at once per pipeline when its kind can (`loadItems`), as the promises `itemOf`
 * hands out; an item not found is null (its runs fail saying so).
 */
async function preloadItems(
  trx: Db,
  officeId: string,
  runs: readonly { pipeline_id: string; item_id: string }[],
): Promise<Map<string, Promise<AutomationItem | null>>> {
  const items = new Map<string, Promise<AutomationItem | null>>();
  const byPipeline = new Map<string, Set<string>>();
  for (const r of runs) {
    const ids = byPipeline.get(r.pipeline_id) ?? new Set<string>();
    byPipeline.set(r.pipeline_id, ids);
    ids.add(r.item_id);
  }
  for (const [pipelineId, ids] of byPipeline) {
    const kind = pipelineKindOf(pipelineId);
    if (!kind?.loadItems) continue;
    const found = await kind.loadItems(trx, officeId, pipelineId, [...ids]);
    for (const id of ids) items.set(itemKey(pipelineId, id), Promise.resolve(found.get(id) ?? null));
  }
  return items;
}

/** Writes a run's end (done, skipped or failed) with its condition values and outcome. */
export async function recordResult(trx: Db, runId: string, r: RunResult, at: string, attempts: number) {
  await trx
    .updateTable('automation_runs')
    .set({
      status: r.status,
      condition_values: r.conditionValues ? JSON.stringify(r.conditionValues) : null,
      outcome: r.outcome ? JSON.stringify(r.outcome) : null,
      error: r.error ? JSON.stringify(r.error) : null,
      attempts,
      started_at: at,
      finished_at: at,
    })
    .where('id', '=', runId)
    .execute();
}

/** Rows per multi-row UPDATE of {@link recordResults} (7 parameters each). */
const RESULTS_PER_UPDATE = 200;

/**
 * Writes many runs' ends (done, skipped or failed): on PostgreSQL in one UPDATE … FROM (VALUES …) per
 * {@link RESULTS_PER_UPDATE} runs instead of one statement (one round trip) per run. Each
 * row's status is set whatever it is now: a run executed earlier in the batch, then caught by a later
 * run's move (its stage's pending runs cancelled), did run — its end is the one that counts.
 */
export async function recordResults(
  ctx: AppContext,
  trx: Db,
  rows: readonly { id: string; result: RunResult; attempts: number }[],
  at: string,
) {
  // SQLite is in-process: a statement costs no round trip, and one per run keeps the primary-key lookup.
  if (ctx.dialect !== 'postgres') {
    for (const r of rows) await recordResult(trx, r.id, r.result, at, r.attempts);
    return;
  }
  const json = (v: unknown) => (v ? JSON.stringify(v) : null);
  for (let i = 0; i < rows.length; i += RESULTS_PER_UPDATE) {
    const values = sql.join(
      rows
        .slice(i, i + RESULTS_PER_UPDATE)
        .map(
          (r) =>
            sql`(${r.id}, ${r.result.status}, ${json(r.result.conditionValues)}, ${json(r.result.outcome)}, ${json(r.result.error)}, ${r.attempts})`,
        ),
    );
    await sql`update automation_runs as r set status = v.status, condition_values = v.cv, outcome = v.outcome,
        error = v.error, attempts = v.attempts::integer, started_at = ${at}, finished_at = ${at}
        from (values ${values}) as v(id, status, cv, outcome, error, attempts) where r.id = v.id`.execute(
      trx,
    );
  }
}

/** The variables the entries' finished runs produced (`outcome.output`), merged in group order. */
async function varsOfEntries(trx: Db, entryIds: string[]): Promise<Map<string, Record<string, unknown>>> {
  const rows = await trx
    .selectFrom('automation_runs')
    .select(['entry_id', 'outcome'])
    .where('entry_id', 'in', entryIds)
    .where('status', '=', 'done')
    .where('outcome', 'like', '%"output"%')
    .orderBy('group_no')
    .execute();
  const out = new Map<string, Record<string, unknown>>();
  for (const r of rows) {
    const o = JSON.parse(r.outcome!) as { output?: Record<string, unknown> };
    if (!o.output) continue;
    out.set(r.entry_id, { ...(out.get(r.entry_id) ?? {}), ...o.output });
  }
  return out;
}

/**
 * For each entry whose group just finished (no run of it waiting, pending or running), makes the next
 * group's runs pending, due after their own delay from now, and schedules their drain. Returns how many
 * are due at once (the running drain takes them).
 */
export async function releaseNextGroups(
  ctx: AppContext,
  trx: Db,
  officeId: string,
  groups: Map<string, number>,
  now: Date,
  itemOf: (pipelineId: string, itemId: string) => Promise<AutomationItem | null>,
): Promise<number> {
  if (groups.size === 0) return 0;
  const entryIds = [...groups.keys()];
  const open = new Set<string>();
  const waiting: {
    id: string;
    entry_id: string;
    rule_id: string;
    version: number;
    item_id: string;
    pipeline_id: string;
    group_no: number;
  }[] = [];
  for (let i = 0; i < entryIds.length; i += 500) {
    const chunk = entryIds.slice(i, i + 500);
    const rows = await trx
      .selectFrom('automation_runs')
      .select(['id', 'entry_id', 'rule_id', 'version', 'item_id', 'pipeline_id', 'group_no', 'status'])
      .where('entry_id', 'in', chunk)
      .where('status', 'in', ['waiting', 'pending', 'running'])
      .execute();
    for (const r of rows) {
      const g = groups.get(r.entry_id)!;
      const group = Number(r.group_no);
      if (r.status !== 'waiting' && group <= g) open.add(r.entry_id);
      if (r.status === 'waiting') waiting.push({ ...r, version: Number(r.version), group_no: group });
    }
  }
  // The next group of each entry whose current group is over: the lowest waiting group.
  const nextGroup = new Map<string, number>();
  for (const w of waiting) {
    if (open.has(w.entry_id)) continue;
    nextGroup.set(w.entry_id, Math.min(nextGroup.get(w.entry_id) ?? Number.POSITIVE_INFINITY, w.group_no));
  }
  const release = waiting.filter((w) => nextGroup.get(w.entry_id) === w.group_no);
  if (release.length === 0) return 0;
  const defs = await loadVersions(
    trx,
    release.map((r) => ({ ruleId: r.rule_id, version: r.version })),
  );
  const t = await officeTimeOf(trx, officeId);
  const dues: Date[] = [];
  for (const r of release) {
    const def = defs.get(versionKey(r.rule_id, r.version));
    if (!def) continue;
    const item = def.delay.kind === 'field' ? await itemOf(r.pipeline_id, r.item_id) : null;
    const due = dueAtOf(def.delay, now, t, item?.fields ?? null) ?? now;
    dues.push(due);
    await trx
      .updateTable('automation_runs')
      .set({ status: 'pending', due_at: due.toISOString() })
      .where('id', '=', r.id)
      .where('status', '=', 'waiting')
      .execute();
  }
  await scheduleDrains(
    ctx,
    trx,
    officeId,
    dues.filter((d) => d.getTime() > now.getTime()),
  );
  return dues.filter((d) => d.getTime() <= now.getTime()).length;
}

/** An external action: called with no transaction held, then recorded if this claim still holds the run. */
async function runExternal(ctx: AppContext, officeId: string, c: ExternalClaim): Promise<number> {
  const action = actionKind(c.def.action)!;
  const now = ctx.clock.now();
  let result: RunResult;
  try {
    const input = action.input.parse(c.def.input);
    const outcome = await action.execute(
      {
        app: ctx,
        db: ctx.db,
        officeId,
        item: c.item,
        run: {
          id: c.run.id,
          ruleId: c.run.rule_id,
          version: c.run.version,
          chainId: c.chainId,
          depth: c.depth,
        },
        vars: c.vars,
        testMode: false,
        now,
      },
      input,
    );
    result = { status: 'done', conditionValues: null, outcome, error: null };
  } catch (err) {
    result = { status: 'failed', conditionValues: null, outcome: null, error: reasonOf(err) };
  }
  return writeTransaction(ctx, async (trx) => {
    const at = ctx.clock.now().toISOString();
    const r = await trx
      .updateTable('automation_runs')
      .set({
        status: result.status,
        outcome: result.outcome ? JSON.stringify(result.outcome) : null,
        error: result.error ? JSON.stringify(result.error) : null,
        finished_at: at,
      })
      .where('id', '=', c.run.id)
      .where('status', '=', 'running')
      .where('attempts', '=', c.attempt)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return 0;
    const kind = pipelineKindOf(c.run.pipeline_id);
    return releaseNextGroups(
      ctx,
      trx,
      officeId,
      new Map([[c.run.entry_id, c.run.group_no]]),
      ctx.clock.now(),
      (p, i) => (kind ? kind.loadItem(trx, officeId, p, i) : Promise.resolve(null)),
    );
  });
}
