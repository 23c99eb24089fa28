import { stringify } from 'csv-stringify/sync';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { readPage } from '../../db/list-query.js';
import { officeRow } from '../../db/office-row.js';
import type { Lang, Localized } from '../../http/i18n.js';
import { emitEvent } from '../automation/index.js';
import { formatDateBR } from '../br/index.js';
import { type Actor, getRecentOffice } from '../platform/index.js';
import { collectionAudit } from './audit.js';
import { CollectionError } from './collection.errors.js';
import {
  type CollectionFile,
  isSettled,
  type PatchItemBody,
  type RequestDetail,
  type RequestFilter,
  type RequestListQuery,
  type RequestRow,
  type requestSortable,
} from './collection.schema.js';
import { competenciaLabel } from './due-date.js';
import {
  addHistory,
  closeStatusLabels,
  type HistoryEntry,
  requirementLabels,
  statusLabels,
} from './history.js';
import { sendRequestAgain } from './messages.js';
import { actorName, officeToday } from './program-rules.js';
import { afterItemChange, setStatus } from './progress.js';
import {
  baseQuery,
  findItem,
  findRequest,
  type ResolvedFilter,
  selectRows,
  toRow,
  userNames,
} from './requests.repo.js';

/** Serviços Programados: the grid, the tracking screen and every office action on a programação. */

export interface Viewer {
  officeId: string;
  userId: string | null;
}

async function resolve(ctx: AppContext, viewer: Viewer, f: RequestFilter): Promise<ResolvedFilter> {
  const office = await getRecentOffice(ctx, viewer.officeId);
  return {
    ...f,
    officeId: viewer.officeId,
    viewerId: viewer.userId,
    today: officeToday(ctx, office.timeZone),
  };
}

export async function listRequests(ctx: AppContext, viewer: Viewer, q: RequestListQuery) {
  const f = await resolve(ctx, viewer, q);
  return readPage(q, selectRows(ctx.db, f, q.sort, q.order), baseQuery(ctx.db, f), (r) => toRow(r, f.today));
}

const csvColumns: [Localized, (r: RequestRow, lang: Lang) => string][] = [
  [{ 'pt-BR': 'Competência', en: 'Competência' }, (r) => competenciaLabel(r.competencia)],
  [{ 'pt-BR': 'Cliente', en: 'Client' }, (r) => r.client.name],
  [{ 'pt-BR': 'CNPJ/CPF', en: 'CNPJ/CPF' }, (r) => r.client.document],
  [{ 'pt-BR': 'Serviço', en: 'Service' }, (r) => r.serviceName ?? r.template.name],
  [{ 'pt-BR': 'Processo Modelo', en: 'Template' }, (r) => `${r.template.name} (v${r.template.version})`],
  [{ 'pt-BR': 'Responsável', en: 'Responsible' }, (r) => r.responsible?.name ?? ''],
  [{ 'pt-BR': 'Vencimento', en: 'Due date' }, (r) => formatDateBR(r.dueDate)],
  [{ 'pt-BR': 'Status', en: 'Status' }, (r, lang) => statusLabels[r.status]![lang]],
  [
    { 'pt-BR': 'Baixa', en: 'Close status' },
    (r, lang) => (r.closeStatus ? (closeStatusLabels[r.closeStatus]?.[lang] ?? r.closeStatus) : ''),
  ],
  [{ 'pt-BR': 'Progresso', en: 'Progress' }, (r) => `${r.progress.settled}/${r.progress.total}`],
  [
    { 'pt-BR': 'Vencida', en: 'Overdue' },
    (r, lang) => (r.overdue ? (lang === 'en' ? 'yes' : 'sim') : lang === 'en' ? 'no' : 'não'),
  ],
];
const formulaSafe = (v: string) => v.replace(/^[=+\-@\t\r]/, "'$&");

/** The grid as CSV (same filters and sort), streamed 1,000 rows at a time; UTF-8 with BOM. */
export async function* exportRequestsCsv(
  ctx: AppContext,
  viewer: Viewer,
  q: RequestFilter & { sort: (typeof requestSortable)[number]; order: 'asc' | 'desc' },
  lang: Lang,
): AsyncGenerator<string> {
  const delimiter = lang === 'en' ? ',' : ';';
  const f = await resolve(ctx, viewer, q);
  yield `\uFEFF${stringify([csvColumns.map(([h]) => h[lang])], { delimiter })}`;
  for (let offset = 0; ; offset += 1000) {
    const rows = await selectRows(ctx.db, f, q.sort, q.order).limit(1000).offset(offset).execute();
    if (!rows.length) break;
    yield stringify(
      rows.map((r) => csvColumns.map(([, cell]) => formulaSafe(cell(toRow(r, f.today), lang)))),
      { delimiter },
    );
    if (rows.length < 1000) break;
  }
}

