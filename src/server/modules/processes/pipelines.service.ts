import type { z } from 'zod';
import type {
  fieldInput,
  fieldPatch,
  formInput,
  pipelineInput,
  pipelinePatch,
  stageInput,
} from '../../../shared/schemas/processes.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { writeTransaction } from '../../db/group-commit.js';
import { officeRow } from '../../db/office-row.js';
import { fieldsError } from '../../http/validation.js';
import { newId, newSecret } from '../../ids.js';
import { type Actor, auditTrail } from '../platform/index.js';
import { type ChangeBy, moveCardIn } from './cards.service.js';
import { ProcessesError } from './processes.errors.js';
import {
  type FormConfig,
  findPipelineRow,
  listFields,
  listPipelineSummaries,
  listStages,
  loadPipeline,
} from './processes.repo.js';
import type { Pipeline } from './processes.schema.js';

/** The stages of a new pipeline when none are given. */
const defaultStages = [
  { name: 'Novo', color: '#228be6' },
  { name: 'Em andamento', color: '#fab005' },
  { name: 'Concluído', color: '#40c057' },
];

export const listPipelines = async (ctx: AppContext, officeId: string) => ({
  items: await listPipelineSummaries(ctx.db, officeId),
});

export async function getPipeline(ctx: AppContext, officeId: string, id: string): Promise<Pipeline> {
  const p = await loadPipeline(ctx.db, officeId, id);
  if (!p) throw new ProcessesError('pipeline_not_found');
  return p;
}

async function requirePipeline(db: Db, officeId: string, id: string) {
  const p = await findPipelineRow(db, officeId, id);
  if (!p) throw new ProcessesError('pipeline_not_found');
  return p;
}

const pipelineAudit = auditTrail('process_pipeline');
const stageAudit = auditTrail('process_stage');
const fieldAudit = auditTrail('process_field');
const formAudit = auditTrail('process_form');

/** Who changes the pipeline, and now: an audit entry's author. */
const byNow = (ctx: AppContext, actor: Actor) => ({ ...actor, at: ctx.clock.now() });

