import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import type { cardInput, cardPatch, lifecycleBody, moveBody } from '../../../shared/schemas/processes.js';
import { checkCardFields } from '../../../shared/schemas/processes.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { writeTransaction } from '../../db/group-commit.js';
import { officeRow } from '../../db/office-row.js';
import { prepared } from '../../db/prepared.js';
import type { ProcessCardRow } from '../../db/schema.js';
import type { FieldIssue } from '../../http/errors.js';
import type { Lang } from '../../http/i18n.js';
import { fieldIssue, fieldsError } from '../../http/validation.js';
import { newId } from '../../ids.js';
import { emitEvent, emitEvents, type StageEntered } from '../automation/index.js';
import { formatDateBR } from '../br/index.js';
import { existingClientIds } from '../clients/index.js';
import { type Actor, auditTrail } from '../platform/index.js';
import { ProcessesError } from './processes.errors.js';
import {
  automationIdOf,
  type CardJoinedRow,
  fieldDefs,
  findCard,
  findCardRow,
  findPipelineRow,
  listFields,
  listMovements,
  listStages,
  loadPipeline,
  nextPosition,
  selectCards,
  stageForMove,
  toCard,
} from './processes.repo.js';
import type { Board, Card, CardDetail, CardListQuery, cardExportQuery } from './processes.schema.js';

/** A chain of automation events (loop guard): a person's change starts a new one at depth 0. */
export interface Chain {
  id: string;
  depth: number;
}
const newChain = (): Chain => ({ id: newId(), depth: 0 });

/** Who changes a card, and how: a person (`user`), the public form, or automation (a rule or a trigger). */
export interface ChangeBy {
  userId: string | null;
  source: 'user' | 'form' | 'automation';
  chain: Chain;
}

/** What `item.stage_entered` carries for a card. */
export interface CardStageEntered extends StageEntered {
  cardId: string;
  movementId: string;
}

const responsibleNotFound = fieldIssue(
  'responsibleId',
  'not_found',
  'Usuário não encontrado ou inativo.',
  'User not found or inactive.',
);

/** Whether `userId` is an active user of the office (who may be a card's responsible). */
async function isActiveUser(db: Db, officeId: string, userId: string) {
  const u = await db
    .selectFrom('users')
    .select('active')
    .where(officeRow(officeId, userId))
    .executeTakeFirst();
  return Number(u?.active) === 1;
}

/** Throws the field error when `userId` cannot be a card's responsible; runs before writing. */
export async function checkResponsible(db: Db, officeId: string, userId: string | null) {
  if (!userId || !(await isActiveUser(db, officeId, userId))) throw fieldsError(responsibleNotFound);
}

/** Checks that the client and the responsible (when given) exist in the office; runs before writing. */
async function checkReferences(
  db: Db,
  officeId: string,
  refs: { clientId?: string | null; responsibleId?: string | null },
): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  if (refs.clientId && !(await existingClientIds(db, officeId, [refs.clientId])).size)
    issues.push(fieldIssue('clientId', 'not_found', 'Cliente não encontrado.', 'Client not found.'));
  if (refs.responsibleId && !(await isActiveUser(db, officeId, refs.responsibleId)))
    issues.push(responsibleNotFound);
  return issues;
}

const fail = (issues: FieldIssue[]) => {
  if (issues.length) throw fieldsError(...issues);
};

async function readCard(db: Db, officeId: string, id: string): Promise<Card> {
  const card = await findCard(db, officeId, id);
  if (!card) throw new ProcessesError('card_not_found');
  return card;
}

export async function getCard(ctx: AppContext, officeId: string, id: string): Promise<CardDetail> {
  const card = await readCard(ctx.db, officeId, id);
  return { ...card, movements: await listMovements(ctx.db, officeId, id) };
}

// ---------------------------------------------------------------- the writes inside a transaction