type FileRow = {
  id: string;
  item_id: string;
  name: string;
  size: number;
  content_type: string;
  blob_ref: string;
  uploaded_at: string;
  uploaded_by_kind: 'client' | 'staff';
  uploaded_by_name: string;
  warnings: string;
};

export const toFile = (f: FileRow): CollectionFile => ({
  id: f.id,
  name: f.name,
  size: Number(f.size),
  contentType: f.content_type,
  sha256: f.blob_ref.replace(/^sha256:/, ''),
  uploadedAt: f.uploaded_at,
  uploadedBy: { kind: f.uploaded_by_kind, name: f.uploaded_by_name },
  // Content-check warnings are kept with both languages; the file shows them in the client's (pt-BR).
  warnings: (JSON.parse(f.warnings) as (string | { message: Localized })[]).map((w) =>
    typeof w === 'string' ? w : w.message['pt-BR'],
  ),
});

export async function getRequest(ctx: AppContext, viewer: Viewer, id: string): Promise<RequestDetail> {
  const f = await resolve(ctx, viewer, {});
  const row = await selectRows(ctx.db, f, 'dueDate', 'asc').where('r.id', '=', id).executeTakeFirst();
  if (!row) throw new CollectionError('request_not_found');
  const r = (await findRequest(ctx.db, viewer.officeId, id))!;
  const items = await ctx.db
    .selectFrom('collection_request_items')
    .selectAll()
    .where('request_id', '=', id)
    .orderBy('position')
    .execute();
  const files = await ctx.db
    .selectFrom('collection_files')
    .selectAll()
    .where('request_id', '=', id)
    .orderBy('uploaded_at')
    .orderBy('id')
    .execute();
  const names = await userNames(ctx.db, viewer.officeId, [
    r.created_by,
    r.closed_by,
    ...items.flatMap((i) => [i.responsible_id, i.changed_by]),
  ]);
  const person = (uid: string | null) => (uid ? { id: uid, name: names.get(uid) ?? '' } : null);
  const base = toRow(row, f.today);
  return {
    ...base,
    items: items.map((i) => ({
      id: i.id,
      key: i.key,
      position: i.position,
      name: i.name,
      instructions: i.instructions,
      kind: i.kind,
      requirement: i.requirement,
      acceptedTypes: JSON.parse(i.accepted_types) as string[],
      maxBytes: Number(i.max_bytes),
      multiple: i.multiple === 1,
      state: i.state as RequestDetail['items'][number]['state'],
      answeredAt: i.answered_at,
      answeredBy: i.answered_by_kind ? { kind: i.answered_by_kind, name: i.answered_by_name ?? '' } : null,
      sendLaterOn: i.send_later_on,
      comment: i.comment,
      responsible: person(i.responsible_id),
      changedAt: i.changed_at,
      changedBy: person(i.changed_by),
      files: files.filter((x) => x.item_id === i.id).map(toFile),
    })),
    createdAt: r.created_at,
    createdBy: person(r.created_by),
    closeNote: r.close_note,
    closedAt: r.closed_at,
    closedBy: person(r.closed_by),
    offerClose:
      (r.status === 'open' || r.status === 'started') &&
      items.length > 0 &&
      items.every((i) => isSettled(i.state)),
  };
}

/** A staff member as the history names them. */
async function staff(_ctx: AppContext, db: Db, actor: Actor): Promise<HistoryEntry['actor']> {
  return { kind: 'staff', id: actor.userId, name: await actorName(db, actor.officeId, actor.userId) };
}

const isOpen = (status: string) => status === 'open' || status === 'started';

/** The programação, read in `trx` for a change (`request_not_found` when the office has none by that id). */
async function requestFor(trx: Db, actor: Actor, requestId: string) {
  const r = await findRequest(trx, actor.officeId, requestId);
  if (!r) throw new CollectionError('request_not_found');
  return r;
}