/** Creates a pipeline with its stages (the three defaults when none are given). */
export async function createPipeline(
  ctx: AppContext,
  actor: Actor,
  input: z.infer<typeof pipelineInput>,
): Promise<Pipeline> {
  const id = newId();
  await writeTransaction(ctx, async (trx) => {
    const now = ctx.clock.now().toISOString();
    await trx
      .insertInto('process_pipelines')
      .values({
        id,
        office_id: actor.officeId,
        name: input.name,
        description: input.description,
        active: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const stages = input.stages ?? defaultStages;
    await trx
      .insertInto('process_stages')
      .values(
        stages.map((s, position) => ({
          id: newId(),
          office_id: actor.officeId,
          pipeline_id: id,
          name: s.name,
          color: s.color,
          position,
        })),
      )
      .execute();
    await pipelineAudit.create(trx, byNow(ctx, actor), id, { ...input, stages });
  });
  return getPipeline(ctx, actor.officeId, id);
}

export async function updatePipeline(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: z.infer<typeof pipelinePatch>,
): Promise<Pipeline> {
  const before = await requirePipeline(ctx.db, actor.officeId, id);
  await writeTransaction(ctx, async (trx) => {
    await trx
      .updateTable('process_pipelines')
      .set({
        name: input.name,
        description: input.description,
        active: input.active ? 1 : 0,
        updated_at: ctx.clock.now().toISOString(),
      })
      .where('id', '=', id)
      .execute();
    await pipelineAudit.update(trx, byNow(ctx, actor), id, before, input);
  });
  return getPipeline(ctx, actor.officeId, id);
}

// ---------------------------------------------------------------- stages

export async function addStage(
  ctx: AppContext,
  actor: Actor,
  pipelineId: string,
  input: z.infer<typeof stageInput>,
): Promise<Pipeline> {
  await requirePipeline(ctx.db, actor.officeId, pipelineId);
  await writeTransaction(ctx, async (trx) => {
    const last = await trx
      .selectFrom('process_stages')
      .select((eb) => eb.fn.max('position').as('max'))
      .where('pipeline_id', '=', pipelineId)
      .executeTakeFirst();
    const id = newId();
    await trx
      .insertInto('process_stages')
      .values({
        id,
        office_id: actor.officeId,
        pipeline_id: pipelineId,
        name: input.name,
        color: input.color,
        position: last?.max === null || last?.max === undefined ? 0 : Number(last.max) + 1,
      })
      .execute();
    await stageAudit.create(trx, byNow(ctx, actor), id, input);
  });
  return getPipeline(ctx, actor.officeId, pipelineId);
}

async function requireStage(db: Db, officeId: string, id: string) {
  return db
    .selectFrom('process_stages')
    .selectAll()
    .where(officeRow(officeId, id))
    .executeTakeFirstOrThrow(() => new ProcessesError('stage_not_found'));
}

export async function updateStage(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: z.infer<typeof stageInput>,
): Promise<Pipeline> {
  const before = await requireStage(ctx.db, actor.officeId, id);
  await writeTransaction(ctx, async (trx) => {
    await trx
      .updateTable('process_stages')
      .set({ name: input.name, color: input.color })
      .where('id', '=', id)
      .execute();
    await stageAudit.update(trx, byNow(ctx, actor), id, before, input);
  });
  return getPipeline(ctx, actor.officeId, before.pipeline_id);
}

/** Renumbers rows of `table` in the order of `ids`, which must be exactly the pipeline's rows. */
async function reorder(
  ctx: AppContext,
  actor: Actor,
  pipelineId: string,
  table: 'process_stages' | 'process_fields',
  ids: string[],
): Promise<Pipeline> {
  await requirePipeline(ctx.db, actor.officeId, pipelineId);
  const current =
    table === 'process_stages'
      ? await listStages(ctx.db, actor.officeId, pipelineId)
      : await listFields(ctx.db, actor.officeId, pipelineId);
  const known = new Set(current.map((r) => r.id));
  if (ids.length !== known.size || new Set(ids).size !== ids.length || !ids.every((id) => known.has(id)))
    throw new ProcessesError('order_mismatch');
  await writeTransaction(ctx, async (trx) => {
    for (const [position, id] of ids.entries())
      await trx.updateTable(table).set({ position }).where('id', '=', id).execute();
    const action = table === 'process_stages' ? 'reorder_stages' : 'reorder_fields';
    const before = { ids: current.map((r) => r.id) };
    await pipelineAudit.record(trx, byNow(ctx, actor), pipelineId, action, { before, after: { ids } });
  });
  return getPipeline(ctx, actor.officeId, pipelineId);
}

export const reorderStages = (ctx: AppContext, actor: Actor, pipelineId: string, ids: string[]) =>
  reorder(ctx, actor, pipelineId, 'process_stages', ids);
export const reorderFields = (ctx: AppContext, actor: Actor, pipelineId: string, ids: string[]) =>
  reorder(ctx, actor, pipelineId, 'process_fields', ids);

/**
 * Deletes a stage. A stage with cards (open, closed or archived) is refused unless `moveTo` names
 * another stage of the same pipeline: then its cards move there first — each an ordinary movement that
 * emits `item.stage_entered`, so the target stage's rules run for them — and the stage goes, all in one
 * transaction. The last stage of a pipeline cannot be deleted. The movements keep the deleted stage's id.
 */
export async function deleteStage(
  ctx: AppContext,
  actor: Actor,
  id: string,
  moveTo: string | undefined,
): Promise<Pipeline> {
  const stage = await requireStage(ctx.db, actor.officeId, id);
  const stages = await listStages(ctx.db, actor.officeId, stage.pipeline_id);
  if (stages.length <= 1) throw new ProcessesError('last_stage');
  if (moveTo !== undefined) {
    if (moveTo === id) throw new ProcessesError('move_to_same_stage');
    if (!stages.some((s) => s.id === moveTo))
      throw fieldsError({
        field: 'moveTo',
        code: 'not_found',
        message: { 'pt-BR': 'Etapa não encontrada neste processo.', en: 'Stage not found in this pipeline.' },
      });
  }
  await writeTransaction(ctx, async (trx) => {
    const cards = await trx
      .selectFrom('process_cards')
      .selectAll()
      .where('office_id', '=', actor.officeId)
      .where('stage_id', '=', id)
      .orderBy('position')
      .execute();
    if (cards.length && !moveTo)
      throw new ProcessesError('stage_has_cards', { params: { name: stage.name, count: cards.length } });
    const by: ChangeBy = { userId: actor.userId, source: 'user', chain: { id: newId(), depth: 0 } };
    for (const card of cards) {
      if (card.closed_at || card.archived_at) {
        // Not in the kanban: it only changes column, without entering the stage's rules.
        await trx.updateTable('process_cards').set({ stage_id: moveTo! }).where('id', '=', card.id).execute();
        continue;
      }
      await moveCardIn(ctx, trx, actor.officeId, card, moveTo!, by, {
        comment: `Etapa “${stage.name}” excluída`,
      });
    }
    await trx.deleteFrom('process_stages').where('id', '=', id).execute();
    const rest = stages.filter((s) => s.id !== id);
    for (const [position, s] of rest.entries())
      if (s.position !== position)
        await trx.updateTable('process_stages').set({ position }).where('id', '=', s.id).execute();
    const after = { movedTo: moveTo ?? null, cards: cards.length };
    await stageAudit.record(trx, byNow(ctx, actor), id, 'delete', { before: stage, after });
  });
  return getPipeline(ctx, actor.officeId, stage.pipeline_id);
}

// ---------------------------------------------------------------- fields

export async function addField(
  ctx: AppContext,
  actor: Actor,
  pipelineId: string,
  input: z.infer<typeof fieldInput>,
): Promise<Pipeline> {
  await requirePipeline(ctx.db, actor.officeId, pipelineId);
  const fields = await listFields(ctx.db, actor.officeId, pipelineId);
  if (fields.some((f) => f.key === input.key))
    throw new ProcessesError('field_key_taken', { params: { key: input.key } });
  await writeTransaction(ctx, async (trx) => {
    const id = newId();
    await trx
      .insertInto('process_fields')
      .values({
        id,
        office_id: actor.officeId,
        pipeline_id: pipelineId,
        key: input.key,
        label: input.label,
        type: input.type,
        options: input.type === 'select' && input.options ? JSON.stringify(input.options) : null,
        required: input.required ? 1 : 0,
        position: fields.length,
      })
      .execute();
    await fieldAudit.create(trx, byNow(ctx, actor), id, input);
  });
  return getPipeline(ctx, actor.officeId, pipelineId);
}

async function requireField(db: Db, officeId: string, id: string) {
  return db
    .selectFrom('process_fields')
    .selectAll()
    .where(officeRow(officeId, id))
    .executeTakeFirstOrThrow(() => new ProcessesError('field_not_found'));
}

/** Changes a field's label, options and requiredness (its key and type stay). */
export async function updateField(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: z.infer<typeof fieldPatch>,
): Promise<Pipeline> {
  const before = await requireField(ctx.db, actor.officeId, id);
  if (before.type === 'select' && !input.options?.length)
    throw fieldsError({
      field: 'options',
      code: 'pick_at_least_one',
      message: { 'pt-BR': 'Escolha pelo menos um item.', en: 'Choose at least one item.' },
    });
  await writeTransaction(ctx, async (trx) => {
    await trx
      .updateTable('process_fields')
      .set({
        label: input.label,
        options: before.type === 'select' ? JSON.stringify(input.options) : null,
        required: input.required ? 1 : 0,
      })
      .where('id', '=', id)
      .execute();
    await fieldAudit.update(trx, byNow(ctx, actor), id, before, input);
  });
  return getPipeline(ctx, actor.officeId, before.pipeline_id);
}

/** Deletes a field; the cards keep no value for it (their stored values under its key are dropped). */
export async function deleteField(ctx: AppContext, actor: Actor, id: string): Promise<Pipeline> {
  const field = await requireField(ctx.db, actor.officeId, id);
  await writeTransaction(ctx, async (trx) => {
    await trx.deleteFrom('process_fields').where('id', '=', id).execute();
    const cards = await trx
      .selectFrom('process_cards')
      .select(['id', 'fields'])
      .where('office_id', '=', actor.officeId)
      .where('pipeline_id', '=', field.pipeline_id)
      .execute();
    for (const c of cards) {
      const values = JSON.parse(c.fields) as Record<string, unknown>;
      if (!(field.key in values)) continue;
      delete values[field.key];
      await trx
        .updateTable('process_cards')
        .set({ fields: JSON.stringify(values) })
        .where('id', '=', c.id)
        .execute();
    }
    // The form stops asking it.
    const form = await trx
      .selectFrom('process_forms')
      .select(['id', 'fields'])
      .where('pipeline_id', '=', field.pipeline_id)
      .executeTakeFirst();
    if (form) {
      const config = JSON.parse(form.fields) as FormConfig;
      if (config.fieldKeys.includes(field.key)) {
        config.fieldKeys = config.fieldKeys.filter((k) => k !== field.key);
        await trx
          .updateTable('process_forms')
          .set({ fields: JSON.stringify(config) })
          .where('id', '=', form.id)
          .execute();
      }
    }
    await fieldAudit.delete(trx, byNow(ctx, actor), id, field);
  });
  return getPipeline(ctx, actor.officeId, field.pipeline_id);
}

// ---------------------------------------------------------------- the public form

/** Creates or changes the pipeline's form (a new form gets its secret token). */
export async function putForm(
  ctx: AppContext,
  actor: Actor,
  pipelineId: string,
  input: z.infer<typeof formInput>,
): Promise<Pipeline> {
  await requirePipeline(ctx.db, actor.officeId, pipelineId);
  const keys = new Set((await listFields(ctx.db, actor.officeId, pipelineId)).map((f) => f.key));
  const unknown = input.fieldKeys.filter((k) => !keys.has(k));
  if (unknown.length)
    throw fieldsError(
      ...unknown.map((k) => ({
        field: 'fieldKeys',
        code: 'unknown_field',
        message: { 'pt-BR': `Campo desconhecido: ${k}.`, en: `Unknown field: ${k}.` },
      })),
    );
  const config: FormConfig = { ask: input.ask, fieldKeys: [...new Set(input.fieldKeys)] };
  await writeTransaction(ctx, async (trx) => {
    const now = ctx.clock.now().toISOString();
    const existing = await trx
      .selectFrom('process_forms')
      .selectAll()
      .where('pipeline_id', '=', pipelineId)
      .executeTakeFirst();
    const values = {
      title: input.title,
      intro: input.intro,
      fields: JSON.stringify(config),
      thanks: input.thanks,
      active: input.active ? 1 : 0,
      updated_at: now,
    };
    if (existing) await trx.updateTable('process_forms').set(values).where('id', '=', existing.id).execute();
    else
      await trx
        .insertInto('process_forms')
        .values({
          id: newId(),
          office_id: actor.officeId,
          pipeline_id: pipelineId,
          token: newSecret(24),
          created_at: now,
          ...values,
        })
        .execute();
    await formAudit.record(trx, byNow(ctx, actor), pipelineId, existing ? 'update' : 'create', {
      after: input,
    });
  });
  return getPipeline(ctx, actor.officeId, pipelineId);
}

/** Gives the form a new secret token: the old link and embed code stop working. */
export async function renewFormToken(ctx: AppContext, actor: Actor, pipelineId: string): Promise<Pipeline> {
  await requirePipeline(ctx.db, actor.officeId, pipelineId);
  await writeTransaction(ctx, async (trx) => {
    const r = await trx
      .updateTable('process_forms')
      .set({ token: newSecret(24), updated_at: ctx.clock.now().toISOString() })
      .where('office_id', '=', actor.officeId)
      .where('pipeline_id', '=', pipelineId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new ProcessesError('form_not_found');
    await formAudit.record(trx, byNow(ctx, actor), pipelineId, 'renew_token');
  });
  return getPipeline(ctx, actor.officeId, pipelineId);
}