/**
 * Inserts a card in `stageId` (at the bottom), its first movement (from none), and emits
 * `item.stage_entered` so the stage's rules run for it. Inside the caller's transaction; checked before.
 */
export async function insertCard(
  ctx: AppContext,
  trx: Db,
  officeId: string,
  values: {
    pipelineId: string;
    stageId: string;
    title: string;
    clientId: string | null;
    responsibleId: string | null;
    valueCents: number;
    dueDate: string | null;
    fields: Record<string, unknown>;
    submission?: Record<string, unknown> | null;
    formId?: string | null;
  },
  by: ChangeBy,
): Promise<string> {
  const now = ctx.clock.now().toISOString();
  const id = newId();
  await trx
    .insertInto('process_cards')
    .values({
      id,
      office_id: officeId,
      pipeline_id: values.pipelineId,
      stage_id: values.stageId,
      position: await nextPosition(trx, officeId, values.stageId),
      title: values.title,
      client_id: values.clientId,
      responsible_id: values.responsibleId,
      value_cents: values.valueCents,
      due_date: values.dueDate,
      fields: JSON.stringify(values.fields),
      submission: values.submission ? JSON.stringify(values.submission) : null,
      form_id: values.formId ?? null,
      created_by: by.userId,
      created_at: now,
      updated_at: now,
      stage_entered_at: now,
    })
    .execute();
  return id;
}

/** Records the movement and emits `item.stage_entered` (the card is already in `toStageId`). */
const setCardStage = prepared((db, stageId: string, position: number, at: string, cardId: string) =>
  db
    .updateTable('process_cards')
    .set({ stage_id: stageId, position, stage_entered_at: at, updated_at: at })
    .where('id', '=', cardId),
);

/** A card's movement row (every move writes one): compiled once (`prepared`). */
const insertMovement = prepared(
  (
    db,
    id: string,
    officeId: string,
    cardId: string,
    fromStageId: string | null,
    toStageId: string,
    byUserId: string | null,
    source: ChangeBy['source'],
    comment: string | null,
    at: string,
  ) =>
    db.insertInto('process_movements').values({
      id,
      office_id: officeId,
      card_id: cardId,
      from_stage_id: fromStageId,
      to_stage_id: toStageId,
      by_user_id: byUserId,
      source,
      comment,
      at,
    }),
);

export async function recordEntry(
  ctx: AppContext,
  trx: Db,
  officeId: string,
  card: { id: string; pipeline_id: string },
  fromStageId: string | null,
  toStageId: string,
  by: ChangeBy,
  comment: string | null,
): Promise<void> {
  const movementId = newId();
  await insertMovement.run(
    trx,
    movementId,
    officeId,
    card.id,
    fromStageId,
    toStageId,
    by.userId,
    by.source,
    comment,
    ctx.clock.now().toISOString(),
  );
  await emitEvent<CardStageEntered>(ctx, trx, {
    officeId,
    type: 'item.stage_entered',
    entity: 'process_card',
    entityId: card.id,
    payload: {
      pipelineId: automationIdOf(card.pipeline_id),
      stageId: toStageId,
      fromStageId,
      chain: by.chain,
      cardId: card.id,
      movementId,
    },
    actorId: by.userId,
  });
}

/** Puts `cardId` at `position` in its column, renumbering the column's cards 0..n. */
async function placeInColumn(trx: Db, officeId: string, stageId: string, cardId: string, position: number) {
  const rows = await trx
    .selectFrom('process_cards')
    .select(['id', 'position'])
    .where('office_id', '=', officeId)
    .where('stage_id', '=', stageId)
    .where('id', '!=', cardId)
    .where('closed_at', 'is', null)
    .where('archived_at', 'is', null)
    .orderBy('position')
    .orderBy('id')
    .execute();
  const ids = rows.map((r) => r.id);
  ids.splice(Math.min(position, ids.length), 0, cardId);
  const before = new Map(rows.map((r) => [r.id, Number(r.position)]));
  for (const [i, id] of ids.entries()) {
    if (before.get(id) === i) continue;
    await trx.updateTable('process_cards').set({ position: i }).where('id', '=', id).execute();
  }
}

