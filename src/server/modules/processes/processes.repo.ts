import type { AskKey, AskLevel, FieldDef } from '../../../shared/schemas/processes.js';
import type { Db } from '../../db/database.js';
import { prepared } from '../../db/prepared.js';
import type { ProcessCardRow } from '../../db/schema.js';
import type { Card, Field, Form, Movement, Pipeline, Stage } from './processes.schema.js';

/** The automation id of a pipeline (`process:<uuid>`). */
export const automationIdOf = (pipelineId: string) => `process:${pipelineId}`;

// The pipeline, its stages and its fields are read on every automation move of a card (the trigger
// engine's `PipelineKind.view`): compiled once (`prepared`).
const pipelineRow = prepared((db, officeId: string, id: string) =>
  db.selectFrom('process_pipelines').selectAll().where('office_id', '=', officeId).where('id', '=', id),
);
const stageRows = prepared((db, officeId: string, pipelineId: string) =>
  db
    .selectFrom('process_stages')
    .select(['id', 'name', 'color', 'position'])
    .where('office_id', '=', officeId)
    .where('pipeline_id', '=', pipelineId)
    .orderBy('position'),
);
const fieldRows = prepared((db, officeId: string, pipelineId: string) =>
  db
    .selectFrom('process_fields')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('pipeline_id', '=', pipelineId)
    .orderBy('position'),
);

export const findPipelineRow = (db: Db, officeId: string, id: string) => pipelineRow.first(db, officeId, id);

export async function listStages(db: Db, officeId: string, pipelineId: string): Promise<Stage[]> {
  const rows = await stageRows.rows(db, officeId, pipelineId);
  return rows.map((r) => ({ ...r, position: Number(r.position) }));
}

export async function listFields(db: Db, officeId: string, pipelineId: string): Promise<Field[]> {
  const rows = await fieldRows.rows(db, officeId, pipelineId);
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    label: r.label,
    type: r.type,
    options: r.options ? (JSON.parse(r.options) as Field['options']) : null,
    required: Number(r.required) === 1,
    position: Number(r.position),
  }));
}

/** The fields as `checkCardFields` takes them. */
export const fieldDefs = (fields: Field[]): FieldDef[] =>
  fields.map((f) => ({ key: f.key, label: f.label, type: f.type, options: f.options, required: f.required }));

/** What a form stores in its `fields` column. */
export interface FormConfig {
  ask: Record<AskKey, AskLevel>;
  fieldKeys: string[];
}

export function toForm(r: {
  id: string;
  token: string;
  title: string;
  intro: string | null;
  fields: string;
  thanks: string;
  active: number;
  updated_at: string;
}): Form {
  const config = JSON.parse(r.fields) as FormConfig;
  return {
    id: r.id,
    token: r.token,
    path: `/formulario/${r.token}`,
    title: r.title,
    intro: r.intro,
    ask: config.ask,
    fieldKeys: config.fieldKeys,
    thanks: r.thanks,
    active: Number(r.active) === 1,
    updatedAt: r.updated_at,
  };
}

export async function findForm(db: Db, officeId: string, pipelineId: string): Promise<Form | null> {
  const r = await db
    .selectFrom('process_forms')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('pipeline_id', '=', pipelineId)
    .executeTakeFirst();
  return r ? toForm(r) : null;
}

/** The office's pipelines with their stage and open-card counts, by name. */
/** The office's pipelines' ids and names, by name (no counts: automation's pipeline list). */
export const listPipelineNames = (db: Db, officeId: string) =>
  db
    .selectFrom('process_pipelines')
    .select(['id', 'name'])
    .where('office_id', '=', officeId)
    .orderBy('name')
    .orderBy('id')
    .execute();

export async function listPipelineSummaries(db: Db, officeId: string, pipelineId?: string) {
  let q = db
    .selectFrom('process_pipelines as p')
    .select((eb) => [
      'p.id',
      'p.name',
      'p.description',
      'p.active',
      'p.created_at',
      eb
        .selectFrom('process_stages as s')
        .select((e) => e.fn.countAll().as('n'))
        .whereRef('s.pipeline_id', '=', 'p.id')
        .as('stage_count'),
      eb
        .selectFrom('process_cards as c')
        .select((e) => e.fn.countAll().as('n'))
        .whereRef('c.pipeline_id', '=', 'p.id')
        .where('c.closed_at', 'is', null)
        .where('c.archived_at', 'is', null)
        .as('open_cards'),
    ])
    .where('p.office_id', '=', officeId);
  if (pipelineId) q = q.where('p.id', '=', pipelineId);
  const rows = await q.orderBy('p.name').orderBy('p.id').execute();
  return rows.map((r) => ({
    id: r.id,
    automationId: automationIdOf(r.id),
    name: r.name,
    description: r.description,
    active: Number(r.active) === 1,
    stageCount: Number(r.stage_count ?? 0),
    openCards: Number(r.open_cards ?? 0),
    createdAt: r.created_at,
  }));
}

/** A pipeline with its stages, fields and form, or null when the office has no such pipeline. */
export async function loadPipeline(db: Db, officeId: string, id: string): Promise<Pipeline | null> {
  const [summary] = await listPipelineSummaries(db, officeId, id);
  if (!summary) return null;
  const [stages, fields, form] = await Promise.all([
    listStages(db, officeId, id),
    listFields(db, officeId, id),
    findForm(db, officeId, id),
  ]);
  return { ...summary, stages, fields, form };
}

