import type { AppContext } from '../../../context.js';
import type { Db } from '../../../db/database.js';
import { writeTransaction } from '../../../db/group-commit.js';
import { found } from '../../../http/found.js';
import { interpolate, type Lang, type Localized } from '../../../http/i18n.js';
import { newId } from '../../../ids.js';
import { type Actor, auditTrail, findUser } from '../../platform/index.js';
import { type ActionOutcome, type AutomationItem, pipelineKindOf } from '../registry.js';
import { RulesError } from '../rules/rules.errors.js';
import type { RunView } from '../rules/rules.schema.js';
import { describeRule, pipelineOrThrow, ruleRow } from '../rules/rules.service.js';
import { evaluateCondition } from './conditions.js';
import { loadVersions, type RuleDefinition, versionKey } from './definitions.js';
import { dueAtOf } from './delays.js';
import { executeRun, precheck, type RunResult } from './execute.js';
import { officeTimeOf } from './office-time.js';
import { cancelledReason, newRunRow, type RunInsert } from './run-texts.js';
import { releaseNextGroups, scheduleDrains } from './steps.job.js';

type RunStatus = RunView['status'];

const pick = (text: Localized | null, lang: Lang) => (text ? text[lang] : null);
const parseLocalized = (s: string | null): Localized | null => (s ? (JSON.parse(s) as Localized) : null);

function outcomeView(raw: string | null, lang: Lang) {
  if (!raw) return null;
  const o = JSON.parse(raw) as ActionOutcome;
  return {
    summary: o.summary[lang],
    ...(o.output ? { output: o.output } : {}),
    ...(o.links ? { links: o.links } : {}),
    ...(o.preview ? { preview: o.preview } : {}),
  };
}

const itemOrThrow = (db: Db, officeId: string, pipelineId: string, itemId: string) =>
  found(
    pipelineKindOf(pipelineId)?.loadItem(db, officeId, pipelineId, itemId),
    () => new RulesError('item_not_found'),
  );

/**
 * An item's automation history: its entries into stages (newest first), each with its rule runs — version,
 * condition values, outcome with links, status, due time.
 */
export async function itemHistory(
  ctx: AppContext,
  officeId: string,
  pipelineId: string,
  itemId: string,
  lang: Lang,
) {
  const pipeline = await pipelineOrThrow(ctx.db, officeId, pipelineId);
  const entries = await ctx.db
    .selectFrom('automation_entries')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('pipeline_id', '=', pipelineId)
    .where('item_id', '=', itemId)
    .orderBy('entered_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  if (entries.length === 0) {
    await itemOrThrow(ctx.db, officeId, pipelineId, itemId);
    return { entries: [] };
  }
  const runs = await ctx.db
    .selectFrom('automation_runs')
    .selectAll()
    .where(
      'entry_id',
      'in',
      entries.map((e) => e.id),
    )
    .orderBy('group_no')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const defs = await loadVersions(
    ctx.db,
    runs.map((r) => ({ ruleId: r.rule_id, version: Number(r.version) })),
  );
  return {
    entries: entries.map((e) => ({
      id: e.id,
      stageId: e.stage_id,
      stageName: pipeline.stages.find((s) => s.id === e.stage_id)?.name[lang] ?? e.stage_id,
      status: e.status as 'active' | 'left' | 'loop',
      chainId: e.chain_id,
      depth: Number(e.depth),
      enteredAt: e.entered_at,
      leftAt: e.left_at,
      runs: runs
        .filter((r) => r.entry_id === e.id)
        .map((r) => {
          const def = defs.get(versionKey(r.rule_id, Number(r.version))) ?? null;
          return {
            id: r.id,
            ruleId: r.rule_id,
            version: Number(r.version),
            action: r.action,
            description: def ? describeRule(def, lang) : null,
            group: Number(r.group_no),
            status: r.status as RunStatus,
            dueAt: r.due_at,
            conditionValues: r.condition_values ? JSON.parse(r.condition_values) : null,
            outcome: outcomeView(r.outcome, lang),
            error: pick(parseLocalized(r.error), lang),
            createdAt: r.created_at,
            finishedAt: r.finished_at,
          };
        }),
    })),
  };
}

const runAudit = auditTrail('automation_run');
const ruleAudit = auditTrail('automation_rule');