/**
 * Moves a card to `toStageId` (of its pipeline) inside `trx`: its position in the new column (bottom when
 * not given), the movement, and `item.stage_entered` with `by.chain`. A move within the same column only
 * reorders it (no movement, no event).
 */
export async function moveCardIn(
  ctx: AppContext,
  trx: Db,
  officeId: string,
  card: ProcessCardRow,
  toStageId: string,
  by: ChangeBy,
  opts: { position?: number; comment?: string | null } = {},
): Promise<void> {
  const stage = await stageForMove(trx, officeId, toStageId);
  if (!stage) throw new ProcessesError('stage_not_found');
  if (stage.pipelineId !== card.pipeline_id) throw new ProcessesError('stage_not_in_pipeline');
  if (card.closed_at || card.archived_at) throw new ProcessesError('card_closed');
  const now = ctx.clock.now().toISOString();
  if (card.stage_id === toStageId) {
    if (opts.position !== undefined) await placeInColumn(trx, officeId, toStageId, card.id, opts.position);
    return;
  }
  await setCardStage.run(trx, toStageId, stage.nextPosition, now, card.id);
  if (opts.position !== undefined) await placeInColumn(trx, officeId, toStageId, card.id, opts.position);
  await recordEntry(ctx, trx, officeId, card, card.stage_id, toStageId, by, opts.comment ?? null);
}

/** A card's value of a field as automation sees it (`value`, `dueDate`, `title` or the pipeline's own). */
export function fieldValueOf(card: ProcessCardRow, key: string): unknown {
  if (key === 'title') return card.title;
  if (key === 'value') return Number(card.value_cents);
  if (key === 'dueDate') return card.due_date;
  return (JSON.parse(card.fields) as Record<string, unknown>)[key] ?? null;
}

/** A change to a card, already checked: the built-in columns and the merged own-field values. */
export interface CardChange {
  title?: string;
  clientId?: string | null;
  responsibleId?: string | null;
  valueCents?: number;
  dueDate?: string | null;
  /** Merged into the card's values; null clears a key. */
  fields?: Record<string, unknown>;
}

/** What a change does to one card: the columns to set and every value that changes (none: no-op). */
function cardChangeOf(
  card: ProcessCardRow,
  change: CardChange,
): { set: Partial<ProcessCardRow>; changes: { field: string; from: unknown; to: unknown }[] } {
  const changes: { field: string; from: unknown; to: unknown }[] = [];
  const set: Partial<ProcessCardRow> = {};
  const builtin = (field: string, from: unknown, to: unknown, apply: () => void) => {
    if (to === undefined || to === from) return;
    changes.push({ field, from, to });
    apply();
  };
  builtin('title', card.title, change.title, () => (set.title = change.title!));
  builtin('clientId', card.client_id, change.clientId, () => (set.client_id = change.clientId!));
  builtin(
    'responsibleId',
    card.responsible_id,
    change.responsibleId,
    () => (set.responsible_id = change.responsibleId!),
  );
  builtin('value', Number(card.value_cents), change.valueCents, () => (set.value_cents = change.valueCents!));
  builtin('dueDate', card.due_date, change.dueDate, () => (set.due_date = change.dueDate!));
  if (change.fields) {
    const values = JSON.parse(card.fields) as Record<string, unknown>;
    for (const [key, to] of Object.entries(change.fields)) {
      const from = values[key] ?? null;
      if (JSON.stringify(from) === JSON.stringify(to)) continue;
      changes.push({ field: key, from, to });
      if (to === null) delete values[key];
      else values[key] = to;
    }
    set.fields = JSON.stringify(values);
  }
  return { set, changes };
}

