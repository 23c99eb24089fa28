import type { Updateable } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import type { Db } from '../../../db/database.js';
import { writeTransaction } from '../../../db/group-commit.js';
import type { AutomationRulesTable } from '../../../db/schema.js';
import type { Lang } from '../../../http/i18n.js';
import { fieldsError } from '../../../http/validation.js';
import { newId } from '../../../ids.js';
import { type Actor, auditTrail } from '../../platform/index.js';
import {
  type ActionCategory,
  actionCategories,
  actionKind,
  allActionKinds,
  allPipelineKinds,
  allTriggerKinds,
  type PipelineView,
  pipelineView,
} from '../registry.js';
import { loadVersions, type RuleDefinition, rememberVersion, versionKey } from '../runs/definitions.js';
import { RulesError } from './rules.errors.js';
import type { RuleView } from './rules.schema.js';
import { ruleIssues } from './validate.js';

type RuleRow = AutomationRulesTable;

const categoryNames: Record<ActionCategory, Record<Lang, string>> = {
  client: { 'pt-BR': 'Para o cliente', en: 'For the client' },
  staff: { 'pt-BR': 'Para a equipe', en: 'For the staff' },
  documents: { 'pt-BR': 'Documentos', en: 'Documents' },
  auxiliary: { 'pt-BR': 'Auxiliares', en: 'Auxiliary' },
  own: { 'pt-BR': 'Regras próprias', en: 'Own rules' },
};

/** Every pipeline the office has (every registered kind's `list`), names in `lang`. */
export async function listPipelines(db: Db, officeId: string, lang: Lang) {
  const views = (await Promise.all(allPipelineKinds().map((k) => k.list(db, officeId)))).flat();
  return views.map((p) => ({
    id: p.id,
    kind: p.kind,
    name: p.name[lang],
    stages: p.stages.map((s) => ({ id: s.id, name: s.name[lang], color: s.color })),
    fields: p.fields.map((f) => ({
      key: f.key,
      label: f.label[lang],
      type: f.type,
      ...(f.options ? { options: f.options.map((o) => ({ value: o.value, label: o.label[lang] })) } : {}),
      writable: f.writable,
    })),
  }));
}

const jsonSchemaOf = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

/** Actions grouped by category, and triggers, with their input as JSON Schema. */
export function catalog(lang: Lang) {
  const actions = allActionKinds();
  return {
    actions: actionCategories
      .map((category) => ({
        category,
        name: categoryNames[category][lang],
        items: actions
          .filter((a) => a.category === category)
          .sort((a, b) => a.name[lang].localeCompare(b.name[lang]))
          .map((a) => ({
            kind: a.kind,
            name: a.name[lang],
            description: a.description[lang],
            external: a.external === true,
            inputSchema: jsonSchemaOf(a.input),
          })),
      }))
      .filter((c) => c.items.length > 0),
    triggers: allTriggerKinds().map((t) => ({
      kind: t.kind,
      name: t.name[lang],
      description: t.description[lang],
      event: t.event,
      configSchema: jsonSchemaOf(t.config),
    })),
  };
}

/** The office's pipeline by id, or a 404 (another office's, or no such pipeline). */
export async function pipelineOrThrow(db: Db, officeId: string, pipelineId: string): Promise<PipelineView> {
  const view = await pipelineView(db, officeId, pipelineId);
  if (!view) throw new RulesError('pipeline_not_found', { params: { pipeline: pipelineId } });
  return view;
}

function stageOrThrow(pipeline: PipelineView, stageId: string) {
  const stage = pipeline.stages.find((s) => s.id === stageId);
  if (!stage) throw new RulesError('stage_not_found', { params: { stage: stageId } });
  return stage;
}

async function checkDefinition(db: Db, officeId: string, pipeline: PipelineView, def: RuleDefinition) {
  const issues = await ruleIssues(db, officeId, pipeline, def);
  if (issues.length) throw fieldsError(...issues);
}