/** Cards with their pipeline, stage, client and responsible names (one query). */
export const selectCards = (db: Db, officeId: string) =>
  db
    .selectFrom('process_cards as c')
    .innerJoin('process_pipelines as p', 'p.id', 'c.pipeline_id')
    .innerJoin('process_stages as s', 's.id', 'c.stage_id')
    .leftJoin('clients as cl', 'cl.id', 'c.client_id')
    .leftJoin('users as u', 'u.id', 'c.responsible_id')
    .selectAll('c')
    .select([
      'p.name as pipeline_name',
      's.name as stage_name',
      's.color as stage_color',
      's.position as stage_position',
      'cl.legal_name as client_name',
      'u.name as responsible_name',
    ])
    .where('c.office_id', '=', officeId);

export type CardJoinedRow = ProcessCardRow & {
  pipeline_name: string;
  stage_name: string;
  stage_color: string | null;
  client_name: string | null;
  responsible_name: string | null;
};

export function toCard(r: CardJoinedRow): Card {
  return {
    id: r.id,
    pipelineId: r.pipeline_id,
    pipelineName: r.pipeline_name,
    stageId: r.stage_id,
    stageName: r.stage_name,
    stageColor: r.stage_color,
    position: Number(r.position),
    title: r.title,
    clientId: r.client_id,
    clientName: r.client_name,
    responsibleId: r.responsible_id,
    responsibleName: r.responsible_name,
    valueCents: Number(r.value_cents),
    dueDate: r.due_date,
    fields: JSON.parse(r.fields) as Record<string, unknown>,
    submission: r.submission ? (JSON.parse(r.submission) as Record<string, unknown>) : null,
    state: r.archived_at ? 'archived' : r.closed_at ? 'closed' : 'open',
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    stageEnteredAt: r.stage_entered_at,
    closedAt: r.closed_at,
    archivedAt: r.archived_at,
  };
}

export async function findCard(db: Db, officeId: string, id: string): Promise<Card | null> {
  const r = await selectCards(db, officeId).where('c.id', '=', id).executeTakeFirst();
  return r ? toCard(r) : null;
}

const cardRow = prepared((db, officeId: string, id: string) =>
  db.selectFrom('process_cards').selectAll().where('office_id', '=', officeId).where('id', '=', id),
);

/** A card's row (every move and change reads it first: compiled once, `prepared`). */
export const findCardRow = (db: Db, officeId: string, id: string) => cardRow.first(db, officeId, id);

export async function listMovements(db: Db, officeId: string, cardId: string): Promise<Movement[]> {
  const rows = await db
    .selectFrom('process_movements as m')
    .leftJoin('process_stages as f', 'f.id', 'm.from_stage_id')
    .leftJoin('process_stages as t', 't.id', 'm.to_stage_id')
    .leftJoin('users as u', 'u.id', 'm.by_user_id')
    .select([
      'm.id',
      'm.from_stage_id',
      'f.name as from_name',
      'm.to_stage_id',
      't.name as to_name',
      'm.by_user_id',
      'u.name as user_name',
      'm.source',
      'm.comment',
      'm.at',
    ])
    .where('m.office_id', '=', officeId)
    .where('m.card_id', '=', cardId)
    .orderBy('m.at', 'desc')
    .orderBy('m.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    fromStageId: r.from_stage_id,
    fromStageName: r.from_name ?? null,
    toStageId: r.to_stage_id,
    // A deleted stage keeps its movements; its name is gone.
    toStageName: r.to_name ?? '—',
    byUserId: r.by_user_id,
    byUserName: r.user_name ?? null,
    source: r.source,
    comment: r.comment,
    at: r.at,
  }));
}

/** The position after the last card of a column. */
export async function nextPosition(db: Db, officeId: string, stageId: string): Promise<number> {
  const r = await db
    .selectFrom('process_cards')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('office_id', '=', officeId)
    // The stage's pipeline too, so the (office, pipeline, stage, position) index answers the max directly.
    .where('pipeline_id', '=', (eb) =>
      eb.selectFrom('process_stages').select('pipeline_id').where('id', '=', stageId),
    )
    .where('stage_id', '=', stageId)
    .executeTakeFirst();
  return r?.max === null || r?.max === undefined ? 0 : Number(r.max) + 1;
}

/**
 * A stage's pipeline and the position after the last card of its column, in one statement (a card's move
 * needs both): undefined when the office has no such stage.
 */
export async function stageForMove(
  db: Db,
  officeId: string,
  stageId: string,
): Promise<{ pipelineId: string; nextPosition: number } | undefined> {
  const r = await stageMove.first(db, officeId, stageId);
  if (!r) return undefined;
  return {
    pipelineId: r.pipeline_id,
    nextPosition: r.max === null || r.max === undefined ? 0 : Number(r.max) + 1,
  };
}

const stageMove = prepared((db, officeId: string, stageId: string) =>
  db
    .selectFrom('process_stages as s')
    .select((eb) => [
      's.pipeline_id',
      // (office, pipeline, stage) equal: the (office, pipeline, stage, position) index answers the max.
      eb
        .selectFrom('process_cards as c')
        .select((c) => c.fn.max('c.position').as('m'))
        .where('c.office_id', '=', officeId)
        .whereRef('c.pipeline_id', '=', 's.pipeline_id')
        .whereRef('c.stage_id', '=', 's.id')
        .as('max'),
    ])
    .where('s.office_id', '=', officeId)
    .where('s.id', '=', stageId),
);