/** The `item.field_changed` event of one changed value of a card. */
const fieldChanged = (
  officeId: string,
  card: ProcessCardRow,
  c: { field: string; from: unknown; to: unknown },
  by: ChangeBy,
) => ({
  officeId,
  type: 'item.field_changed' as const,
  entity: 'process_card',
  entityId: card.id,
  payload: {
    pipelineId: automationIdOf(card.pipeline_id),
    itemId: card.id,
    field: c.field,
    from: c.from,
    to: c.to,
    chain: by.chain,
  },
  actorId: by.userId,
});

/**
 * Applies a checked change inside `trx` and emits `item.field_changed` for every value that changed
 * (`title`, `value`, `dueDate`, `clientId`, `responsibleId` or a field key). Returns the changed keys.
 */
export async function applyCardChange(
  ctx: AppContext,
  trx: Db,
  officeId: string,
  card: ProcessCardRow,
  change: CardChange,
  by: ChangeBy,
): Promise<string[]> {
  const { set, changes } = cardChangeOf(card, change);
  if (!changes.length) return [];
  set.updated_at = ctx.clock.now().toISOString();
  await trx.updateTable('process_cards').set(set).where('id', '=', card.id).execute();
  for (const c of changes) await emitEvent(ctx, trx, fieldChanged(officeId, card, c, by));
  return changes.map((c) => c.field);
}

/** Cards per UPDATE of {@link applyCardChanges}. */
const CARDS_PER_UPDATE = 500;

/**
 * {@link applyCardChange} for many cards at once (automation's "Alterar campo" on a drain batch; `targets`
 * are cards of `officeId` read in `trx`): the cards
 * whose columns change alike in one UPDATE per {@link CARDS_PER_UPDATE}, then every `item.field_changed`
 * event in multi-row inserts, each event's subscribers run in order as `emitEvent` would.
 */
export async function applyCardChanges(
  ctx: AppContext,
  trx: Db,
  officeId: string,
  targets: readonly { card: ProcessCardRow; by: ChangeBy }[],
  change: CardChange,
): Promise<void> {
  const at = ctx.clock.now().toISOString();
  const alike = new Map<string, { set: Partial<ProcessCardRow>; ids: string[] }>();
  const events: ReturnType<typeof fieldChanged>[] = [];
  for (const { card, by } of targets) {
    const { set, changes } = cardChangeOf(card, change);
    if (!changes.length) continue;
    set.updated_at = at;
    const key = JSON.stringify(set);
    const group = alike.get(key) ?? { set, ids: [] };
    alike.set(key, group);
    group.ids.push(card.id);
    for (const c of changes) events.push(fieldChanged(officeId, card, c, by));
  }
  // By the primary key alone (the targets are the office's cards, read in this transaction): with the
  // office in the WHERE clause SQLite's planner reads every card of the office through its client index.
  for (const { set, ids } of alike.values())
    for (let i = 0; i < ids.length; i += CARDS_PER_UPDATE)
      await trx
        .updateTable('process_cards')
        .set(set)
        .where('id', 'in', ids.slice(i, i + CARDS_PER_UPDATE))
        .execute();
  await emitEvents(ctx, trx, events);
}

// ---------------------------------------------------------------- use cases

/** What a person's change to a card records in the audit log (the who, when and which card are added). */
interface CardAudit {
  action: string;
  before?: object;
  after?: object;
}

/** The audit entries of process cards (a person's change, a form's submission). */
export const processCardAudit = auditTrail('process_card');
const cardAudit = (ctx: AppContext, trx: Db, actor: Actor, id: string, entry: CardAudit) =>
  processCardAudit.record(trx, { ...actor, at: ctx.clock.now() }, id, entry.action, entry);

/** A person's change (a new chain of automation events). */
const userChange = (actor: Actor): ChangeBy => ({ userId: actor.userId, source: 'user', chain: newChain() });

