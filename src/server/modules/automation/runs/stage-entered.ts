import { sql } from 'kysely';
import type { AppContext } from '../../../context.js';
import type { Db } from '../../../db/database.js';
import { prepared } from '../../../db/prepared.js';
import { newId } from '../../../ids.js';
import { type AppEvent, type SubscriberOutcome, subscribe } from '../events.js';
import { type ActionOutcome, actionKind, pipelineKindOf, type StageEntered } from '../registry.js';
import { noteMove } from './batch-moves.js';
import { loadVersions, type RuleDefinition, versionKey } from './definitions.js';
import { dueAtOf } from './delays.js';
import { executeRun, type RunResult } from './execute.js';
import { MAX_CHAIN_DEPTH, MAX_ENTRIES_PER_MINUTE } from './limits.js';
import { officeTimeOf } from './office-time.js';
import { cancelledReason, loopReason, newRunRow, type RunInsert } from './run-texts.js';
import { recordResult, releaseNextGroups, scheduleDrains } from './steps.job.js';

export const RULE_ENGINE_KEY = 'automation.rules';

/**
 * The rule engine's subscriber on `item.stage_entered`, inside the mover's transaction:
 * 1. the item's active entry in the pipeline (the stage it left) is closed, and its pending or waiting
 *    runs cancelled (reason: left the stage);
 * 2. the loop guard: a chain deeper than {@link MAX_CHAIN_DEPTH}, or more than
 *    {@link MAX_ENTRIES_PER_MINUTE} entries of the item in the last minute, records the entry as `loop`
 *    and its runs as `loop` (nothing runs);
 * 3. one run per enabled, published rule of the stage (UNIQUE entry, rule: exactly once), in groups: the
 *    first rule and every `parallel` rule join the current group, a `sequence` rule starts the next one.
 *    The first group's runs are `pending`, due after their delay; later groups `waiting`;
 * 4. when the mover asks for it (`inline`: action kinds, in the payload), the first group's immediate runs
 *    of those actions (no delay, not external) are executed here, in the mover's transaction, and recorded done, skipped or
 *    failed in it (exactly once: the run row and its effect commit or roll back together); the mover reads
 *    their results in this subscriber's outcome (a ticket move answers what happened to its e-mail);
 * 5. a drain (`automation.steps`) is enqueued for the first due time.
 * Events without the StageEntered fields (a pipeline not yet adapted) are not its business.
 */
export async function onStageEntered(
  ctx: AppContext,
  trx: Db,
  event: AppEvent,
): Promise<SubscriberOutcome | undefined> {
  const p = event.payload as Partial<StageEntered>;
  if (typeof p.pipelineId !== 'string' || typeof p.stageId !== 'string') return undefined;
  if (!pipelineKindOf(p.pipelineId)) return undefined;
  const result = await enterStage(ctx, trx, {
    officeId: event.officeId,
    pipelineId: p.pipelineId,
    stageId: p.stageId,
    itemId: event.entityId,
    eventId: event.id,
    chainId: p.chain?.id ?? event.id,
    depth: p.chain?.depth ?? 0,
    at: event.at,
    inline: Array.isArray(p.inline) ? p.inline.filter((k): k is string => typeof k === 'string') : [],
  });
  return { key: RULE_ENGINE_KEY, status: 'ran', result };
}

export interface Entering {
  officeId: string;
  pipelineId: string;
  stageId: string;
  itemId: string;
  eventId: string | null;
  chainId: string;
  depth: number;
  at: Date;
  /** Action kinds whose immediate first-group runs execute now, in this transaction ({@link onStageEntered}). */
  inline?: readonly string[];
}

/** A run executed inline, as the mover reads it. */
export interface InlineRun {
  runId: string;
  ruleId: string;
  action: string;
  input: Record<string, unknown>;
  status: RunResult['status'];
  outcome: ActionOutcome | null;
  error: RunResult['error'];
}

/** What entering a stage did: the entry, how many runs it created, whether the loop guard stopped it. */
export interface EnterResult {
  entryId: string;
  runs: number;
  loop: boolean;
  /** Runs executed in the mover's transaction (`inline`), in order. */
  inline: InlineRun[];
  /** Rules of the stage whose runs wait for later (a delay, a later group, an external action). */
  later: { ruleId: string; action: string; input: Record<string, unknown>; dueAt: string | null }[];
}

