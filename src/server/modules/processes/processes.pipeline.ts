/**
 * The `process` pipeline kind: the office's own pipelines as automation sees them. Pipeline ids are
 * `process:<uuid>`, stage ids the stages' uuids, items the cards. Fields: `title`, `value` (money),
 * `dueDate`, the client and the responsible, then the pipeline's own fields (all writable but the client
 * and the responsible, which have their own action). Moves and changes carry the cause's chain into the
 * events they emit (`item.stage_entered`, `item.field_changed`), so the loop guard sees them.
 */

import { checkCardFields } from '../../../shared/schemas/processes.js';
import type { Db } from '../../db/database.js';
import type { ProcessCardRow } from '../../db/schema.js';
import type { Localized } from '../../http/i18n.js';
import { fieldsError } from '../../http/validation.js';
import {
  type AutomationCause,
  type AutomationItem,
  definePipelineKind,
  type ItemField,
  type PipelineView,
} from '../automation/index.js';
import {
  applyCardChange,
  applyCardChanges,
  type CardChange,
  type ChangeBy,
  checkResponsible,
  moveCardIn,
} from './cards.service.js';
import { ProcessesError } from './processes.errors.js';
import {
  fieldDefs,
  findCardRow,
  findPipelineRow,
  listFields,
  listPipelineNames,
  listStages,
} from './processes.repo.js';
import type { Field } from './processes.schema.js';

const PREFIX = 'process:';
const same = (s: string): Localized => ({ 'pt-BR': s, en: s });

/** The card's uuid-part of a pipeline id, or null when it is not a process pipeline id. */
const uuidOf = (pipelineId: string) =>
  pipelineId.startsWith(PREFIX) ? pipelineId.slice(PREFIX.length) : null;

const builtinFields: ItemField[] = [
  { key: 'title', label: { 'pt-BR': 'Título', en: 'Title' }, type: 'text', writable: true },
  { key: 'value', label: { 'pt-BR': 'Valor', en: 'Value' }, type: 'money', writable: true },
  { key: 'dueDate', label: { 'pt-BR': 'Vencimento', en: 'Due date' }, type: 'date', writable: true },
  { key: 'clientId', label: { 'pt-BR': 'Cliente', en: 'Client' }, type: 'client', writable: false },
  {
    key: 'responsibleId',
    label: { 'pt-BR': 'Responsável', en: 'Responsible' },
    type: 'user',
    writable: false,
  },
];

const itemFieldOf = (f: Field): ItemField => ({
  key: f.key,
  label: same(f.label),
  type: f.type,
  ...(f.options ? { options: f.options.map((o) => ({ value: o.value, label: same(o.label) })) } : {}),
  writable: true,
});

function toItem(card: ProcessCardRow): AutomationItem {
  return {
    pipelineId: `${PREFIX}${card.pipeline_id}`,
    id: card.id,
    stageId: card.stage_id,
    title: card.title,
    clientId: card.client_id,
    responsibleId: card.responsible_id,
    fields: {
      ...(JSON.parse(card.fields) as Record<string, unknown>),
      title: card.title,
      value: Number(card.value_cents),
      dueDate: card.due_date,
      clientId: card.client_id,
      responsibleId: card.responsible_id,
    },
    path: `/processes/cards/${card.id}`,
  };
}

/** A pipeline as automation sees it: its stages in order and its fields (no card counts). */
async function viewOf(db: Db, officeId: string, p: { id: string; name: string }): Promise<PipelineView> {
  const [stages, fields] = await Promise.all([
    listStages(db, officeId, p.id),
    listFields(db, officeId, p.id),
  ]);
  return {
    id: `${PREFIX}${p.id}`,
    kind: 'process',
    name: same(p.name),
    stages: stages.map((s) => ({ id: s.id, name: same(s.name), color: s.color })),
    fields: [...builtinFields, ...fields.map(itemFieldOf)],
  };
}

const chainOf = (cause: AutomationCause): ChangeBy => ({
  userId: null,
  source: 'automation',
  chain: { id: cause.chainId, depth: cause.depth },
});

const openCards = (db: Db, officeId: string, pipelineId: string) =>
  db
    .selectFrom('process_cards')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('pipeline_id', '=', pipelineId)
    .where('closed_at', 'is', null)
    .where('archived_at', 'is', null);

async function cardOf(db: Db, officeId: string, item: AutomationItem): Promise<ProcessCardRow> {
  const card = await findCardRow(db, officeId, item.id);
  if (!card || `${PREFIX}${card.pipeline_id}` !== item.pipelineId) throw new ProcessesError('card_not_found');
  return card;
}

/**
 * Cards by id, 500 per query. By the primary key alone: with the office (and pipeline) in the WHERE clause
 * SQLite's planner picks the `(office, pipeline, stage, position)` index and reads every card of the
 * pipeline for each query; the callers check the office and pipeline of what they get.
 */
async function cardRows(
  db: Db,
  ids: readonly string[],
  columns?: readonly (keyof ProcessCardRow)[],
): Promise<ProcessCardRow[]> {
  const rows: ProcessCardRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const q = db.selectFrom('process_cards').where('id', 'in', ids.slice(i, i + 500));
    // A narrow read fills the columns a change of a built-in field compares (the rest left out).
    rows.push(...((await (columns ? q.select(columns) : q.selectAll()).execute()) as ProcessCardRow[]));
  }
  return rows;
}

/** The built-in fields `setField` changes, and the columns a change of one of them reads. */
const builtinKeys = new Set(['title', 'value', 'dueDate']);
const narrowColumns: readonly (keyof ProcessCardRow)[] = [
  'id',
  'office_id',
  'pipeline_id',
  'title',
  'client_id',
  'responsible_id',
  'value_cents',
  'due_date',
];