/**
 * A use case's change to one card: in one transaction the card is read fresh (`card_not_found` when it is
 * gone), `write` changes it and says what to audit (nothing: no entry); answers the card as it now is.
 */
async function writeCard(
  ctx: AppContext,
  actor: Actor,
  id: string,
  write: (trx: Db, card: ProcessCardRow) => Promise<CardAudit | null>,
): Promise<CardDetail> {
  await writeTransaction(ctx, async (trx) => {
    const card = await findCardRow(trx, actor.officeId, id);
    if (!card) throw new ProcessesError('card_not_found');
    const entry = await write(trx, card);
    if (entry) await cardAudit(ctx, trx, actor, id, entry);
  });
  return getCard(ctx, actor.officeId, id);
}

/** Creates a card (in the first stage unless one is named), checked against the pipeline's fields. */
export async function createCard(
  ctx: AppContext,
  actor: Actor,
  input: z.infer<typeof cardInput>,
): Promise<CardDetail> {
  const pipeline = await findPipelineRow(ctx.db, actor.officeId, input.pipelineId);
  if (!pipeline) throw new ProcessesError('pipeline_not_found');
  if (Number(pipeline.active) !== 1) throw new ProcessesError('pipeline_inactive');
  const stages = await listStages(ctx.db, actor.officeId, pipeline.id);
  const stageId = input.stageId ?? stages[0]?.id;
  if (!stageId || !stages.some((s) => s.id === stageId))
    fail([
      fieldIssue(
        'stageId',
        'not_found',
        'Etapa não encontrada neste processo.',
        'Stage not found in this pipeline.',
      ),
    ]);
  const own = fieldDefs(await listFields(ctx.db, actor.officeId, pipeline.id));
  const checked = checkCardFields(own, input.fields, { partial: false });
  fail([...(await checkReferences(ctx.db, actor.officeId, input)), ...checked.issues]);
  const fields = Object.fromEntries(Object.entries(checked.values).filter(([, v]) => v !== null));

  const id = await writeTransaction(ctx, async (trx) => {
    const by = userChange(actor);
    const id = await insertCard(
      ctx,
      trx,
      actor.officeId,
      {
        pipelineId: pipeline.id,
        stageId: stageId!,
        title: input.title,
        clientId: input.clientId,
        responsibleId: input.responsibleId,
        valueCents: input.valueCents,
        dueDate: input.dueDate,
        fields,
      },
      by,
    );
    await cardAudit(ctx, trx, actor, id, { action: 'create', after: { ...input, fields } });
    await recordEntry(ctx, trx, actor.officeId, { id, pipeline_id: pipeline.id }, null, stageId!, by, null);
    return id;
  });
  return getCard(ctx, actor.officeId, id);
}

/** Changes a card's details and field values (only what is sent); emits `item.field_changed` per change. */
export async function updateCard(
  ctx: AppContext,
  actor: Actor,
  id: string,
  patch: z.infer<typeof cardPatch>,
): Promise<CardDetail> {
  const card = await findCardRow(ctx.db, actor.officeId, id);
  if (!card) throw new ProcessesError('card_not_found');
  const issues = await checkReferences(ctx.db, actor.officeId, patch);
  let fields: Record<string, unknown> | undefined;
  if (patch.fields) {
    const checked = checkCardFields(
      fieldDefs(await listFields(ctx.db, actor.officeId, card.pipeline_id)),
      patch.fields,
      { partial: true },
    );
    issues.push(...checked.issues);
    fields = checked.values;
  }
  fail(issues);
  return writeCard(ctx, actor, id, async (trx, fresh) => {
    const changed = await applyCardChange(
      ctx,
      trx,
      actor.officeId,
      fresh,
      { ...patch, fields },
      userChange(actor),
    );
    if (!changed.length) return null;
    const before = Object.fromEntries(changed.map((k) => [k, fieldValueOf(fresh, k)]));
    return { action: 'update', before, after: { ...patch, fields } };
  });
}