/** Cancels a pending or waiting step (a person's "stop"): recorded as cancelled, by whom. */
export async function cancelRun(ctx: AppContext, actor: Actor, runId: string): Promise<void> {
  await writeTransaction(ctx, async (trx) => {
    const run = await trx
      .selectFrom('automation_runs')
      .selectAll()
      .where('office_id', '=', actor.officeId)
      .where('id', '=', runId)
      .executeTakeFirstOrThrow(() => new RulesError('run_not_found'));
    if (run.status !== 'pending' && run.status !== 'waiting')
      throw new RulesError('run_not_cancellable', { params: { status: run.status } });
    const who = actor.userId ? ((await findUser(trx, actor.officeId, actor.userId))?.name ?? '—') : 'API';
    const now = ctx.clock.now();
    const reason: Localized = {
      'pt-BR': interpolate(cancelledReason.person['pt-BR'], { name: who }),
      en: interpolate(cancelledReason.person.en, { name: who }),
    };
    // A drain may have taken it meanwhile (PostgreSQL): only a step still pending or waiting is cancelled.
    const r = await trx
      .updateTable('automation_runs')
      .set({ status: 'cancelled', error: JSON.stringify(reason), finished_at: now.toISOString() })
      .where('id', '=', runId)
      .where('status', 'in', ['pending', 'waiting'])
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1)
      throw new RulesError('run_not_cancellable', { params: { status: 'done' } });
    const kind = pipelineKindOf(run.pipeline_id);
    await releaseNextGroups(
      ctx,
      trx,
      actor.officeId,
      new Map([[run.entry_id, Number(run.group_no)]]),
      now,
      (p, i) => (kind ? kind.loadItem(trx, actor.officeId, p, i) : Promise.resolve(null)),
    );
    await runAudit.update(trx, { ...actor, at: now }, runId, { status: run.status }, { status: 'cancelled' });
  });
}

const APPLY_PAGE = 500;
const DRY_RUN_SHOWN = 200;

/**
 * "Aplicar aos itens já neste estágio": the rule's published version for every item now in its stage.
 * A dry run counts them and shows each one's condition result; otherwise a run is made per item (in its
 * current entry — one is opened for an item that entered before automation — at most once per entry).
 */
export async function applyToExisting(ctx: AppContext, actor: Actor, ruleId: string, dryRun: boolean) {
  const rule = await ruleRow(ctx.db, actor.officeId, ruleId);
  const version = Number(rule.version);
  if (version === 0) throw new RulesError('not_published');
  const def = (await loadVersions(ctx.db, [{ ruleId, version }])).get(versionKey(ruleId, version))!;
  const kind = pipelineKindOf(rule.pipeline_id);
  if (!kind) throw new RulesError('pipeline_not_found', { params: { pipeline: rule.pipeline_id } });
  const result = {
    dryRun,
    count: 0,
    matching: 0,
    items: [] as {
      itemId: string;
      title: string;
      passes: boolean;
      conditionValues: Record<string, unknown>;
    }[],
    created: 0,
  };
  let afterId: string | null = null;
  const t = await officeTimeOf(ctx.db, actor.officeId);
  for (;;) {
    const page: AutomationItem[] = await kind.itemsInStage(
      ctx.db,
      actor.officeId,
      rule.pipeline_id,
      rule.stage_id,
      {
        afterId,
        limit: APPLY_PAGE,
      },
    );
    if (page.length === 0) break;
    afterId = page[page.length - 1]!.id;
    for (const item of page) {
      const c = evaluateCondition(def.condition, { item: item.fields, vars: {} });
      result.count++;
      if (c.passed) result.matching++;
      if (dryRun && result.items.length < DRY_RUN_SHOWN)
        result.items.push({
          itemId: item.id,
          title: item.title,
          passes: c.passed,
          conditionValues: c.values,
        });
    }
    if (!dryRun) result.created += await applyPage(ctx, actor, rule, def, version, page, t);
    if (page.length < APPLY_PAGE) break;
  }
  if (!dryRun)
    await writeTransaction(ctx, (trx) =>
      ruleAudit.record(trx, { ...actor, at: ctx.clock.now() }, ruleId, 'update', {
        after: { appliedToExisting: result.created, version },
      }),
    );
  return result;
}

