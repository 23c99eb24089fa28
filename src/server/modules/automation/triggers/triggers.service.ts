import { appLink } from '../../../config.js';
import type { AppContext } from '../../../context.js';
import type { Db } from '../../../db/database.js';
import { writeTransaction } from '../../../db/group-commit.js';
import type { FieldIssue } from '../../../http/errors.js';
import type { Lang } from '../../../http/i18n.js';
import { fieldsError, toFieldIssues } from '../../../http/validation.js';
import { newId, newSecret } from '../../../ids.js';
import { type Actor, auditTrail } from '../../platform/index.js';
import { type PipelineView, pipelineView, triggerKind } from '../registry.js';
import { ensureSweepSchedule } from './sweep.job.js';
import type { TriggerRow } from './trigger-engine.js';
import { TriggersError, triggerIssue } from './triggers.errors.js';
import type { TriggerBody, TriggerView } from './triggers.schema.js';

/**
 * Automações — the triggers of a pipeline's stages: list, create, change, delete. Saving checks first —
 * the kind exists, the stage is the pipeline's, the configuration fits the kind's schema and its own
 * checks (a field the pipeline does not have) — and answers every problem as a field error; then writes
 * the row and its audit entry in one transaction. The first sweep trigger of the office then gets the
 * office's daily sweep schedule (`ensureSweepSchedule`, idempotent: a retry of the save creates it). A
 * pipeline of another office is not found.
 */

/** The office's pipeline, or `trigger_pipeline_not_found`. */
export async function pipelineOf(db: Db, officeId: string, pipelineId: string): Promise<PipelineView> {
  const view = await pipelineView(db, officeId, pipelineId);
  if (!view) throw new TriggersError('trigger_pipeline_not_found', { params: { pipelineId } });
  return view;
}

/** The address of an incoming webhook. */
export function webhookUrl(ctx: AppContext, secret: string): string {
  return appLink(ctx.config, `/api/automation/hooks/${secret}`);
}

