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
import { defineJob, enqueue, wakeWorkers } from '../../engine/index.js';
import {
  type ActionOutcome,
  type AutomationItem,
  actionKind,
  type BatchRun,
  pipelineKindOf,
} from '../registry.js';
import { itemKey, watchMoves } from './batch-moves.js';
import { batchMemo, withBatchScope } from './batch-scope.js';
import { evaluateCondition } from './conditions.js';
import { loadVersions, type RuleDefinition, versionKey } from './definitions.js';
import { dueAtOf } from './delays.js';
import { executeRun, parsedInput, precheck, type RunResult } from './execute.js';
import { officeTimeOf } from './office-time.js';
import { reasonOf } from './run-texts.js';

/**
 * Runs claimed per transaction. The runs of one rule version whose action has a batch form
 * (`ActionKind.executeBatch`) are executed together, a whole group in a few statements. 1,000: at 100,000
 * due steps, claims of 2,000 peaked the worker process at 408–428 MB against 328 MB, for no faster drain.
 */
export const DRAIN_BATCH = 1_000;
/**
 * Of a claim, at most this many run one by one (actions without a batch form), each in its savepoint; the
 * rest wait for the next batch. On SQLite, few: each run's `RELEASE SAVEPOINT` costs in proportion to the
 * pages the transaction has written so far, so one-by-one runs cost a batch in proportion to their square.
 */
const PER_RUN = { sqlite: 100, postgres: 500 } as const;
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
    wakeAt(ctx, b);
  }
}

/** Drains due within this long get a wake-up timer in the process that scheduled them. */
const WAKE_AHEAD_MS = 10 * 60_000;
const MAX_WAKE_TIMERS = 2_000;
const wakeTimers = new Map<number, NodeJS.Timeout>();

/**
 * Wakes this process's idle workers when a drain falls due, instead of at their next poll (a second later
 * at worst with the default poll): one timer per due second. A wake for a transaction that then rolled back
 * only makes a worker look for jobs once more.
 */
