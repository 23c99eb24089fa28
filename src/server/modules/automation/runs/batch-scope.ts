import type { Db } from '../../../db/database.js';
import type { AutomationTriggersTable } from '../../../db/schema.js';
import { type PipelineView, pipelineView } from '../registry.js';

/**
 * What a drain batch reads once and keeps while it runs: the office's pipelines as automation sees them
 * (every "Alterar campo" checks its field against one) and its enabled triggers per event (every field
 * change asks the trigger engine). Nothing a rule's action does changes a pipeline or a trigger, so within
 * the batch they cannot go stale. The scope is tied to the transaction object only while `withBatchScope`
 * runs: on SQLite, a group-committed transaction is shared with the use cases after the batch, and those
 * read afresh.
 */
interface Scope {
  views: Map<string, Promise<PipelineView | null>>;
  triggers: Map<string, Promise<AutomationTriggersTable[]>>;
  /** The actions' `ActionContext.memo` (messaging's SendMemo: the office, settings, templates). */
  memo: Map<string, Promise<unknown>>;
}

const scopes = new WeakMap<Db, Scope>();

/** Runs `fn` with a batch scope on `trx` (nested calls share the outer one). */
export async function withBatchScope<T>(trx: Db, fn: () => Promise<T>): Promise<T> {
  if (scopes.has(trx)) return fn();
  scopes.set(trx, { views: new Map(), triggers: new Map(), memo: new Map() });
  try {
    return await fn();
  } finally {
    scopes.delete(trx);
  }
}

/** One pipeline of the office (see `pipelineView`), read once per batch scope. */
export function scopedPipelineView(
  db: Db,
  officeId: string,
  pipelineId: string,
): Promise<PipelineView | null> {
  const scope = scopes.get(db);
  if (!scope) return pipelineView(db, officeId, pipelineId);
  const key = `${officeId}|${pipelineId}`;
  let v = scope.views.get(key);
  if (!v) {
    v = pipelineView(db, officeId, pipelineId);
    scope.views.set(key, v);
    // A failed read is not kept: the next caller reads again.
    v.catch(() => scope.views.delete(key));
  }
  return v;
}

/** Triggers read by `load`, kept per batch scope under `key` (the office, kinds and filters it names). */
export function scopedTriggers(
  db: Db,
  key: string,
  load: () => Promise<AutomationTriggersTable[]>,
): Promise<AutomationTriggersTable[]> {
  const scope = scopes.get(db);
  if (!scope) return load();
  let v = scope.triggers.get(key);
  if (!v) {
    v = load();
    scope.triggers.set(key, v);
    v.catch(() => scope.triggers.delete(key));
  }
  return v;
}

/** The batch's memo for actions (`ActionContext.memo`), or undefined outside a batch scope. */
export const batchMemo = (db: Db): Map<string, Promise<unknown>> | undefined => scopes.get(db)?.memo;