function toView(ctx: AppContext, row: TriggerRow, lang: Lang): TriggerView {
  const kind = triggerKind(row.kind);
  const config = JSON.parse(row.config) as Record<string, unknown>;
  const parsed = kind?.config.safeParse(config);
  return {
    id: row.id,
    pipelineId: row.pipeline_id,
    stageId: row.stage_id,
    kind: row.kind,
    name: kind?.name[lang] ?? row.kind,
    description: kind && parsed?.success ? kind.describe(parsed.data, lang) : row.kind,
    config,
    allowBack: row.allow_back === 1,
    enabled: row.enabled === 1,
    position: row.position,
    webhookUrl: row.secret ? webhookUrl(ctx, row.secret) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The triggers of a pipeline, by stage and position. */
export async function listTriggers(
  ctx: AppContext,
  officeId: string,
  pipelineId: string,
  lang: Lang,
): Promise<TriggerView[]> {
  await pipelineOf(ctx.db, officeId, pipelineId);
  const rows = await ctx.db
    .selectFrom('automation_triggers')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('pipeline_id', '=', pipelineId)
    .orderBy('stage_id')
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((r) => toView(ctx, r, lang));
}

/** Checks a definition against the pipeline; returns the configuration as the kind reads it. */
async function validate(db: Db, officeId: string, pipeline: PipelineView, body: TriggerBody) {
  const issues: FieldIssue[] = [];
  if (!pipeline.stages.some((s) => s.id === body.stageId))
    issues.push(triggerIssue('stageId', 'unknown_stage'));
  const kind = triggerKind(body.kind);
  if (!kind) {
    issues.push(triggerIssue('kind', 'unknown_trigger_kind'));
    throw fieldsError(...issues);
  }
  const parsed = kind.config.safeParse(body.config, { reportInput: true });
  if (!parsed.success) issues.push(...toFieldIssues(parsed.error.issues, ['config']));
  else if (kind.validate) issues.push(...(await kind.validate(db, officeId, parsed.data, pipeline)));
  if (issues.length) throw fieldsError(...issues);
  return { kind, config: parsed.data as Record<string, unknown> };
}

const triggerAudit = auditTrail('automation_trigger');

const auditView = (row: TriggerRow) => ({
  pipelineId: row.pipeline_id,
  stageId: row.stage_id,
  kind: row.kind,
  config: JSON.parse(row.config),
  allowBack: row.allow_back === 1,
  enabled: row.enabled === 1,
});

export async function createTrigger(
  ctx: AppContext,
  actor: Actor,
  pipelineId: string,
  body: TriggerBody,
  lang: Lang,
): Promise<TriggerView> {
  const pipeline = await pipelineOf(ctx.db, actor.officeId, pipelineId);
  const { kind, config } = await validate(ctx.db, actor.officeId, pipeline, body);
  const row = await writeTransaction(ctx, async (trx) => {
    const last = await trx
      .selectFrom('automation_triggers')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('office_id', '=', actor.officeId)
      .where('pipeline_id', '=', pipelineId)
      .where('stage_id', '=', body.stageId)
      .executeTakeFirst();
    const now = ctx.clock.now().toISOString();
    const row: TriggerRow = {
      id: newId(),
      office_id: actor.officeId,
      pipeline_id: pipelineId,
      stage_id: body.stageId,
      kind: kind.kind,
      config: JSON.stringify(config),
      allow_back: body.allowBack ? 1 : 0,
      enabled: body.enabled ? 1 : 0,
      secret: kind.kind === 'webhook' ? newSecret(24) : null,
      position: Number(last?.p ?? -1) + 1,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('automation_triggers').values(row).execute();
    await triggerAudit.create(trx, { ...actor, at: new Date(now) }, row.id, auditView(row));
    return row;
  });
  if (kind.event === null) await ensureSweepSchedule(ctx, actor.officeId);
  return toView(ctx, row, lang);
}

const findTrigger = (db: Db, officeId: string, id: string): Promise<TriggerRow> =>
  db
    .selectFrom('automation_triggers')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow(() => new TriggersError('trigger_not_found'));

/** Changes a trigger (its stage too: dragged to another column); a webhook keeps its address. */
export async function updateTrigger(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: TriggerBody,
  lang: Lang,
): Promise<TriggerView> {
  const before = await findTrigger(ctx.db, actor.officeId, id);
  const pipeline = await pipelineOf(ctx.db, actor.officeId, before.pipeline_id);
  const { kind, config } = await validate(ctx.db, actor.officeId, pipeline, body);
  const after = await writeTransaction(ctx, async (trx) => {
    const current = await findTrigger(trx, actor.officeId, id);
    const now = ctx.clock.now().toISOString();
    const patch = {
      stage_id: body.stageId,
      kind: kind.kind,
      config: JSON.stringify(config),
      allow_back: body.allowBack ? 1 : 0,
      enabled: body.enabled ? 1 : 0,
      secret: kind.kind === 'webhook' ? (current.secret ?? newSecret(24)) : null,
      updated_at: now,
    };
    await trx.updateTable('automation_triggers').set(patch).where('id', '=', id).execute();
    const row = { ...current, ...patch };
    await triggerAudit.update(trx, { ...actor, at: new Date(now) }, id, auditView(current), auditView(row));
    return row;
  });
  if (kind.event === null) await ensureSweepSchedule(ctx, actor.officeId);
  return toView(ctx, after, lang);
}

export async function deleteTrigger(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await writeTransaction(ctx, async (trx) => {
    const row = await findTrigger(trx, actor.officeId, id);
    await trx.deleteFrom('automation_trigger_fires').where('trigger_id', '=', id).execute();
    await trx.deleteFrom('automation_triggers').where('id', '=', id).execute();
    await triggerAudit.delete(trx, { ...actor, at: ctx.clock.now() }, id, auditView(row));
  });
}