/** An item of an open programação, read in `trx` for a staff member's change, with who changes it and when. */
async function itemChange(ctx: AppContext, trx: Db, actor: Actor, requestId: string, itemId: string) {
  const r = await requestFor(trx, actor, requestId);
  const item = await findItem(trx, actor.officeId, requestId, itemId);
  if (!item) throw new CollectionError('item_not_found');
  if (!isOpen(r.status)) throw new CollectionError('request_closed');
  return { item, who: await staff(ctx, trx, actor), at: ctx.clock.now().toISOString() };
}

/**
 * [5] status, [6] comment, and the office's own states of an item: dispensed, done (an activity), or back to
 * pending. Anyone with access may do it; every change is recorded (who and when) in the history and audit.
 */
export async function patchItem(
  ctx: AppContext,
  actor: Actor,
  requestId: string,
  itemId: string,
  body: PatchItemBody,
) {
  await ctx.db.transaction().execute(async (trx) => {
    const { item, who, at } = await itemChange(ctx, trx, actor, requestId, itemId);
    const entries: HistoryEntry[] = [];
    const base = { officeId: actor.officeId, requestId, itemId, itemName: item.name, actor: who, at };
    const set: Record<string, unknown> = { changed_at: at, changed_by: actor.userId };
    if (body.requirement && body.requirement !== item.requirement) {
      set.requirement = body.requirement;
      entries.push({
        ...base,
        action: 'requirement',
        params: {
          from: requirementLabels[item.requirement]!['pt-BR'],
          to: requirementLabels[body.requirement]!['pt-BR'],
          fromEn: requirementLabels[item.requirement]!.en,
          toEn: requirementLabels[body.requirement]!.en,
        },
      });
    }
    if (body.comment !== undefined && body.comment !== item.comment) {
      set.comment = body.comment;
      if (body.comment) entries.push({ ...base, action: 'comment', params: { comment: body.comment } });
    }
    if (body.state && body.state !== item.state) {
      set.state = body.state;
      if (body.state === 'pending') {
        set.send_later_on = null;
        set.answered_at = null;
        set.answered_by_kind = null;
        set.answered_by_name = null;
      } else {
        set.answered_at = at;
        set.answered_by_kind = 'staff';
        set.answered_by_name = who.name;
      }
      entries.push({ ...base, action: `state_${body.state}` as const });
    }
    if (!entries.length && body.comment === undefined) return;
    await trx.updateTable('collection_request_items').set(set).where('id', '=', itemId).execute();
    await addHistory(trx, entries);
    await collectionAudit.request.record(trx, { ...actor, at: new Date(at) }, requestId, 'item_update', {
      before: { itemId, requirement: item.requirement, state: item.state, comment: item.comment },
      after: { itemId, ...body },
    });
    await afterItemChange(ctx, trx, actor.officeId, requestId, who);
  });
  return getRequest(ctx, actor, requestId);
}

/**
 * Reopens an item with a comment: it is pending again and the client is asked for it again — at once when
 * `notify` (the default), or when the office clicks "Enviar nova solicitação ao cliente".
 */
export async function reopenItem(
  ctx: AppContext,
  actor: Actor,
  requestId: string,
  itemId: string,
  body: { comment: string; notify: boolean },
) {
  await ctx.db.transaction().execute(async (trx) => {
    const { item, who, at } = await itemChange(ctx, trx, actor, requestId, itemId);
    await trx
      .updateTable('collection_request_items')
      .set({
        state: 'pending',
        comment: body.comment,
        send_later_on: null,
        answered_at: null,
        answered_by_kind: null,
        answered_by_name: null,
        changed_at: at,
        changed_by: actor.userId,
      })
      .where('id', '=', itemId)
      .execute();
    await addHistory(trx, [
      {
        officeId: actor.officeId,
        requestId,
        itemId,
        itemName: item.name,
        action: 'item_reopened',
        params: { comment: body.comment },
        actor: who,
        at,
      },
    ]);
    await collectionAudit.request.record(trx, { ...actor, at: new Date(at) }, requestId, 'item_reopen', {
      before: { itemId, state: item.state },
      after: { itemId, state: 'pending', comment: body.comment, notify: body.notify },
    });
    await afterItemChange(ctx, trx, actor.officeId, requestId, who);
    if (body.notify) await sendRequestAgain(ctx, trx, actor.officeId, requestId, { ...who, kind: 'staff' });
  });
  return getRequest(ctx, actor, requestId);
}