/** A rule's action in words (its name when it has one). */
export function describeRule(def: RuleDefinition | null, lang: Lang): string {
  if (!def) return '';
  if (def.name) return def.name;
  const action = actionKind(def.action);
  if (!action) return def.action;
  const parsed = action.input.safeParse(def.input);
  return parsed.success ? action.describe(parsed.data, lang) : action.name[lang];
}

async function viewsOf(db: Db, rows: RuleRow[], lang: Lang): Promise<RuleView[]> {
  const published = rows.filter((r) => Number(r.version) > 0);
  const meta = new Map<string, { published_at: string; published_by: string | null }>();
  if (published.length) {
    const metaRows = await db
      .selectFrom('automation_rule_versions')
      .select(['rule_id', 'version', 'published_at', 'published_by'])
      .where(
        'rule_id',
        'in',
        published.map((r) => r.id),
      )
      .execute();
    for (const m of metaRows) meta.set(versionKey(m.rule_id, Number(m.version)), m);
  }
  const defs = await loadVersions(
    db,
    published.map((r) => ({ ruleId: r.id, version: Number(r.version) })),
  );
  return rows.map((r) => {
    const version = Number(r.version);
    const def = version > 0 ? (defs.get(versionKey(r.id, version)) ?? null) : null;
    const m = meta.get(versionKey(r.id, version));
    const draft = r.draft ? (JSON.parse(r.draft) as RuleDefinition) : null;
    return {
      id: r.id,
      pipelineId: r.pipeline_id,
      stageId: r.stage_id,
      position: Number(r.position),
      enabled: Number(r.enabled) === 1,
      published:
        def && m
          ? { version, definition: def, publishedAt: m.published_at, publishedBy: m.published_by }
          : null,
      draft,
      description: describeRule(draft ?? def, lang),
      updatedAt: r.updated_at,
    };
  });
}