/** The cards of `items`, in order; throws when one is gone or in another office or pipeline. */
async function cardsOf(
  db: Db,
  officeId: string,
  items: readonly AutomationItem[],
  columns?: readonly (keyof ProcessCardRow)[],
): Promise<ProcessCardRow[]> {
  const found = new Map<string, ProcessCardRow>();
  for (const r of await cardRows(
    db,
    items.map((it) => it.id),
    columns,
  ))
    if (r.office_id === officeId) found.set(r.id, r);
  return items.map((item) => {
    const card = found.get(item.id);
    if (!card || `${PREFIX}${card.pipeline_id}` !== item.pipelineId)
      throw new ProcessesError('card_not_found');
    return card;
  });
}

/** The checked change that sets field `key` of a card of the pipeline to `value` (else throws, saying why). */
async function changeOf(
  db: Db,
  officeId: string,
  pipelineId: string,
  key: string,
  value: unknown,
): Promise<CardChange> {
  const problem = (code: string, pt: string, en: string) =>
    fieldsError({ field: key, code, message: { 'pt-BR': pt, en } });
  switch (key) {
    case 'title':
      if (typeof value !== 'string' || value.trim().length < 2)
        throw problem('not_text', 'Informe um título.', 'Enter a title.');
      return { title: value.trim().slice(0, 200) };
    case 'value':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
        throw problem('not_a_whole_number', 'Informe um valor em centavos.', 'Enter a value in cents.');
      return { valueCents: value };
    case 'dueDate': {
      const checked = checkCardFields(
        [{ key, label: key, type: 'date', options: null, required: false }],
        { [key]: value },
        { partial: true },
      );
      if (checked.issues.length) throw fieldsError(...checked.issues);
      return { dueDate: (checked.values[key] as string | null) ?? null };
    }
  }
  const checked = checkCardFields(
    fieldDefs(await listFields(db, officeId, pipelineId)),
    { [key]: value },
    { partial: true },
  );
  if (checked.issues.length) throw fieldsError(...checked.issues);
  return { fields: checked.values };
}

export const processPipeline = definePipelineKind({
  kind: 'process',
  owns: (pipelineId) => uuidOf(pipelineId) !== null,

  async list(db, officeId): Promise<PipelineView[]> {
    const pipelines = await listPipelineNames(db, officeId);
    return Promise.all(pipelines.map((p) => viewOf(db, officeId, p)));
  },

  async view(db, officeId, pipelineId) {
    const uuid = uuidOf(pipelineId);
    const p = uuid ? await findPipelineRow(db, officeId, uuid) : undefined;
    return p ? viewOf(db, officeId, p) : null;
  },

  async loadItem(db, officeId, pipelineId, itemId) {
    const uuid = uuidOf(pipelineId);
    const card = uuid ? await findCardRow(db, officeId, itemId) : undefined;
    return card && card.pipeline_id === uuid ? toItem(card) : null;
  },

  async loadItems(db, officeId, pipelineId, itemIds) {
    const uuid = uuidOf(pipelineId);
    const out = new Map<string, AutomationItem>();
    if (!uuid) return out;
    for (const card of await cardRows(db, itemIds))
      if (card.office_id === officeId && card.pipeline_id === uuid) out.set(card.id, toItem(card));
    return out;
  },

  async itemsInStage(db, officeId, pipelineId, stageId, page) {
    const uuid = uuidOf(pipelineId);
    if (!uuid) return [];
    let q = openCards(db, officeId, uuid).where('stage_id', '=', stageId);
    if (page.afterId) q = q.where('id', '>', page.afterId);
    return (await q.orderBy('id').limit(page.limit).execute()).map(toItem);
  },

  async itemsOfClient(db, officeId, pipelineId, clientId) {
    const uuid = uuidOf(pipelineId);
    if (!uuid) return [];
    const rows = await openCards(db, officeId, uuid)
      .where('client_id', '=', clientId)
      .orderBy('id')
      .execute();
    return rows.map(toItem);
  },

  async moveItem(app, trx, officeId, item, toStageId, cause) {
    await moveCardIn(app, trx, officeId, await cardOf(trx, officeId, item), toStageId, chainOf(cause));
  },

  async setField(app, trx, officeId, item, key, value, cause) {
    const card = await cardOf(trx, officeId, item);
    const change = await changeOf(trx, officeId, card.pipeline_id, key, value);
    await applyCardChange(app, trx, officeId, card, change, chainOf(cause));
  },

  async setFieldMany(app, trx, officeId, changes, key, value) {
    // Only what the change compares: a built-in field's column, or the values of the office's own fields.
    const cards = await cardsOf(
      trx,
      officeId,
      changes.map((c) => c.item),
      builtinKeys.has(key) ? narrowColumns : undefined,
    );
    const byPipeline = new Map<string, { card: ProcessCardRow; by: ChangeBy }[]>();
    changes.forEach((c, i) => {
      const card = cards[i]!;
      const list = byPipeline.get(card.pipeline_id) ?? [];
      byPipeline.set(card.pipeline_id, list);
      list.push({ card, by: chainOf(c.cause) });
    });
    for (const [pipelineId, targets] of byPipeline)
      await applyCardChanges(
        app,
        trx,
        officeId,
        targets,
        await changeOf(trx, officeId, pipelineId, key, value),
      );
  },

  async setResponsible(app, trx, officeId, item, userId, cause) {
    const card = await cardOf(trx, officeId, item);
    await checkResponsible(trx, officeId, userId);
    await applyCardChange(app, trx, officeId, card, { responsibleId: userId }, chainOf(cause));
  },
});
