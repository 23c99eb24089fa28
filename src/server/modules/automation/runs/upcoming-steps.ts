import type { Db } from '../../../db/database.js';
import type { Localized } from '../../../http/i18n.js';
import { type AutomationItem, type PipelineView, pipelineKindOf } from '../registry.js';
import { describeRule } from '../rules/rules.service.js';
import { loadVersions, type RuleDefinition, versionKey } from './definitions.js';
import { dueAtOf } from './delays.js';
import { officeTimeOf } from './office-time.js';

/**
 * One rule step that has not run yet, as "Próximos envios" lists it:
 * - `pending`: due at `dueAt` (its delay counted from the entry, or from the end of the group before it);
 * - `waiting`: in sequence behind an earlier rule of the same entry (`waitsFor`); `dueAt` is its earliest
 *   time — the earlier groups' due times, then its own delay from there. The engine sets the real time when
 *   the earlier group finishes (a failure or a slow webhook can make it later, never earlier).
 */
export interface UpcomingStep {
  runId: string;
  dueAt: string;
  status: 'pending' | 'waiting';
  pipeline: { id: string; name: Localized };
  stage: { id: string; name: Localized };
  itemId: string;
  itemTitle: string;
  itemPath: string;
  clientId: string | null;
  responsibleId: string | null;
  ruleId: string;
  action: string;
  /** For a message action: its channel (`email`, `whatsapp`, `sms`). */
  channel: string | null;
  description: Localized;
  /** A waiting step's earlier rule (the last one of the group before it); null for a pending one. */
  waitsFor: Localized | null;
}

interface RunRow {
  id: string;
  entry_id: string;
  stage_id: string;
  due_at: string | null;
  pipeline_id: string;
  item_id: string;
  rule_id: string;
  version: number | string;
  action: string;
  group_no: number | string;
  status: string;
}

const describe = (def: RuleDefinition | null): Localized => ({
  'pt-BR': describeRule(def, 'pt-BR'),
  en: describeRule(def, 'en'),
});

/**
 * The office's rule steps that will run between `from` and `to`, in time order, at most `limit` (1000 by
 * default): the pending ones due in the window, and the waiting ones (behind an earlier rule in
 * sequence) whose earliest time falls in it — each with its pipeline, stage, rule, item, client and
 * responsible, for "Próximos envios". Steps of an entry the item has left are cancelled by the engine, so
 * they are not here. Cancel one with `POST /api/automation/runs/:id/cancel`.
 *
 * @example
 * const steps = await upcomingSteps(ctx.db, officeId, { from, to, now: ctx.clock.now() });
 */