// The statements of every stage entry, compiled once (`prepared`).
const cancelLeftRuns = prepared(
  (db, error: string, at: string, officeId: string, pipelineId: string, itemId: string) =>
    db
      .updateTable('automation_runs')
      .set({ status: 'cancelled', error, finished_at: at })
      .where('entry_id', 'in', (eb) =>
        eb
          .selectFrom('automation_entries')
          .select('id')
          .where('office_id', '=', officeId)
          .where('pipeline_id', '=', pipelineId)
          .where('item_id', '=', itemId)
          .where('status', '=', sql.lit('active')),
      )
      .where('status', 'in', [sql.lit('pending'), sql.lit('waiting')]),
);
const closeActiveEntry = prepared((db, at: string, officeId: string, pipelineId: string, itemId: string) =>
  db
    .updateTable('automation_entries')
    .set({ status: 'left', left_at: at })
    .where('office_id', '=', officeId)
    .where('pipeline_id', '=', pipelineId)
    .where('item_id', '=', itemId)
    .where('status', '=', sql.lit('active')),
);
const recentEntries = prepared((db, officeId: string, pipelineId: string, itemId: string, since: string) =>
  db
    .selectFrom('automation_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('office_id', '=', officeId)
    .where('pipeline_id', '=', pipelineId)
    .where('item_id', '=', itemId)
    .where('entered_at', '>', since),
);
const insertEntry = prepared(
  (
    db,
    id: string,
    officeId: string,
    pipelineId: string,
    stageId: string,
    itemId: string,
    eventId: string | null,
    chainId: string,
    depth: number,
    at: string,
    leftAt: string | null,
    status: 'loop' | 'active',
  ) =>
    db.insertInto('automation_entries').values({
      id,
      office_id: officeId,
      pipeline_id: pipelineId,
      stage_id: stageId,
      item_id: itemId,
      event_id: eventId,
      chain_id: chainId,
      depth,
      entered_at: at,
      left_at: leftAt,
      status,
    }),
);
const stageRules = prepared((db, officeId: string, pipelineId: string, stageId: string) =>
  db
    .selectFrom('automation_rules')
    .select(['id', 'version'])
    .where('office_id', '=', officeId)
    .where('pipeline_id', '=', pipelineId)
    .where('stage_id', '=', stageId)
    .where('enabled', '=', sql.lit(1))
    .where('version', '>', sql.lit(0))
    .orderBy('position')
    .orderBy('id'),
);

export async function enterStage(ctx: AppContext, trx: Db, e: Entering): Promise<EnterResult> {
  const at = e.at.toISOString();
  noteMove(trx, e.pipelineId, e.itemId);
  // 1. Leaving the previous stage cancels what was still to run there.
  const item = [e.officeId, e.pipelineId, e.itemId] as const;
  await cancelLeftRuns.run(trx, JSON.stringify(cancelledReason.left), at, ...item);
  await closeActiveEntry.run(trx, at, ...item);

  // 2. The loop guard.
  let loop = e.depth > MAX_CHAIN_DEPTH;
  if (!loop) {
    const since = new Date(e.at.getTime() - 60_000).toISOString();
    const recent = await recentEntries.first(trx, ...item, since);
    loop = Number(recent?.n ?? 0) >= MAX_ENTRIES_PER_MINUTE;
  }
  const entryId = newId();
  await insertEntry.run(
    trx,
    entryId,
    e.officeId,
    e.pipelineId,
    e.stageId,
    e.itemId,
    e.eventId,
    e.chainId,
    e.depth,
    at,
    loop ? at : null,
    loop ? 'loop' : 'active',
  );

  // 3. The stage's rules, in order.
  const rules = await stageRules.rows(trx, e.officeId, e.pipelineId, e.stageId);
  if (rules.length === 0) return { entryId, runs: 0, loop, inline: [], later: [] };
  const defs = await loadVersions(
    trx,
    rules.map((r) => ({ ruleId: r.id, version: Number(r.version) })),
  );
  const ordered = rules
    .map((r) => ({
      id: r.id,
      version: Number(r.version),
      def: defs.get(versionKey(r.id, Number(r.version))),
    }))
    .filter((r): r is { id: string; version: number; def: RuleDefinition } => r.def !== undefined);
  const rows = await runRowsOf(trx, e, entryId, ordered, loop);
  for (let i = 0; i < rows.length; i += 100) {
    await trx
      .insertInto('automation_runs')
      .values(rows.slice(i, i + 100))
      .execute();
  }
  const defOf = new Map(ordered.map((r) => [r.id, r.def]));
  const inline = e.inline?.length && !loop ? await runInline(ctx, trx, e, entryId, rows, defOf) : [];
  const ranInline = new Set(inline.map((r) => r.runId));
  // 5. Wake the drain when the first runs are due.
  await scheduleDrains(
    ctx,
    trx,
    e.officeId,
    rows
      .filter((r) => r.status === 'pending' && r.due_at && !ranInline.has(r.id))
      .map((r) => new Date(r.due_at!)),
  );
  const later = loop
    ? []
    : rows
        .filter((r) => !ranInline.has(r.id))
        .map((r) => ({
          ruleId: r.rule_id,
          action: r.action,
          input: defOf.get(r.rule_id)?.input ?? {},
          dueAt: r.due_at,
        }));
  return { entryId, runs: rows.length, loop, inline, later };
}

/**
 * Executes the first group's immediate runs of a new entry in the mover's transaction (the drain's
 * `executeRun`, each in a savepoint, recorded at once), then releases the next group when the first one
 * is finished. A run that moved the item (its entry left) stops the rest, as in the drain.
 */
async function runInline(
  ctx: AppContext,
  trx: Db,
  e: Entering,
  entryId: string,
  rows: RunInsert[],
  defs: Map<string, RuleDefinition>,
): Promise<InlineRun[]> {
  const at = e.at.toISOString();
  const now = e.at;
  const immediate = rows.filter((r) => {
    const def = defs.get(r.rule_id);
    return (
      r.status === 'pending' &&
      r.group_no === 0 &&
      r.due_at === at &&
      def !== undefined &&
      def.delay.kind === 'none' &&
      e.inline!.includes(def.action) &&
      !def.delay.businessHours &&
      actionKind(def.action)?.external !== true
    );
  });
  if (immediate.length === 0) return [];
  const kind = pipelineKindOf(e.pipelineId);
  const out: InlineRun[] = [];
  const vars: Record<string, unknown> = {};
  for (const r of immediate) {
    const entry = await trx
      .selectFrom('automation_entries')
      .select('status')
      .where('id', '=', entryId)
      .executeTakeFirst();
    if (entry?.status !== 'active') break;
    const def = defs.get(r.rule_id)!;
    // Read afresh for every run: an earlier one may have changed the item.
    const item = kind ? await kind.loadItem(trx, e.officeId, e.pipelineId, e.itemId) : null;
    const result = await executeRun(
      ctx,
      trx,
      e.officeId,
      { id: r.id, ruleId: r.rule_id, version: r.version, chainId: e.chainId, depth: e.depth },
      def,
      item,
      vars,
      { now, testMode: false, savepoint: true },
    );
    await recordResult(trx, r.id, result, at, 1);
    if (result.status === 'done' && result.outcome?.output) Object.assign(vars, result.outcome.output);
    out.push({
      runId: r.id,
      ruleId: r.rule_id,
      action: def.action,
      input: def.input,
      status: result.status,
      outcome: result.outcome,
      error: result.error,
    });
  }
  if (out.length === rows.filter((r) => r.group_no === 0).length) {
    const releasedNow = await releaseNextGroups(ctx, trx, e.officeId, new Map([[entryId, 0]]), now, (p, i) =>
      kind ? kind.loadItem(trx, e.officeId, p, i) : Promise.resolve(null),
    );
    if (releasedNow > 0) await scheduleDrains(ctx, trx, e.officeId, [now]);
  }
  return out;
}

/** The run rows of an entry: grouped, the first group pending (due after its delay), the rest waiting. */
async function runRowsOf(
  trx: Db,
  e: Entering,
  entryId: string,
  rules: { id: string; version: number; def: RuleDefinition }[],
  loop: boolean,
): Promise<RunInsert[]> {
  const at = e.at.toISOString();
  const base = (r: { id: string; version: number; def: RuleDefinition }, group: number): RunInsert =>
    newRunRow({
      office_id: e.officeId,
      entry_id: entryId,
      rule_id: r.id,
      version: r.version,
      item_id: e.itemId,
      pipeline_id: e.pipelineId,
      action: r.def.action,
      group_no: group,
      status: 'waiting',
      due_at: null,
      created_at: at,
    });
  if (loop) {
    return rules.map((r) => ({
      ...base(r, 0),
      status: 'loop',
      error: JSON.stringify(loopReason(e.depth > MAX_CHAIN_DEPTH)),
      finished_at: at,
    }));
  }
  const rows: RunInsert[] = [];
  let group = 0;
  const needsItem = rules.some(
    (r, i) => r.def.delay.kind === 'field' && (i === 0 || r.def.mode === 'parallel'),
  );
  const item = needsItem
    ? await pipelineKindOf(e.pipelineId)?.loadItem(trx, e.officeId, e.pipelineId, e.itemId)
    : null;
  const t = await officeTimeOf(trx, e.officeId);
  rules.forEach((r, i) => {
    if (i > 0 && r.def.mode === 'sequence') group++;
    const row = base(r, group);
    if (group === 0) {
      row.status = 'pending';
      // A date field the item does not have: due now, and the drain skips it saying why.
      row.due_at = (dueAtOf(r.def.delay, e.at, t, item?.fields ?? null) ?? e.at).toISOString();
    }
    rows.push(row);
  });
  return rows;
}

/** Subscribes the rule engine to `item.stage_entered` (called once from the catalog). */
export function subscribeRuleEngine(): void {
  subscribe({ key: RULE_ENGINE_KEY, type: 'item.stage_entered', handle: onStageEntered });
}