async function applyPage(
  ctx: AppContext,
  actor: Actor,
  rule: { id: string; pipeline_id: string; stage_id: string },
  def: RuleDefinition,
  version: number,
  page: AutomationItem[],
  t: Awaited<ReturnType<typeof officeTimeOf>>,
): Promise<number> {
  return writeTransaction(ctx, async (trx) => {
    const now = ctx.clock.now();
    const at = now.toISOString();
    const active = await trx
      .selectFrom('automation_entries')
      .select(['id', 'item_id', 'stage_id'])
      .where('office_id', '=', actor.officeId)
      .where('pipeline_id', '=', rule.pipeline_id)
      .where(
        'item_id',
        'in',
        page.map((i) => i.id),
      )
      .where('status', '=', 'active')
      .execute();
    const entryOf = new Map(active.filter((e) => e.stage_id === rule.stage_id).map((e) => [e.item_id, e.id]));
    const rows: RunInsert[] = [];
    const dues: Date[] = [];
    for (const item of page) {
      // The item is in the stage now; an active entry elsewhere is stale (moved outside automation).
      if (item.stageId !== rule.stage_id) continue;
      let entryId = entryOf.get(item.id);
      if (!entryId) {
        entryId = newId();
        await trx
          .updateTable('automation_entries')
          .set({ status: 'left', left_at: at })
          .where('office_id', '=', actor.officeId)
          .where('pipeline_id', '=', rule.pipeline_id)
          .where('item_id', '=', item.id)
          .where('status', '=', 'active')
          .execute();
        await trx
          .insertInto('automation_entries')
          .values({
            id: entryId,
            office_id: actor.officeId,
            pipeline_id: rule.pipeline_id,
            stage_id: rule.stage_id,
            item_id: item.id,
            event_id: null,
            chain_id: newId(),
            depth: 0,
            entered_at: at,
            left_at: null,
            status: 'active',
          })
          .execute();
      }
      const due = dueAtOf(def.delay, now, t, item.fields) ?? now;
      dues.push(due);
      rows.push(
        newRunRow({
          office_id: actor.officeId,
          entry_id: entryId,
          rule_id: rule.id,
          version,
          item_id: item.id,
          pipeline_id: rule.pipeline_id,
          action: def.action,
          // Its own group, after the entry's: it waits for nothing and holds nothing back.
          group_no: 1000,
          status: 'pending',
          due_at: due.toISOString(),
          created_at: at,
        }),
      );
    }
    let created = 0;
    for (let i = 0; i < rows.length; i += 100) {
      const r = await trx
        .insertInto('automation_runs')
        .values(rows.slice(i, i + 100))
        .onConflict((oc) => oc.columns(['entry_id', 'rule_id']).doNothing())
        .executeTakeFirst();
      created += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    await scheduleDrains(ctx, trx, actor.officeId, dues);
    return created;
  });
}

/** One rule's result in a test run. */
interface TestRunLine {
  ruleId: string;
  version: number | null;
  draft: boolean;
  description: string;
  status: RunResult['status'];
  conditionValues: Record<string, unknown> | null;
  outcome: ReturnType<typeof outcomeView>;
  error: string | null;
}

/** Thrown to roll a test run's transaction back with its results. */
class TestRollback extends Error {
  constructor(readonly results: TestRunLine[]) {
    super('test rollback');
  }
}

/**
 * "Testar": runs the stage's enabled rules (each one's draft if it has one, else its published version)
 * against one item, in order and without their delays, in a transaction that is rolled back: nothing is
 * kept and nothing goes out (actions run in test mode: messages are previewed, not sent).
 */
export async function testStage(
  ctx: AppContext,
  actor: Actor,
  pipelineId: string,
  stageId: string,
  itemId: string,
  lang: Lang,
) {
  const pipeline = await pipelineOrThrow(ctx.db, actor.officeId, pipelineId);
  if (!pipeline.stages.some((s) => s.id === stageId))
    throw new RulesError('stage_not_found', { params: { stage: stageId } });
  const item = await itemOrThrow(ctx.db, actor.officeId, pipelineId, itemId);
  const rules = await ctx.db
    .selectFrom('automation_rules')
    .selectAll()
    .where('office_id', '=', actor.officeId)
    .where('pipeline_id', '=', pipelineId)
    .where('stage_id', '=', stageId)
    .where('enabled', '=', 1)
    .orderBy('position')
    .orderBy('id')
    .execute();
  const published = await loadVersions(
    ctx.db,
    rules.filter((r) => Number(r.version) > 0).map((r) => ({ ruleId: r.id, version: Number(r.version) })),
  );
  try {
    await writeTransaction(ctx, async (trx) => {
      const vars: Record<string, unknown> = {};
      const out: TestRunLine[] = [];
      const now = ctx.clock.now();
      for (const r of rules) {
        const draft = r.draft ? (JSON.parse(r.draft) as RuleDefinition) : null;
        const def = draft ?? published.get(versionKey(r.id, Number(r.version))) ?? null;
        if (!def) continue;
        const run = { id: newId(), ruleId: r.id, version: Number(r.version), chainId: newId(), depth: 0 };
        const result: RunResult =
          precheck(def, item, vars) ??
          (await executeRun(ctx, trx, actor.officeId, run, def, item, vars, {
            now,
            testMode: true,
            savepoint: true,
          }));
        if (result.status === 'done' && result.outcome?.output) Object.assign(vars, result.outcome.output);
        out.push({
          ruleId: r.id,
          version: draft ? null : Number(r.version),
          draft: draft !== null,
          description: describeRule(def, lang),
          status: result.status,
          conditionValues: result.conditionValues,
          outcome: result.outcome ? outcomeView(JSON.stringify(result.outcome), lang) : null,
          error: pick(result.error, lang),
        });
      }
      throw new TestRollback(out);
    });
  } catch (err) {
    if (err instanceof TestRollback)
      return {
        item: { id: item.id, title: item.title, stageId: item.stageId },
        runs: err.results,
      };
    throw err;
  }
  throw new Error('unreachable: the test transaction always rolls back');
}