export async function upcomingSteps(
  db: Db,
  officeId: string,
  range: { from: Date; to: Date; now: Date; limit?: number },
): Promise<UpcomingStep[]> {
  const limit = range.limit ?? 1000;
  const columns = [
    'automation_runs.id',
    'automation_runs.entry_id',
    'automation_entries.stage_id',
    'automation_runs.due_at',
    'automation_runs.pipeline_id',
    'automation_runs.item_id',
    'automation_runs.rule_id',
    'automation_runs.version',
    'automation_runs.action',
    'automation_runs.group_no',
    'automation_runs.status',
  ] as const;
  const base = () =>
    db
      .selectFrom('automation_runs')
      .innerJoin('automation_entries', 'automation_entries.id', 'automation_runs.entry_id')
      .select(columns)
      .where('automation_runs.office_id', '=', officeId);
  const pending: RunRow[] = await base()
    .where('automation_runs.status', '=', 'pending')
    .where('automation_runs.test_mode', '=', 0)
    .where('automation_runs.due_at', '>=', range.from.toISOString())
    .where('automation_runs.due_at', '<', range.to.toISOString())
    .orderBy('automation_runs.due_at')
    .orderBy('automation_runs.id')
    .limit(limit)
    .execute();
  // Waiting steps have no time yet: the oldest entries' first (they run first), as many as shown.
  const waiting: RunRow[] = await base()
    .where('automation_runs.status', '=', 'waiting')
    .orderBy('automation_runs.created_at')
    .orderBy('automation_runs.id')
    .limit(limit)
    .execute();

  // The waiting steps' entries: every run still to come, to count each group's time from the one before.
  const entryIds = [...new Set(waiting.map((r) => r.entry_id))];
  const open: RunRow[] = [];
  for (let i = 0; i < entryIds.length; i += 500) {
    open.push(
      ...(await base()
        .where('automation_runs.entry_id', 'in', entryIds.slice(i, i + 500))
        .where('automation_runs.status', 'in', ['pending', 'running', 'waiting'])
        .execute()),
    );
  }
  const defs = await loadVersions(
    db,
    [...pending, ...open].map((r) => ({ ruleId: r.rule_id, version: Number(r.version) })),
  );
  const defOf = (r: RunRow) => defs.get(versionKey(r.rule_id, Number(r.version))) ?? null;

  const items = new Map<string, Promise<AutomationItem | null>>();
  const itemOf = (r: RunRow) => {
    const k = `${r.pipeline_id}|${r.item_id}`;
    let p = items.get(k);
    if (!p) {
      p =
        pipelineKindOf(r.pipeline_id)?.loadItem(db, officeId, r.pipeline_id, r.item_id) ??
        Promise.resolve(null);
      items.set(k, p);
    }
    return p;
  };

  // Earliest times of the waiting steps, entry by entry, group after group.
  const estimated = new Map<string, { dueAt: Date; waitsFor: Localized | null }>();
  if (entryIds.length) {
    const t = await officeTimeOf(db, officeId);
    const byEntry = new Map<string, RunRow[]>();
    for (const r of open) byEntry.set(r.entry_id, [...(byEntry.get(r.entry_id) ?? []), r]);
    for (const runs of byEntry.values()) {
      const groups = [...new Set(runs.map((r) => Number(r.group_no)))].sort((a, b) => a - b);
      let start = range.now;
      let before: RunRow | null = null;
      for (const g of groups) {
        const inGroup = runs.filter((r) => Number(r.group_no) === g).sort((a, b) => a.id.localeCompare(b.id));
        let end = start;
        for (const r of inGroup) {
          let due: Date;
          if (r.status === 'waiting') {
            const def = defOf(r);
            const fields = def?.delay.kind === 'field' ? ((await itemOf(r))?.fields ?? null) : null;
            due = (def ? dueAtOf(def.delay, start, t, fields) : null) ?? start;
            estimated.set(r.id, { dueAt: due, waitsFor: before ? describe(defOf(before)) : null });
          } else due = r.status === 'pending' && r.due_at ? new Date(r.due_at) : range.now;
          if (due < range.now) due = range.now;
          if (due > end) end = due;
        }
        start = end;
        before = inGroup[inGroup.length - 1] ?? before;
      }
    }
  }

  const rows = [
    ...pending.map((r) => ({ r, dueAt: new Date(r.due_at!), waitsFor: null as Localized | null })),
    ...waiting.flatMap((r) => {
      const e = estimated.get(r.id);
      return e && e.dueAt >= range.from && e.dueAt < range.to ? [{ r, ...e }] : [];
    }),
  ]
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.r.id.localeCompare(b.r.id))
    .slice(0, limit);

  const pipelines = new Map<string, Promise<PipelineView[]>>();
  const pipelineOf = async (id: string) => {
    const kind = pipelineKindOf(id);
    if (!kind) return undefined;
    let p = pipelines.get(kind.kind);
    if (!p) {
      p = kind.list(db, officeId);
      pipelines.set(kind.kind, p);
    }
    return (await p).find((v) => v.id === id);
  };

  const out: UpcomingStep[] = [];
  for (const { r, dueAt, waitsFor } of rows) {
    const item = await itemOf(r);
    if (!item) continue;
    const pipeline = await pipelineOf(r.pipeline_id);
    const stage = pipeline?.stages.find((s) => s.id === r.stage_id);
    out.push({
      runId: r.id,
      dueAt: dueAt.toISOString(),
      status: r.status === 'waiting' ? 'waiting' : 'pending',
      pipeline: { id: r.pipeline_id, name: pipeline?.name ?? { 'pt-BR': r.pipeline_id, en: r.pipeline_id } },
      stage: { id: r.stage_id, name: stage?.name ?? { 'pt-BR': r.stage_id, en: r.stage_id } },
      itemId: r.item_id,
      itemTitle: item.title,
      itemPath: item.path,
      clientId: item.clientId,
      responsibleId: item.responsibleId,
      ruleId: r.rule_id,
      action: r.action,
      channel: r.action.startsWith('message.') ? r.action.slice('message.'.length) : null,
      description: describe(defOf(r)),
      waitsFor,
    });
  }
  return out;
}