/** Moves a card to another stage of its pipeline (or to another place in its column). */
export async function moveCard(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof moveBody>,
): Promise<CardDetail> {
  return writeCard(ctx, actor, id, async (trx, card) => {
    await moveCardIn(ctx, trx, actor.officeId, card, body.stageId, userChange(actor), {
      position: body.position,
      comment: body.comment,
    });
    return {
      action: 'move',
      before: { stageId: card.stage_id, position: Number(card.position) },
      after: { stageId: body.stageId, position: body.position ?? null },
    };
  });
}

/** Closes, reopens, archives or unarchives a card (a closed or archived card leaves the kanban). */
export async function changeLifecycle(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof lifecycleBody>,
): Promise<CardDetail> {
  return writeCard(ctx, actor, id, async (trx, card) => {
    const now = ctx.clock.now().toISOString();
    const set: Partial<ProcessCardRow> = { updated_at: now };
    if (body.action === 'close') set.closed_at = card.closed_at ?? now;
    if (body.action === 'reopen') set.closed_at = null;
    if (body.action === 'archive') set.archived_at = card.archived_at ?? now;
    if (body.action === 'unarchive') set.archived_at = null;
    if (body.action === 'reopen' || body.action === 'unarchive')
      set.position = await nextPosition(trx, actor.officeId, card.stage_id);
    await trx.updateTable('process_cards').set(set).where('id', '=', id).execute();
    return { action: body.action };
  });
}

// ---------------------------------------------------------------- reads: board, list, CSV

const BOARD_CARDS_PER_COLUMN = 200;

/** The kanban: one column per stage with its open-card count, value sum and first 200 cards in order. */
export async function pipelineBoard(ctx: AppContext, officeId: string, pipelineId: string): Promise<Board> {
  const pipeline = await loadPipeline(ctx.db, officeId, pipelineId);
  if (!pipeline) throw new ProcessesError('pipeline_not_found');
  const totals = await ctx.db
    .selectFrom('process_cards')
    .select((eb) => ['stage_id', eb.fn.countAll().as('n'), eb.fn.sum('value_cents').as('sum')])
    .where('office_id', '=', officeId)
    .where('pipeline_id', '=', pipelineId)
    .where('closed_at', 'is', null)
    .where('archived_at', 'is', null)
    .groupBy('stage_id')
    .execute();
  const byStage = new Map(totals.map((t) => [t.stage_id, t]));
  const columns = await Promise.all(
    pipeline.stages.map(async (s) => {
      const rows = await selectCards(ctx.db, officeId)
        .where('c.stage_id', '=', s.id)
        .where('c.closed_at', 'is', null)
        .where('c.archived_at', 'is', null)
        .orderBy('c.position')
        .orderBy('c.id')
        .limit(BOARD_CARDS_PER_COLUMN)
        .execute();
      const t = byStage.get(s.id);
      return {
        stageId: s.id,
        name: s.name,
        color: s.color,
        count: Number(t?.n ?? 0),
        valueCents: Number(t?.sum ?? 0),
        cards: rows.map((r) => toCard(r as CardJoinedRow)),
      };
    }),
  );
  return { pipeline, columns };
}

const sortColumns = {
  title: 'c.title',
  stage: 's.position',
  value: 'c.value_cents',
  dueDate: 'c.due_date',
  createdAt: 'c.created_at',
  updatedAt: 'c.updated_at',
} as const;