function wakeAt(ctx: AppContext, at: number): void {
  const delay = at - ctx.clock.now().getTime();
  if (delay <= 0 || delay > WAKE_AHEAD_MS || wakeTimers.has(at) || wakeTimers.size >= MAX_WAKE_TIMERS) return;
  const timer = setTimeout(() => {
    wakeTimers.delete(at);
    wakeWorkers('default'); // the pool scheduleDrains enqueues into
  }, delay + 5);
  timer.unref();
  wakeTimers.set(at, timer);
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
  const max = opts.batch ?? DRAIN_BATCH;
  const perRun = Math.min(max, PER_RUN[ctx.dialect === 'postgres' ? 'postgres' : 'sqlite']);
  // The claim adapts to what the runs due are: a claim whose one-by-one runs passed the cap is cut to what
  // the batch could take (claiming 1,000 to run 100 would read 10 rows per run), and grows back, doubling,
  // while whole claims go through.
  let limit = max;
  let total = 0;
  let external = 0;
  for (;;) {
    if (opts.signal?.aborted) break;
    const now = ctx.clock.now();
    const batch = await writeTransaction(ctx, (trx) =>
      withBatchScope(trx, () => drainBatch(ctx, trx, officeId, now, limit, perRun)),
    );
    total += batch.finished;
    let releasedNow = batch.releasedNow;
    for (const ext of batch.externals) {
      releasedNow += await runExternal(ctx, officeId, ext);
      external++;
    }
    // A full claim may have more behind it, and runs left for the next batch are due; a group released
    // now is due now: go on.
    if (batch.claimed < limit && batch.deferred === 0 && releasedNow === 0) break;
    limit =
      batch.deferred > 0
        ? Math.max(perRun, batch.claimed - batch.deferred)
        : Math.min(max, Math.max(limit, batch.claimed) * 2);
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

async function drainBatch(
  ctx: AppContext,
  trx: Db,
  officeId: string,
  now: Date,
  limit: number,
  perRunCap: number,
) {
  const nowIso = now.toISOString();
  // Each status apart, so that the index (office, status, due) hands the runs out in due order without
  // sorting every due run of the office for each batch: the leases of external actions that ran out first
  // (few), then the pending runs.
  const claim = async (status: 'running' | 'pending', n: number) => {
    if (n <= 0) return [];
    let q = trx
      .selectFrom('automation_runs as r')
      .select([
        'r.id',
        'r.entry_id',
        'r.rule_id',
        'r.version',
        'r.item_id',
        'r.pipeline_id',
        'r.group_no',
        'r.status',
        'r.attempts',
      ])
      .where('r.office_id', '=', officeId)
      .where('r.status', '=', status)
      .where('r.due_at', '<=', nowIso)
      .orderBy('r.due_at')
      .limit(n);
    // Two drains of one office (two due seconds) may overlap on PostgreSQL: each takes runs the other has
    // not. (On SQLite the write transactions are one after the other: a claim sees the previous batch's ends.)
    if (ctx.dialect === 'postgres') q = q.forUpdate('r').skipLocked();
    return q.execute();
  };
  const leased = await claim('running', limit);
  const claimed = [...leased, ...(await claim('pending', limit - leased.length))].map((r) => ({
    ...r,
    version: Number(r.version),
    group_no: Number(r.group_no),
    attempts: Number(r.attempts),
  }));
  const none = { claimed: 0, deferred: 0, finished: 0, releasedNow: 0, externals: [] as ExternalClaim[] };
  if (claimed.length === 0) return none;

  const defs = await loadVersions(
    trx,
    claimed.map((r) => ({ ruleId: r.rule_id, version: r.version })),
  );
  const defOf = (run: ClaimedRun) => defs.get(versionKey(run.rule_id, run.version));
  const batchable = (def: RuleDefinition | undefined) => {
    const a = def ? actionKind(def.action) : undefined;
    return Boolean(a?.executeBatch && !a.external);
  };
  // The runs one by one beyond the cap wait for the next batch (still pending, claimed again first).
  let perRun = 0;
  const runs: ClaimedRun[] = [];
  for (const run of claimed) {
    if (!batchable(defOf(run)) && perRun++ >= perRunCap) continue;
    runs.push(run);
  }
  const deferred = claimed.length - runs.length;

  const entryIds = [...new Set(runs.map((r) => r.entry_id))];
  const entries = new Map<string, { chain_id: string; depth: number }>();
  for (let i = 0; i < entryIds.length; i += 1000) {
    const rows = await trx
      .selectFrom('automation_entries')
      .select(['id', 'chain_id', 'depth'])
      .where('id', 'in', entryIds.slice(i, i + 1000))
      .execute();
    for (const e of rows) entries.set(e.id, { chain_id: e.chain_id, depth: Number(e.depth) });
  }
  const vars = await varsOfEntries(trx, entryIds);
  const varsOf = (entryId: string) => {
    let v = vars.get(entryId);
    if (!v) {
      v = {};
      vars.set(entryId, v);
    }
    return v;
  };
  const items = new Map<string, Promise<AutomationItem | null>>();
  await preloadItems(trx, officeId, runs, items);
  const itemOf = (pipelineId: string, itemId: string) => {
    const k = itemKey(pipelineId, itemId);
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
  const finish = (run: ClaimedRun, result: RunResult, keepsItem: boolean | undefined) => {
    results.push({ id: run.id, result, attempts: run.attempts + 1 });
    // What the action changed is read afresh by the item's next run (not after one that keeps the item).
    if (result.status !== 'skipped' && !keepsItem) items.delete(itemKey(run.pipeline_id, run.item_id));
    if (result.status === 'done' && result.outcome?.output)
      Object.assign(varsOf(run.entry_id), result.outcome.output);
    finished++;
    finishedGroups.set(run.entry_id, Math.max(finishedGroups.get(run.entry_id) ?? -1, run.group_no));
  };

  /** One run alone: an external action is leased, any other executed in its own savepoint. */
  const runOne = async (run: ClaimedRun) => {
    const def = defOf(run);
    const entry = entries.get(run.entry_id);
    if (!def || !entry) return;
    // An earlier run of this batch moved the item: its stage's pending runs, this one too, were cancelled.
    if (moved.has(itemKey(run.pipeline_id, run.item_id))) return;
    const item = await itemOf(run.pipeline_id, run.item_id);
    const entryVars = varsOf(run.entry_id);
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
          depth: entry.depth,
          attempt: run.attempts + 1,
        });
        return;
      }
      finish(run, pre, true);
      return;
    }
    const result = await executeRun(
      ctx,
      trx,
      officeId,
      { id: run.id, ruleId: run.rule_id, version: run.version, chainId: entry.chain_id, depth: entry.depth },
      def,
      item,
      entryVars,
      { now, testMode: false, savepoint: true, keepSavepoint: ctx.dialect === 'postgres' },
    );
    finish(run, result, action?.keepsItem);
  };

  /**
   * The runs of one rule version with a batch form: each checked in memory (the item still in the batch's
   * hands, its condition), then the action's `executeBatch` for all whose condition passed, in one
   * savepoint. If it throws, the group is rolled back and each of its runs goes through `runOne`, so only a
   * bad item's run fails, with its own reason.
   */
  const runGroup = async (def: RuleDefinition, group: ClaimedRun[]) => {
    const action = actionKind(def.action)!;
    await preloadItems(
      trx,
      officeId,
      group.filter((r) => !items.has(itemKey(r.pipeline_id, r.item_id))),
      items,
    );
    const go: { run: ClaimedRun; batchRun: BatchRun; conditionValues: Record<string, unknown> }[] = [];
    const seen = new Set<string>();
    const again: ClaimedRun[] = [];
    for (const run of group) {
      const entry = entries.get(run.entry_id);
      const key = itemKey(run.pipeline_id, run.item_id);
      if (!entry || moved.has(key)) continue;
      // The batch form takes distinct items: a second run of the rule on one item goes alone, after.
      if (seen.has(key)) {
        again.push(run);
        continue;
      }
      seen.add(key);
      const item = await itemOf(run.pipeline_id, run.item_id);
      const entryVars = varsOf(run.entry_id);
      const pre = precheck(def, item, entryVars);
      if (pre) {
        finish(run, pre, action.keepsItem);
        continue;
      }
      go.push({
        run,
        batchRun: {
          item: item!,
          vars: entryVars,
          run: {
            id: run.id,
            ruleId: run.rule_id,
            version: run.version,
            chainId: entry.chain_id,
            depth: entry.depth,
          },
        },
        conditionValues: evaluateCondition(def.condition, { item: item!.fields, vars: entryVars }).values,
      });
    }
    if (go.length > 0) {
      const movedBefore = new Set(moved);
      let outcomes: ActionOutcome[] | null = null;
      await sql`savepoint automation_batch`.execute(trx);
      try {
        outcomes = await action.executeBatch!(
          { app: ctx, db: trx, officeId, now, memo: batchMemo(trx) },
          parsedInput(action, def),
          go.map((g) => g.batchRun),
        );
        if (outcomes.length !== go.length)
          throw new Error(`${def.action}: ${outcomes.length} outcomes for ${go.length} runs`);
        await sql`release savepoint automation_batch`.execute(trx);
      } catch (err) {
        await sql`rollback to savepoint automation_batch`.execute(trx);
        await sql`release savepoint automation_batch`.execute(trx);
        moved.clear();
        for (const k of movedBefore) moved.add(k);
        outcomes = null;
        ctx.log.warn(
          { err, action: def.action, runs: go.length },
          'a batch of rule runs failed: running them one by one',
        );
      }
      if (outcomes) {
        for (const [i, g] of go.entries()) {
          const outcome = outcomes[i]!;
          finish(
            g.run,
            { status: 'done', conditionValues: g.conditionValues, outcome, error: null },
            action.keepsItem,
          );
        }
      } else for (const g of go) await runOne(g.run);
    }
    for (const run of again) await runOne(run);
  };

  // In claim order; a rule version's runs with a batch form go together, where its first one stands.
  const steps: ({ one: ClaimedRun } | { def: RuleDefinition; group: ClaimedRun[] })[] = [];
  const groups = new Map<string, ClaimedRun[]>();
  for (const run of runs) {
    const def = defOf(run);
    if (!def || !batchable(def)) {
      steps.push({ one: run });
      continue;
    }
    const k = versionKey(run.rule_id, run.version);
    let group = groups.get(k);
    if (!group) {
      group = [];
      groups.set(k, group);
      steps.push({ def, group });
    }
    group.push(run);
  }
  for (const step of steps) {
    if ('one' in step) await runOne(step.one);
    else await runGroup(step.def, step.group);
  }
  await recordResults(ctx, trx, results, nowIso, ctx.clock.now().toISOString());
  const releasedNow = await releaseNextGroups(ctx, trx, officeId, finishedGroups, now, itemOf);
  return { claimed: claimed.length, deferred, finished, releasedNow, externals };
}