/** "Enviar nova solicitação ao cliente". */
export async function notifyRequest(ctx: AppContext, actor: Actor, requestId: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const r = await requestFor(trx, actor, requestId);
    if (!isOpen(r.status)) throw new CollectionError('request_closed');
    const who = await staff(ctx, trx, actor);
    const out = await sendRequestAgain(ctx, trx, actor.officeId, requestId, { ...who, kind: 'staff' });
    await collectionAudit.request.record(trx, { ...actor, at: ctx.clock.now() }, requestId, 'notify', {
      after: out,
    });
    return out;
  });
}

/**
 * Who changes a programação's status or responsible: a staff member on the screens, or automation (a
 * trigger or a rule, `chain` carrying its loop-guard chain into the `item.stage_entered` it causes).
 */
export interface Changer {
  actor: Actor;
  who: HistoryEntry['actor'];
  chain?: { id: string; depth: number } | null;
}

type RequestRowFull = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

/** [9] Transfers the programação and its checklist to another responsible. */
export async function transferRequest(
  ctx: AppContext,
  actor: Actor,
  requestId: string,
  responsibleId: string,
) {
  await ctx.db.transaction().execute(async (trx) => {
    const r = await requestFor(trx, actor, requestId);
    await transferIn(ctx, trx, { actor, who: await staff(ctx, trx, actor) }, r, responsibleId);
  });
  return getRequest(ctx, actor, requestId);
}

/**
 * The transfer inside the caller's transaction: the responsible of the programação and its items, the
 * history line, the audit entry and `item.field_changed` (field `responsible`).
 */
export async function transferIn(
  ctx: AppContext,
  trx: Db,
  by: Changer,
  r: RequestRowFull,
  responsibleId: string | null,
) {
  const { actor } = by;
  // Automation may leave the programação without a responsible (null); a person always names one.
  const user = responsibleId
    ? await trx
        .selectFrom('users')
        .select(['id', 'name'])
        .where(officeRow(actor.officeId, responsibleId))
        .where('active', '=', 1)
        .executeTakeFirst()
    : { id: null, name: '—' };
  if (!user) throw new CollectionError('user_not_found');
  const at = ctx.clock.now().toISOString();
  const names = await userNames(trx, actor.officeId, [r.responsible_id]);
  await trx
    .updateTable('collection_requests')
    .set({ responsible_id: responsibleId, updated_at: at })
    .where('id', '=', r.id)
    .execute();
  await trx
    .updateTable('collection_request_items')
    .set({ responsible_id: responsibleId })
    .where('request_id', '=', r.id)
    .execute();
  await addHistory(trx, [
    {
      officeId: actor.officeId,
      requestId: r.id,
      action: 'transferred',
      params: { from: (r.responsible_id && names.get(r.responsible_id)) || '—', to: user.name },
      actor: by.who,
      at,
    },
  ]);
  await collectionAudit.request.record(trx, { ...actor, at: new Date(at) }, r.id, 'transfer', {
    before: { responsibleId: r.responsible_id },
    after: { responsibleId },
  });
  if (r.responsible_id !== responsibleId)
    await emitFieldChanged(ctx, trx, by, r.id, 'responsible', r.responsible_id, responsibleId);
}

/** `item.field_changed` of the pipeline `collection`, in the change's transaction. */
export async function emitFieldChanged(
  ctx: AppContext,
  trx: Db,
  by: Changer,
  requestId: string,
  field: string,
  from: unknown,
  to: unknown,
) {
  await emitEvent(ctx, trx, {
    officeId: by.actor.officeId,
    type: 'item.field_changed',
    entity: 'collection_request',
    entityId: requestId,
    payload: { pipelineId: 'collection', itemId: requestId, field, from, to, chain: by.chain ?? null },
    actorId: by.actor.userId,
  });
}

/** Baixa: at any time, even with the checklist open, with a status and a note. */
export async function closeRequest(ctx: AppContext, actor: Actor, requestId: string, body: CloseBody) {
  await ctx.db.transaction().execute(async (trx) => {
    const r = await requestFor(trx, actor, requestId);
    if (!isOpen(r.status)) throw new CollectionError('request_closed');
    await closeIn(ctx, trx, { actor, who: await staff(ctx, trx, actor) }, r, body);
  });
  return getRequest(ctx, actor, requestId);
}

export interface CloseBody {
  status: 'delivered' | 'delivered_with_pending' | 'cancelled';
  customStatus: string | null;
  note: string | null;
}