function filtered(db: Db, officeId: string, q: Omit<CardListQuery, 'page' | 'pageSize'>) {
  let query = selectCards(db, officeId);
  if (q.pipelineId) query = query.where('c.pipeline_id', '=', q.pipelineId);
  if (q.stageId) query = query.where('c.stage_id', '=', q.stageId);
  if (q.clientId) query = query.where('c.client_id', '=', q.clientId);
  if (q.responsibleId) query = query.where('c.responsible_id', '=', q.responsibleId);
  if (q.state === 'open') query = query.where('c.closed_at', 'is', null).where('c.archived_at', 'is', null);
  if (q.state === 'closed')
    query = query.where('c.closed_at', 'is not', null).where('c.archived_at', 'is', null);
  if (q.state === 'archived') query = query.where('c.archived_at', 'is not', null);
  if (q.q) {
    const like = `%${q.q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['c.title']), 'like', like),
        eb(eb.fn('lower', ['cl.legal_name']), 'like', like),
      ]),
    );
  }
  return query;
}

/** The list of cards (filters, sort, pages). */
export async function listCards(ctx: AppContext, officeId: string, q: CardListQuery) {
  const base = filtered(ctx.db, officeId, q);
  const totalRow = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  const rows = await base
    .orderBy(sortColumns[q.sort], q.order)
    .orderBy('c.id', q.order)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return {
    items: rows.map((r) => toCard(r as CardJoinedRow)),
    total: Number(totalRow?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

const yes = (lang: Lang, v: boolean) => (v ? (lang === 'en' ? 'yes' : 'sim') : lang === 'en' ? 'no' : 'não');
const moneyText = (cents: number, lang: Lang) => {
  const t = (cents / 100).toFixed(2);
  return lang === 'en' ? t : t.replace('.', ',');
};
const stateNames = {
  open: { 'pt-BR': 'Aberto', en: 'Open' },
  closed: { 'pt-BR': 'Concluído', en: 'Closed' },
  archived: { 'pt-BR': 'Arquivado', en: 'Archived' },
} as const;

/** The list as CSV (same filters and sort, every match); with a pipeline, one column per own field. */
export async function* exportCardsCsv(
  ctx: AppContext,
  officeId: string,
  q: z.infer<typeof cardExportQuery>,
  lang: Lang,
): AsyncGenerator<string> {
  const own = q.pipelineId ? await listFields(ctx.db, officeId, q.pipelineId) : [];
  const en = lang === 'en';
  const header = [
    en ? 'Title' : 'Título',
    en ? 'Pipeline' : 'Processo',
    en ? 'Stage' : 'Etapa',
    en ? 'Client' : 'Cliente',
    en ? 'Responsible' : 'Responsável',
    en ? 'Value (R$)' : 'Valor (R$)',
    en ? 'Due date' : 'Vencimento',
    en ? 'State' : 'Situação',
    en ? 'Created at' : 'Criado em',
    ...own.map((f) => f.label),
  ];
  yield `\uFEFF${stringify([header])}`;
  const PAGE = 500;
  for (let offset = 0; ; offset += PAGE) {
    const rows = await filtered(ctx.db, officeId, q)
      .orderBy(sortColumns[q.sort], q.order)
      .orderBy('c.id', q.order)
      .limit(PAGE)
      .offset(offset)
      .execute();
    const lines = rows.map((r) => {
      const c = toCard(r as CardJoinedRow);
      return [
        c.title,
        c.pipelineName,
        c.stageName,
        c.clientName ?? '',
        c.responsibleName ?? '',
        moneyText(c.valueCents, lang),
        c.dueDate ? formatDateBR(c.dueDate) : '',
        stateNames[c.state][lang],
        formatDateBR(c.createdAt.slice(0, 10)),
        ...own.map((f) => {
          const v = c.fields[f.key];
          if (v === undefined || v === null) return '';
          if (f.type === 'money') return moneyText(Number(v), lang);
          if (f.type === 'date') return formatDateBR(String(v));
          if (f.type === 'boolean') return yes(lang, v === true);
          if (f.type === 'select') return f.options?.find((o) => o.value === v)?.label ?? String(v);
          return String(v);
        }),
      ];
    });
    if (lines.length) yield stringify(lines);
    if (rows.length < PAGE) return;
  }
}
