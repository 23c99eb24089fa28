import { requestStatuses } from '../../../shared/schemas/collection.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { Localized } from '../../http/i18n.js';
import {
  type AutomationCause,
  type AutomationItem,
  definePipelineKind,
  type ItemField,
  type PipelineView,
} from '../automation/index.js';
import { parseCivilDate } from '../br/index.js';
import { collectionAudit } from './audit.js';
import { CollectionError } from './collection.errors.js';
import { competenciaLabel } from './due-date.js';
import { addHistory, type HistoryEntry, statusLabels } from './history.js';
import { setStatus } from './progress.js';
import { findRequest } from './requests.repo.js';
import { type Changer, closeIn, emitFieldChanged, reopenIn, transferIn } from './requests.service.js';

/**
 * The Serviços Programados pipeline of Automações (pipeline id `collection`): its stages are the
 * programação statuses (Aberto → Iniciado → Baixado, and Cancelado last); an item is a programação. Moving
 * one does what the screens do — the baixa (Baixado: status "Entregue"; Cancelado: "Cancelado"), Reabrir,
 * or Aberto ↔ Iniciado — each with its history line, audit entry and `item.stage_entered` carrying the
 * automation chain. Registered in src/server/catalog.ts.
 */

const PIPELINE_ID = 'collection';

const colors: Record<(typeof requestStatuses)[number], string> = {
  open: '#228be6',
  started: '#fab005',
  closed: '#40c057',
  cancelled: '#868e96',
};

const L = (pt: string, en: string): Localized => ({ 'pt-BR': pt, en });

const fields: ItemField[] = [
  { key: 'competencia', label: L('Competência', 'Competência'), type: 'text', writable: false },
  { key: 'dueDate', label: L('Vencimento', 'Due date'), type: 'date', writable: true },
  { key: 'createdOn', label: L('Criada em', 'Created on'), type: 'date', writable: false },
  { key: 'progress', label: L('Progresso (%)', 'Progress (%)'), type: 'number', writable: false },
  { key: 'settled', label: L('Itens resolvidos', 'Items settled'), type: 'number', writable: false },
  { key: 'total', label: L('Itens', 'Items'), type: 'number', writable: false },
  { key: 'responsible', label: L('Responsável', 'Responsible'), type: 'user', writable: false },
  { key: 'client', label: L('Cliente', 'Client'), type: 'client', writable: false },
  { key: 'template', label: L('Processo Modelo', 'Template'), type: 'text', writable: false },
  { key: 'closeStatus', label: L('Baixa', 'Close status'), type: 'text', writable: false },
];

const view: PipelineView = {
  id: PIPELINE_ID,
  kind: 'collection',
  name: L('Serviços Programados', 'Scheduled services'),
  stages: requestStatuses.map((s) => ({ id: s, name: statusLabels[s]!, color: colors[s] })),
  fields,
};

/** How automation appears in a programação's history. */
const AUTOMATION: HistoryEntry['actor'] = { kind: 'system', id: null, name: 'Automação' };

function itemQuery(db: Db, officeId: string) {
  return db
    .selectFrom('collection_requests as r')
    .innerJoin('clients as c', 'c.id', 'r.client_id')
    .select([
      'r.id',
      'r.status',
      'r.competencia',
      'r.due_date',
      'r.client_id',
      'r.responsible_id',
      'r.template_name',
      'r.close_status',
      'r.settled_count',
      'r.total_count',
      'r.created_at',
      'c.legal_name as client_name',
      // When it entered its current status: the last status line of its history, else its creation.
      (eb) =>
        eb
          .selectFrom('collection_history as h')
          .select((h) => h.fn.max('h.at').as('at'))
          .whereRef('h.request_id', '=', 'r.id')
          .where('h.action', '=', 'status')
          .as('entered_at'),
    ])
    .where('r.office_id', '=', officeId);
}
type ItemRow = Awaited<ReturnType<ReturnType<typeof itemQuery>['execute']>>[number];