/** The pipeline's rules per stage, in order (every stage listed, empty ones too). */
export async function listRules(ctx: AppContext, officeId: string, pipelineId: string, lang: Lang) {
  const pipeline = await pipelineOrThrow(ctx.db, officeId, pipelineId);
  const rows = await ctx.db
    .selectFrom('automation_rules')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('pipeline_id', '=', pipelineId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  const views = await viewsOf(ctx.db, rows, lang);
  return {
    pipelineId,
    stages: pipeline.stages.map((s) => ({ stageId: s.id, rules: views.filter((v) => v.stageId === s.id) })),
  };
}

/** The audit entries of a person's changes to a rule, and to the order of a pipeline's rules. */
const ruleAudit = auditTrail('automation_rule');
const pipelineAudit = auditTrail('automation_pipeline');

const ruleRow = (db: Db, officeId: string, id: string): Promise<RuleRow> =>
  db
    .selectFrom('automation_rules')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow(() => new RulesError('rule_not_found'));

export async function getRule(ctx: AppContext, officeId: string, id: string, lang: Lang): Promise<RuleView> {
  return (await viewsOf(ctx.db, [await ruleRow(ctx.db, officeId, id)], lang))[0]!;
}

/** A new rule at the end of the stage, as a draft (published with `publishRule`). */
export async function createRule(
  ctx: AppContext,
  actor: Actor,
  pipelineId: string,
  stageId: string,
  def: RuleDefinition,
  lang: Lang,
): Promise<RuleView> {
  const pipeline = await pipelineOrThrow(ctx.db, actor.officeId, pipelineId);
  stageOrThrow(pipeline, stageId);
  await checkDefinition(ctx.db, actor.officeId, pipeline, def);
  const id = newId();
  await writeTransaction(ctx, async (trx) => {
    const last = await trx
      .selectFrom('automation_rules')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('office_id', '=', actor.officeId)
      .where('pipeline_id', '=', pipelineId)
      .where('stage_id', '=', stageId)
      .executeTakeFirst();
    const now = ctx.clock.now().toISOString();
    await trx
      .insertInto('automation_rules')
      .values({
        id,
        office_id: actor.officeId,
        pipeline_id: pipelineId,
        stage_id: stageId,
        position: last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1,
        enabled: 1,
        draft: JSON.stringify(def),
        version: 0,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await ruleAudit.create(trx, { ...actor, at: ctx.clock.now() }, id, { pipelineId, stageId, draft: def });
  });
  return getRule(ctx, actor.officeId, id, lang);
}

/** Saves the rule's draft (the published version, and the runs using it, are untouched). */
export async function saveDraft(
  ctx: AppContext,
  actor: Actor,
  id: string,
  def: RuleDefinition,
  lang: Lang,
): Promise<RuleView> {
  const row = await ruleRow(ctx.db, actor.officeId, id);
  const pipeline = await pipelineOrThrow(ctx.db, actor.officeId, row.pipeline_id);
  await checkDefinition(ctx.db, actor.officeId, pipeline, def);
  await updateRule(
    ctx,
    actor,
    id,
    { draft: JSON.stringify(def) },
    { before: { draft: row.draft ? JSON.parse(row.draft) : null }, after: { draft: def } },
  );
  return getRule(ctx, actor.officeId, id, lang);
}

/**
 * Publishes the draft as the next version: items entering the stage from now on run it; runs already
 * waiting or pending keep the version they were made with. The draft is checked again (a field or a
 * template may have gone since it was saved).
 */
export async function publishRule(ctx: AppContext, actor: Actor, id: string, lang: Lang): Promise<RuleView> {
  const row = await ruleRow(ctx.db, actor.officeId, id);
  if (!row.draft) throw new RulesError('nothing_to_publish');
  const def = JSON.parse(row.draft) as RuleDefinition;
  const pipeline = await pipelineOrThrow(ctx.db, actor.officeId, row.pipeline_id);
  await checkDefinition(ctx.db, actor.officeId, pipeline, def);
  const version = Number(row.version) + 1;
  await writeTransaction(ctx, async (trx) => {
    const now = ctx.clock.now().toISOString();
    const r = await trx
      .updateTable('automation_rules')
      .set({ draft: null, version, updated_at: now })
      .where('office_id', '=', actor.officeId)
      .where('id', '=', id)
      .where('version', '=', Number(row.version))
      .executeTakeFirst();
    // Two publishes at once: the second finds the version moved and publishes nothing.
    if (Number(r.numUpdatedRows) !== 1) throw new RulesError('nothing_to_publish');
    await trx
      .insertInto('automation_rule_versions')
      .values({
        rule_id: id,
        version,
        office_id: actor.officeId,
        definition: row.draft!,
        published_at: now,
        published_by: actor.userId,
      })
      .execute();
    const change = { before: { version: Number(row.version) }, after: { version, definition: def } };
    await ruleAudit.record(trx, { ...actor, at: ctx.clock.now() }, id, 'update', change);
  });
  rememberVersion(id, version, def);
  return getRule(ctx, actor.officeId, id, lang);
}

/** Changes a rule's own columns and audits the change (`before` → `after`), in one transaction. */
async function updateRule(
  ctx: AppContext,
  actor: Actor,
  id: string,
  set: Updateable<AutomationRulesTable>,
  change: { before: object | null; after: object | null },
): Promise<void> {
  await writeTransaction(ctx, async (trx) => {
    await trx
      .updateTable('automation_rules')
      .set({ ...set, updated_at: ctx.clock.now().toISOString() })
      .where('office_id', '=', actor.officeId)
      .where('id', '=', id)
      .execute();
    await ruleAudit.record(trx, { ...actor, at: ctx.clock.now() }, id, 'update', change);
  });
}

/** Deletes a rule; its pending and waiting runs are cancelled (the history keeps the runs). */
export async function deleteRule(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const row = await ruleRow(ctx.db, actor.officeId, id);
  await writeTransaction(ctx, async (trx) => {
    const now = ctx.clock.now().toISOString();
    await trx
      .updateTable('automation_runs')
      .set({
        status: 'cancelled',
        finished_at: now,
        error: JSON.stringify({
          'pt-BR': 'Cancelada: a regra foi excluída.',
          en: 'Cancelled: the rule was deleted.',
        }),
      })
      .where('office_id', '=', actor.officeId)
      .where('rule_id', '=', id)
      .where('status', 'in', ['pending', 'waiting'])
      .execute();
    await trx
      .deleteFrom('automation_rules')
      .where('office_id', '=', actor.officeId)
      .where('id', '=', id)
      .execute();
    const before = { pipelineId: row.pipeline_id, stageId: row.stage_id, version: Number(row.version) };
    await ruleAudit.delete(trx, { ...actor, at: ctx.clock.now() }, id, before);
  });
}

/** Switches a rule on or off (off: items entering the stage no longer run it; runs already made go on). */
export async function setRuleEnabled(
  ctx: AppContext,
  actor: Actor,
  id: string,
  enabled: boolean,
  lang: Lang,
): Promise<RuleView> {
  const row = await ruleRow(ctx.db, actor.officeId, id);
  if ((Number(row.enabled) === 1) !== enabled) {
    const change = { before: { enabled: !enabled }, after: { enabled } };
    await updateRule(ctx, actor, id, { enabled: enabled ? 1 : 0 }, change);
  }
  return getRule(ctx, actor.officeId, id, lang);
}

/**
 * Drag and drop: each listed stage gets exactly these rules in this order (a rule listed under another
 * stage than its own moves there). Every rule named must be the pipeline's, and named once.
 */
export async function reorderRules(
  ctx: AppContext,
  actor: Actor,
  pipelineId: string,
  stages: { stageId: string; ruleIds: string[] }[],
  lang: Lang,
) {
  const pipeline = await pipelineOrThrow(ctx.db, actor.officeId, pipelineId);
  const rows = await ctx.db
    .selectFrom('automation_rules')
    .select(['id', 'stage_id'])
    .where('office_id', '=', actor.officeId)
    .where('pipeline_id', '=', pipelineId)
    .execute();
  const known = new Map(rows.map((r) => [r.id, r.stage_id]));
  const seen = new Set<string>();
  const issues: { field: string; code: string; message: { 'pt-BR': string; en: string } }[] = [];
  stages.forEach((s, i) => {
    if (!pipeline.stages.some((p) => p.id === s.stageId))
      issues.push({
        field: `stages.${i}.stageId`,
        code: 'not_found',
        message: { 'pt-BR': 'Estágio inexistente neste funil.', en: 'No such stage in this pipeline.' },
      });
    s.ruleIds.forEach((id, j) => {
      if (!known.has(id) || seen.has(id))
        issues.push({
          field: `stages.${i}.ruleIds.${j}`,
          code: known.has(id) ? 'duplicate' : 'not_found',
          message: known.has(id)
            ? { 'pt-BR': 'Regra repetida.', en: 'Rule listed twice.' }
            : { 'pt-BR': 'Regra inexistente neste funil.', en: 'No such rule in this pipeline.' },
        });
      seen.add(id);
    });
  });
  if (issues.length) throw fieldsError(...issues);
  // A stage listed must list all the rules it keeps: one left out would silently fall to the end.
  for (const s of stages) {
    const stays = rows.filter((r) => r.stage_id === s.stageId && !seen.has(r.id));
    if (stays.length)
      throw new RulesError('invalid_order', {
        params: { reason: `${stays.length} rule(s) of ${s.stageId} missing` },
      });
  }
  await writeTransaction(ctx, async (trx) => {
    const now = ctx.clock.now().toISOString();
    for (const s of stages) {
      for (const [position, id] of s.ruleIds.entries()) {
        await trx
          .updateTable('automation_rules')
          .set({ stage_id: s.stageId, position, updated_at: now })
          .where('office_id', '=', actor.officeId)
          .where('id', '=', id)
          .execute();
      }
    }
    const before = { order: rows.map((r) => ({ id: r.id, stageId: r.stage_id })) };
    await pipelineAudit.update(trx, { ...actor, at: ctx.clock.now() }, pipelineId, before, { order: stages });
  });
  return listRules(ctx, actor.officeId, pipelineId, lang);
}

export { ruleRow };