/**
 * Reads the runs' items into `items` at once per pipeline when its kind can (`loadItems`), as the promises
 * `itemOf` hands out; an item not found is null (its runs fail saying so).
 */
async function preloadItems(
  trx: Db,
  officeId: string,
  runs: readonly { pipeline_id: string; item_id: string }[],
  items: Map<string, Promise<AutomationItem | null>>,
): Promise<void> {
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

/** Rows per multi-row UPDATE of {@link recordResults} (6 parameters each). */
const RESULTS_PER_UPDATE = 500;

/**
 * Writes many runs' ends (done, skipped or failed) in one `UPDATE … FROM` a list of values per
 * {@link RESULTS_PER_UPDATE} runs (the runs found by primary key, on both dialects) instead of one
 * statement per run. `startedAt` is when the batch began, `at` when its runs were done. Each
 * row's status is set whatever it is now: a run executed earlier in the batch, then caught by a later
 * run's move (its stage's pending runs cancelled), did run — its end is the one that counts.
 */
export async function recordResults(
  _ctx: AppContext,
  trx: Db,
  rows: readonly { id: string; result: RunResult; attempts: number }[],
  startedAt: string,
  at: string = startedAt,
) {
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
    await sql`with v(id, status, cv, outcome, error, attempts) as (values ${values})
        update automation_runs set status = v.status, condition_values = v.cv, outcome = v.outcome,
        error = v.error, attempts = cast(v.attempts as integer), started_at = ${startedAt}, finished_at = ${at}
        from v where automation_runs.id = v.id`.execute(trx);
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
  const waiting: Omit<ClaimedRun, 'status' | 'attempts'>[] = [];
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