const toItem = (r: ItemRow): AutomationItem => ({
  pipelineId: PIPELINE_ID,
  id: r.id,
  stageId: r.status,
  title: `${r.template_name} — ${r.client_name} — ${competenciaLabel(r.competencia)}`,
  clientId: r.client_id,
  responsibleId: r.responsible_id,
  fields: {
    competencia: r.competencia,
    dueDate: r.due_date,
    createdOn: r.created_at.slice(0, 10),
    progress: r.total_count ? Math.round((r.settled_count / r.total_count) * 100) : 0,
    settled: Number(r.settled_count),
    total: Number(r.total_count),
    responsible: r.responsible_id,
    client: r.client_id,
    template: r.template_name,
    closeStatus: r.close_status,
  },
  path: `/collection/requests/${r.id}`,
  enteredAt: (r.entered_at as string | null) ?? r.created_at,
});

const changer = (officeId: string, cause: AutomationCause): Changer => ({
  actor: { officeId, userId: null },
  who: AUTOMATION,
  chain: { id: cause.chainId, depth: cause.depth },
});

async function requestOf(db: Db, officeId: string, id: string) {
  const r = await findRequest(db, officeId, id);
  if (!r) throw new CollectionError('request_not_found');
  return r;
}

export const collectionPipeline = definePipelineKind({
  kind: 'collection',
  owns: (pipelineId) => pipelineId === PIPELINE_ID,
  list: async () => [view],

  async loadItem(db, officeId, pipelineId, itemId) {
    if (pipelineId !== PIPELINE_ID) return null;
    const r = await itemQuery(db, officeId).where('r.id', '=', itemId).executeTakeFirst();
    return r ? toItem(r) : null;
  },

  async itemsInStage(db, officeId, _pipelineId, stageId, page) {
    let q = itemQuery(db, officeId)
      .where('r.status', '=', stageId as ItemRow['status'])
      .orderBy('r.id')
      .limit(page.limit);
    if (page.afterId) q = q.where('r.id', '>', page.afterId);
    return (await q.execute()).map(toItem);
  },

  async itemsOfClient(db, officeId, _pipelineId, clientId) {
    const rows = await itemQuery(db, officeId)
      .where('r.client_id', '=', clientId)
      .where('r.status', 'in', ['open', 'started'])
      .orderBy('r.id')
      .execute();
    return rows.map(toItem);
  },

  async moveItem(ctx: AppContext, trx: Db, officeId, item, toStageId, cause) {
    const r = await requestOf(trx, officeId, item.id);
    const to = toStageId as ItemRow['status'];
    if (!(requestStatuses as readonly string[]).includes(to))
      throw new CollectionError('unknown_stage', { params: { stage: toStageId } });
    if (r.status === to) return;
    const by = changer(officeId, cause);
    if (to === 'closed' || to === 'cancelled') {
      await closeIn(ctx, trx, by, r, {
        status: to === 'closed' ? 'delivered' : 'cancelled',
        customStatus: null,
        note: null,
      });
    } else if (r.status === 'closed' || r.status === 'cancelled') {
      await reopenIn(ctx, trx, by, r, to);
    } else {
      const at = ctx.clock.now().toISOString();
      await setStatus(ctx, trx, officeId, r.id, r.status, to, AUTOMATION, at, by.chain ?? null);
      await collectionAudit.request.record(
        trx,
        { officeId, userId: null, at: new Date(at) },
        r.id,
        'automation_move',
        { before: { status: r.status }, after: { status: to } },
      );
    }
  },

  async setField(app, trx, officeId, item, key, value, cause) {
    if (key !== 'dueDate') throw new CollectionError('field_not_writable', { params: { field: key } });
    const r = await requestOf(trx, officeId, item.id);
    const dueDate = parseCivilDate(String(value));
    if (dueDate === r.due_date) return;
    const at = app.clock.now().toISOString();
    await trx
      .updateTable('collection_requests')
      .set({ due_date: dueDate, updated_at: at })
      .where('id', '=', r.id)
      .execute();
    await addHistory(trx, [
      {
        officeId,
        requestId: r.id,
        action: 'due_date_changed',
        params: { date: r.due_date, dueDate },
        actor: AUTOMATION,
        at,
      },
    ]);
    await collectionAudit.request.record(
      trx,
      { officeId, userId: null, at: new Date(at) },
      r.id,
      'automation_field',
      { before: { dueDate: r.due_date }, after: { dueDate } },
    );
    await emitFieldChanged(app, trx, changer(officeId, cause), r.id, 'dueDate', r.due_date, dueDate);
  },

  async setResponsible(app, trx, officeId, item, userId, cause) {
    await transferIn(app, trx, changer(officeId, cause), await requestOf(trx, officeId, item.id), userId);
  },
});
