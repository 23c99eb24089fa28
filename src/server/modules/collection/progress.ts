import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { officeRow } from '../../db/office-row.js';
import { emitEvent, type StageEntered } from '../automation/index.js';
import { isSettled } from './collection.schema.js';
import { addHistory, type HistoryEntry, statusLabels } from './history.js';

type Who = HistoryEntry['actor'];

/**
 * After any change to a programação's items, inside that change's transaction: recounts the progress bar,
 * moves Aberto → Iniciado at the first answer, emits `collection.checklist_complete` when every item is
 * settled (again after a reopen), and — for a model with automatic baixa — closes the programação once
 * every required item is settled. Status changes emit `item.stage_entered` (entity `collection_request`)
 * and write a history line.
 */
export async function afterItemChange(
  ctx: AppContext,
  db: Db,
  officeId: string,
  requestId: string,
  who: Who,
) {
  const r = await db
    .selectFrom('collection_requests')
    .select(['id', 'status', 'auto_close', 'complete_at', 'client_id', 'competencia'])
    .where(officeRow(officeId, requestId))
    .executeTakeFirstOrThrow();
  const items = await db
    .selectFrom('collection_request_items')
    .select(['state', 'requirement'])
    .where('request_id', '=', requestId)
    .execute();
  const settled = items.filter((i) => isSettled(i.state)).length;
  const answered = items.some((i) => i.state !== 'pending');
  const now = ctx.clock.now();
  const at = now.toISOString();
  let status = r.status;
  const patch: {
    settled_count: number;
    total_count: number;
    updated_at: string;
    complete_at?: string | null;
  } = {
    settled_count: settled,
    total_count: items.length,
    updated_at: at,
  };
  const complete = items.length > 0 && settled === items.length;
  // Completed now: stamped in the same write, once, while the programação is open (its event comes below,
  // after the status moved).
  const completedNow = complete && !r.complete_at && (r.status === 'open' || r.status === 'started');
  if (completedNow) patch.complete_at = at;
  else if (!complete && r.complete_at) patch.complete_at = null;
  await db.updateTable('collection_requests').set(patch).where('id', '=', requestId).execute();

  if (status === 'open' && answered) {
    await setStatus(ctx, db, officeId, requestId, 'open', 'started', who, at);
    status = 'started';
  }
  if (completedNow) {
    await emitEvent(ctx, db, {
      officeId,
      type: 'collection.checklist_complete',
      entity: 'collection_request',
      entityId: requestId,
      payload: { clientId: r.client_id, competencia: r.competencia, items: items.length },
      actorId: who.kind === 'staff' ? who.id : null,
      at: now,
    });
  }
  const requiredSettled = items.filter((i) => i.requirement === 'required').every((i) => isSettled(i.state));
  if (r.auto_close === 1 && requiredSettled && (status === 'open' || status === 'started')) {
    await db
      .updateTable('collection_requests')
      .set({ close_status: 'delivered', close_note: null, closed_at: at, closed_by: null })
      .where('id', '=', requestId)
      .execute();
    await addHistory(db, [{ officeId, requestId, action: 'auto_closed', actor: who, at }]);
    await setStatus(
      ctx,
      db,
      officeId,
      requestId,
      status,
      'closed',
      { kind: 'system', id: null, name: 'Sistema' },
      at,
    );
  }
  return { settled, total: items.length };
}

/**
 * Moves the programação's status with its event and history line. The event is the pipeline `collection`'s
 * `item.stage_entered` (stages = statuses); `chain` is the automation chain that caused the move (a trigger
 * or a rule), none for a person's or the system's own move.
 */
export async function setStatus(
  ctx: AppContext,
  db: Db,
  officeId: string,
  requestId: string,
  from: string,
  to: 'open' | 'started' | 'closed' | 'cancelled',
  who: Who,
  at: string,
  chain: StageEntered['chain'] = null,
) {
  await db
    .updateTable('collection_requests')
    .set({ status: to, updated_at: at })
    .where('id', '=', requestId)
    .execute();
  await emitEvent(ctx, db, {
    officeId,
    type: 'item.stage_entered',
    entity: 'collection_request',
    entityId: requestId,
    payload: {
      pipelineId: 'collection',
      stageId: to,
      fromStageId: from,
      chain,
      from,
      to,
    } satisfies StageEntered,
    actorId: who.kind === 'staff' ? who.id : null,
    at: new Date(at),
  });
  await addHistory(db, [
    {
      officeId,
      requestId,
      action: 'status',
      params: {
        from: statusLabels[from]?.['pt-BR'] ?? from,
        to: statusLabels[to]!['pt-BR'],
        fromEn: statusLabels[from]?.en ?? from,
        toEn: statusLabels[to]!.en,
      },
      actor: who,
      at,
    },
  ]);
}
