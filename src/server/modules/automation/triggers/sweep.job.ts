import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { writeTransaction } from '../../../db/group-commit.js';
import { newId } from '../../../ids.js';
import { calendarOf, defineJob } from '../../engine/index.js';
import { getOffice } from '../../platform/index.js';
import { ensureDailySchedule, officeOccurrence } from '../daily-job.js';
import {
  type AutomationItem,
  allTriggerKinds,
  pipelineKindOf,
  type SweepTick,
  type TriggerKind,
} from '../registry.js';
import { civilDayIn } from './sweep-days.js';
import {
  configOf,
  moveOf,
  PipelineViews,
  shouldMove,
  type TriggerMove,
  type TriggerRow,
} from './trigger-engine.js';
import { TriggersError } from './triggers.errors.js';

/**
 * The daily sweep of the triggers that no event fires — "Sem movimentação" (no movement for N business
 * days) and "Data atingida" (a date field reached): one `automation.trigger-sweep` job per office and day,
 * on a schedule the office gets with its first such trigger (06:00 office time, every day). For each
 * enabled sweep trigger it pages through the items of the stages it may move from (the earlier stages;
 * every other stage with "allow moving back"), asks the kind whether the item is due today, and moves it.
 * Idempotent per trigger, item and day (`automation_trigger_fires`' primary key, written in the move's
 * transaction): a second run the same day, a retry or a racing worker moves nothing twice; and each mark
 * (the idle period, the target date) fires once, so an item moved back by a person is not pulled again.
 */

const PAGE = 500;

const keptBy = { 'pt-BR': 'Automações', en: 'Automations', path: '/automation' };

/** What one sweep did. */
export interface SweepResult {
  day: string;
  triggers: number;
  examined: number;
  moved: TriggerMove[];
}

/** Runs the office's sweep triggers for the civil day `today` (`yyyy-mm-dd`, office time). */
export async function runTriggerSweep(
  ctx: AppContext,
  officeId: string,
  today: string,
): Promise<SweepResult> {
  const kinds = new Map(
    allTriggerKinds()
      .filter((k) => k.event === null && k.sweep)
      .map((k) => [k.kind, k]),
  );
  const result: SweepResult = { day: today, triggers: 0, examined: 0, moved: [] };
  if (!kinds.size) return result;
  const rows = await ctx.db
    .selectFrom('automation_triggers')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('kind', 'in', [...kinds.keys()])
    .where('enabled', '=', 1)
    .orderBy('position')
    .orderBy('id')
    .execute();
  if (!rows.length) return result;
  const office = await getOffice(ctx, officeId);
  const tick: SweepTick = { today, calendar: calendarOf(office), timeZone: office.timeZone };
  const views = new PipelineViews(ctx.db, officeId);
  for (const row of rows) {
    const kind = kinds.get(row.kind)!;
    const config = configOf(kind, row);
    const adapter = pipelineKindOf(row.pipeline_id);
    const pipeline = await views.get(row.pipeline_id);
    if (config === null || !adapter || !pipeline) continue;
    result.triggers++;
    const order = pipeline.stages.map((s) => s.id);
    const target = order.indexOf(row.stage_id);
    if (target < 0) continue;
    const from = order.filter((s, i) => s !== row.stage_id && (i < target || row.allow_back === 1));
    for (const stageId of from) {
      for (let afterId: string | null = null; ; ) {
        const items: AutomationItem[] = await adapter.itemsInStage(
          ctx.db,
          officeId,
          row.pipeline_id,
          stageId,
          {
            afterId,
            limit: PAGE,
          },
        );
        for (const item of items) {
          result.examined++;
          const mark = await markOf(ctx, kind, tick, config, item);
          if (mark === null || !shouldMove(pipeline, row, item)) continue;
          const move = await fire(ctx, row, item, today, mark);
          if (move) result.moved.push(move);
        }
        if (items.length < PAGE) break;
        afterId = items[items.length - 1]!.id;
      }
    }
  }
  return result;
}

