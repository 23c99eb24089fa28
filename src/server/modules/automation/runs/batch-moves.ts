import type { Db } from '../../../db/database.js';

/**
 * The items moved inside a drain's batch transaction, by `pipelineId|itemId`: a move cancels the pending
 * runs of the stage the item left, and the batch — which read its runs before — must skip them. Kept per
 * transaction object (the subscriber runs in the same one), so the batch needs no re-read per run.
 */
const moved = new WeakMap<Db, Set<string>>();

export const itemKey = (pipelineId: string, itemId: string) => `${pipelineId}|${itemId}`;

/** Starts watching the moves made through `trx` (a drain batch). */
export function watchMoves(trx: Db): Set<string> {
  const set = new Set<string>();
  moved.set(trx, set);
  return set;
}

/** Notes a move made through `trx`, if a batch is watching it. */
export function noteMove(trx: Db, pipelineId: string, itemId: string): void {
  moved.get(trx)?.add(itemKey(pipelineId, itemId));
}