/**
 * The baixa inside the caller's transaction: Baixado (or Cancelado for the status `cancelled`) with its
 * history line, status event and audit entry. From Baixado to Cancelado (automation) it changes the
 * baixa's status only.
 */
export async function closeIn(ctx: AppContext, trx: Db, by: Changer, r: RequestRowFull, body: CloseBody) {
  const { actor } = by;
  const at = ctx.clock.now().toISOString();
  const to = body.status === 'cancelled' ? 'cancelled' : 'closed';
  await trx
    .updateTable('collection_requests')
    .set({
      close_status: body.customStatus ?? body.status,
      close_note: body.note,
      closed_at: at,
      closed_by: actor.userId,
    })
    .where('id', '=', r.id)
    .execute();
  const label = body.customStatus
    ? { 'pt-BR': body.customStatus, en: body.customStatus }
    : closeStatusLabels[body.status];
  await addHistory(trx, [
    {
      officeId: actor.officeId,
      requestId: r.id,
      action: 'closed',
      params: {
        status: label?.['pt-BR'] ?? body.status,
        statusEn: label?.en ?? body.status,
        note: body.note ? ` ${body.note}` : '',
      },
      actor: by.who,
      at,
    },
  ]);
  await setStatus(ctx, trx, actor.officeId, r.id, r.status, to, by.who, at, by.chain ?? null);
  await collectionAudit.request.record(trx, { ...actor, at: new Date(at) }, r.id, 'close', {
    before: { status: r.status },
    after: { status: to, closeStatus: body.customStatus ?? body.status, note: body.note },
  });
}

/** Reopens a closed or cancelled programação (Iniciado when something was answered, else Aberto). */
export async function reopenRequest(ctx: AppContext, actor: Actor, requestId: string) {
  await ctx.db.transaction().execute(async (trx) => {
    const r = await requestFor(trx, actor, requestId);
    if (isOpen(r.status)) throw new CollectionError('request_not_closed');
    await reopenIn(ctx, trx, { actor, who: await staff(ctx, trx, actor) }, r);
  });
  return getRequest(ctx, actor, requestId);
}

/**
 * The reopening inside the caller's transaction. Without `to`: Iniciado when something was answered, else
 * Aberto (the screen's rule); automation names the stage it moves the programação into.
 */
export async function reopenIn(
  ctx: AppContext,
  trx: Db,
  by: Changer,
  r: RequestRowFull,
  to?: 'open' | 'started',
) {
  const { actor } = by;
  const at = ctx.clock.now().toISOString();
  const answered = await trx
    .selectFrom('collection_request_items')
    .select('id')
    .where('request_id', '=', r.id)
    .where('state', '!=', 'pending')
    .executeTakeFirst();
  await trx
    .updateTable('collection_requests')
    .set({ close_status: null, close_note: null, closed_at: null, closed_by: null, complete_at: null })
    .where('id', '=', r.id)
    .execute();
  await addHistory(trx, [
    { officeId: actor.officeId, requestId: r.id, action: 'reopened', actor: by.who, at },
  ]);
  const status = to ?? (answered ? 'started' : 'open');
  await setStatus(ctx, trx, actor.officeId, r.id, r.status, status, by.who, at, by.chain ?? null);
  await collectionAudit.request.record(trx, { ...actor, at: new Date(at) }, r.id, 'reopen', {
    before: { status: r.status, closeStatus: r.close_status },
  });
}

/** The client's lasting choices ("Não me pedir nos próximos meses"). */
export async function listSkips(ctx: AppContext, officeId: string, clientId: string) {
  const rows = await ctx.db
    .selectFrom('collection_skips')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('client_id', '=', clientId)
    .orderBy('since')
    .execute();
  return {
    items: rows.map((r) => ({
      itemKey: r.item_key,
      itemName: r.item_name,
      templateName: r.template_name,
      since: r.since,
      by: r.by_name,
    })),
  };
}

/** The office asks for the item again: the next programações include it. */
export async function deleteSkip(ctx: AppContext, actor: Actor, clientId: string, itemKey: string) {
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .deleteFrom('collection_skips')
      .where('office_id', '=', actor.officeId)
      .where('client_id', '=', clientId)
      .where('item_key', '=', itemKey)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw new CollectionError('skip_not_found');
    await collectionAudit.client.record(
      trx,
      { ...actor, at: ctx.clock.now() },
      clientId,
      'collection_skip_delete',
      {
        before: { itemKey },
      },
    );
  });
}