/** The kind's mark for the item today; an item without `enteredAt` is read from its last stage entry. */
async function markOf(
  ctx: AppContext,
  kind: TriggerKind<unknown>,
  tick: SweepTick,
  config: unknown,
  item: AutomationItem,
): Promise<string | null> {
  let subject = item;
  if (item.enteredAt === undefined) {
    const last = await ctx.db
      .selectFrom('events')
      .select('at')
      .where('type', '=', 'item.stage_entered')
      .where('entity_id', '=', item.id)
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst();
    subject = { ...item, enteredAt: last?.at ?? null };
  }
  return kind.sweep!(tick, config, subject);
}

/**
 * One move of a sweep, in its own transaction: the fire row first (a second fire of the same trigger,
 * item and day, or of the same mark, finds it and stops), then the adapter's move on a new chain.
 */
async function fire(
  ctx: AppContext,
  row: TriggerRow,
  item: AutomationItem,
  day: string,
  mark: string,
): Promise<TriggerMove | null> {
  try {
    return await writeTransaction(ctx, async (trx) => {
      const seen = await trx
        .selectFrom('automation_trigger_fires')
        .select('day')
        .where('trigger_id', '=', row.id)
        .where('item_id', '=', item.id)
        .where((eb) => eb.or([eb('day', '=', day), eb('mark', '=', mark)]))
        .executeTakeFirst();
      if (seen) return null;
      const inserted = await trx
        .insertInto('automation_trigger_fires')
        .values({
          trigger_id: row.id,
          item_id: item.id,
          day,
          office_id: row.office_id,
          mark,
          fired_at: ctx.clock.now().toISOString(),
        })
        .onConflict((oc) => oc.columns(['trigger_id', 'item_id', 'day']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return null;
      // Re-read inside the transaction: the item may have moved since the page was read.
      const now = await pipelineKindOf(row.pipeline_id)!.loadItem(
        trx,
        row.office_id,
        row.pipeline_id,
        item.id,
      );
      if (!now || now.stageId !== item.stageId) throw new Skip();
      await pipelineKindOf(row.pipeline_id)!.moveItem(ctx, trx, row.office_id, now, row.stage_id, {
        chainId: newId(),
        depth: 1,
        triggerId: row.id,
      });
      return moveOf(row, item);
    });
  } catch (err) {
    if (err instanceof Skip) return null;
    ctx.log.warn({ err, triggerId: row.id, itemId: item.id }, 'an automation sweep could not move an item');
    return null;
  }
}

/** The item changed between the page and its move: nothing to do (and no fire recorded). */
class Skip extends Error {}

/**
 * The office's daily sweep: for the civil date of its occurrence (a run caught up after an outage sweeps
 * for the day it was meant for).
 */
export const triggerSweep = defineJob({
  kind: 'automation.trigger-sweep',
  title: { 'pt-BR': 'Automações: gatilhos diários', en: 'Automations: daily triggers' },
  payload: z.strictObject({}),
  maxAttempts: 5,
  leaseMs: 300_000,
  schedulesKeptBy: keptBy,
  async run(_payload, ctx) {
    const { officeId, office, at } = await officeOccurrence(
      ctx,
      () => new TriggersError('trigger_not_found'),
    );
    const r = await runTriggerSweep(ctx.app, officeId, civilDayIn(at.toISOString(), office.timeZone));
    return { day: r.day, triggers: r.triggers, examined: r.examined, moved: r.moved.length };
  },
});

/**
 * The office's daily sweep schedule (06:00 office time), created with its first sweep trigger (after the
 * trigger's transaction: the engine reads its schedules on its own connection).
 */
export const ensureSweepSchedule = (ctx: AppContext, officeId: string) =>
  ensureDailySchedule(ctx, officeId, {
    kind: triggerSweep.kind,
    name: 'Automações: gatilhos diários',
    time: '06:00',
  });
