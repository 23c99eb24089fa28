import { sql } from 'kysely';
import type { AppContext } from '../../../context.js';
import type { Db } from '../../../db/database.js';
import type { AutomationTriggersTable } from '../../../db/schema.js';
import { type EventType, eventTypes } from '../automation.schema.js';
import { type AppEvent, type SubscriberOutcome, subscribe } from '../events.js';
import {
  type AutomationCause,
  type AutomationItem,
  allTriggerKinds,
  type PipelineKind,
  type PipelineView,
  pipelineKindOf,
  type TriggerKind,
  triggerKind,
} from '../registry.js';
import { scopedPipelineView, scopedTriggers } from '../runs/batch-scope.js';

/**
 * The trigger engine (gatilhos). For every event a trigger kind listens to, a subscriber runs inside the
 * emitting transaction: the office's enabled triggers of those kinds → the items concerned (the event's own
 * item when it is in the trigger's pipeline; else `payload.item`; else the client's open items) → the kind's
 * `matches` → the move, unless the item is already in the trigger's stage, or the stage is earlier and the
 * trigger does not allow moving back. The move goes through the pipeline's adapter with the event's chain
 * one step deeper (`payload.chain`, or a new chain named after the event), so the rules engine's loop
 * guard sees trigger moves too. Each move runs in a savepoint: an adapter that refuses a move is logged and
 * skipped, and never undoes the change that emitted the event (an invoice's payment, a file received).
 */

/** One move a trigger made. */
export interface TriggerMove {
  triggerId: string;
  pipelineId: string;
  itemId: string;
  title: string;
  from: string;
  to: string;
}

export type TriggerRow = AutomationTriggersTable;

/** The move `row`'s trigger made of `item` (from the stage it was in to the trigger's). */
export const moveOf = (row: TriggerRow, item: AutomationItem): TriggerMove => ({
  triggerId: row.id,
  pipelineId: row.pipeline_id,
  itemId: item.id,
  title: item.title,
  from: item.stageId,
  to: row.stage_id,
});

/** The subscriber outcome's key (`emitEvent`'s outcomes): its result is `{ moved: TriggerMove[] }`. */
export const TRIGGER_OUTCOME = 'automation.triggers';

/** Chains deeper than this are not followed by triggers at all (the rules engine stops them at 5). */
const MAX_DEPTH = 50;

/** The office's pipelines, read once per event or sweep. */
export class PipelineViews {
  readonly #views = new Map<string, Promise<PipelineView | null>>();
  constructor(
    private readonly db: Db,
    private readonly officeId: string,
  ) {}
  get(pipelineId: string): Promise<PipelineView | null> {
    let v = this.#views.get(pipelineId);
    if (!v) {
      v = scopedPipelineView(this.db, this.officeId, pipelineId);
      this.#views.set(pipelineId, v);
    }
    return v;
  }
}

/**
 * Whether a trigger moves `item` into its stage: not when the item is there already, nor when the stage is
 * earlier than the item's and `allow_back` is off; never into a stage the pipeline no longer has.
 */
export function shouldMove(pipeline: PipelineView, trigger: TriggerRow, item: AutomationItem): boolean {
  const order = pipeline.stages.map((s) => s.id);
  const to = order.indexOf(trigger.stage_id);
  if (to < 0 || item.stageId === trigger.stage_id) return false;
  const from = order.indexOf(item.stageId);
  return from < to || trigger.allow_back === 1;
}

/** A trigger's configuration as its kind reads it, or null when it no longer parses (kind changed). */
export function configOf(kind: TriggerKind<unknown>, row: TriggerRow): unknown | null {
  const r = kind.config.safeParse(JSON.parse(row.config));
  return r.success ? r.data : null;
}

const itemRef = (v: unknown): { pipelineId: string; itemId: string } | null => {
  const o = v as { pipelineId?: unknown; itemId?: unknown } | null | undefined;
  return o && typeof o.pipelineId === 'string' && typeof o.itemId === 'string'
    ? { pipelineId: o.pipelineId, itemId: o.itemId }
    : null;
};

/** The items of `pipelineId` an event concerns (see the module comment). */
async function itemsConcerned(
  db: Db,
  event: AppEvent,
  kind: TriggerKind<unknown>,
  pipelineId: string,
  adapter: PipelineKind,
): Promise<AutomationItem[]> {
  const own = kind.itemOf?.(event) ?? itemRef(event.payload);
  const load = async (ref: { pipelineId: string; itemId: string }) => {
    const item = await adapter.loadItem(db, event.officeId, ref.pipelineId, ref.itemId);
    return item ? [item] : [];
  };
  if (own?.pipelineId === pipelineId) return load(own);
  const linked = itemRef(event.payload.item);
  if (linked?.pipelineId === pipelineId) return load(linked);
  let clientId = typeof event.payload.clientId === 'string' ? event.payload.clientId : null;
  if (!clientId && own) {
    const ownItem = await pipelineKindOf(own.pipelineId)?.loadItem(
      db,
      event.officeId,
      own.pipelineId,
      own.itemId,
    );
    clientId = ownItem?.clientId ?? null;
  }
  return clientId ? adapter.itemsOfClient(db, event.officeId, pipelineId, clientId) : [];
}

/**
 * Trigger rows a caller has just read in the transaction, by the transaction: an incoming webhook reads its
 * trigger by its secret, and the event it emits names that trigger, so the engine need not read it again.
 * Set only around that caller's `emitEvent` ({@link withKnownTrigger}).
 */
const knownTriggers = new WeakMap<Db, TriggerRow>();

/**
 * Runs `fn` (which emits an event naming `row` as its `payload.triggerId`) with `row` known to the engine
 * in `trx`: {@link fireTriggers} uses it instead of reading it again. Members of a group-committed SQLite
 * transaction share `trx` but run one after another, so the bracket holds for this caller only.
 */
export async function withKnownTrigger<T>(trx: Db, row: TriggerRow, fn: () => Promise<T>): Promise<T> {
  knownTriggers.set(trx, row);
  try {
    return await fn();
  } finally {
    knownTriggers.delete(trx);
  }
}

/** The office's enabled triggers of `kinds` for an event (only `only` when the event names one). */
function triggersFor(trx: Db, event: AppEvent, kinds: TriggerKind<unknown>[], only: string | null) {
  const known = only ? knownTriggers.get(trx) : undefined;
  if (known && known.id === only && known.office_id === event.officeId) {
    return Promise.resolve(known.enabled === 1 && kinds.some((k) => k.kind === known.kind) ? [known] : []);
  }
  return scopedTriggers(trx, `${event.officeId}|${event.type}|${only ?? ''}`, () => {
    let q = trx
      .selectFrom('automation_triggers')
      .selectAll()
      .where('office_id', '=', event.officeId)
      .where(
        'kind',
        'in',
        kinds.map((k) => k.kind),
      )
      .where('enabled', '=', 1);
    if (only) q = q.where('id', '=', only);
    return q.orderBy('position').orderBy('id').execute();
  });
}

/**
 * Runs the office's triggers for one event, inside the emitting transaction. Returns the moves (or
 * undefined when no trigger listens, so `emitEvent` reports nothing).
 */
export async function fireTriggers(
  ctx: AppContext,
  trx: Db,
  event: AppEvent,
): Promise<SubscriberOutcome | undefined> {
  const kinds = allTriggerKinds().filter((k) => k.event === event.type);
  if (!kinds.length) return undefined;
  const chain = event.payload.chain as { id?: unknown; depth?: unknown } | null | undefined;
  const depth = typeof chain?.depth === 'number' ? chain.depth : 0;
  if (depth >= MAX_DEPTH) return undefined;
  // An incoming webhook names its own trigger: only that one fires.
  const only = typeof event.payload.triggerId === 'string' ? event.payload.triggerId : null;
  const rows = await triggersFor(trx, event, kinds, only);
  if (!rows.length) return undefined;
  const views = new PipelineViews(trx, event.officeId);
  const moved: TriggerMove[] = [];
  for (const row of rows) {
    const kind = triggerKind(row.kind)!;
    const config = configOf(kind, row);
    const adapter = pipelineKindOf(row.pipeline_id);
    const pipeline = await views.get(row.pipeline_id);
    if (config === null || !adapter || !pipeline) continue;
    const cause: AutomationCause = {
      chainId: typeof chain?.id === 'string' ? chain.id : event.id,
      depth: depth + 1,
      triggerId: row.id,
    };
    for (const item of await itemsConcerned(trx, event, kind, row.pipeline_id, adapter)) {
      if (!kind.matches(event, config, item) || !shouldMove(pipeline, row, item)) continue;
      // One name for every move's savepoint: a nested one (a move whose event fires another trigger)
      // shadows it, and each is released or rolled back and released before the outer one goes on, so
      // the names pair up. A name per move made every SAVEPOINT a new statement text to prepare.
      await sql`savepoint trigger_move`.execute(trx);
      try {
        await adapter.moveItem(ctx, trx, event.officeId, item, row.stage_id, cause);
        await sql`release savepoint trigger_move`.execute(trx);
      } catch (err) {
        await sql`rollback to savepoint trigger_move`.execute(trx);
        await sql`release savepoint trigger_move`.execute(trx);
        ctx.log.warn(
          { err, triggerId: row.id, itemId: item.id, eventId: event.id },
          'an automation trigger could not move an item',
        );
        continue;
      }
      moved.push(moveOf(row, item));
    }
  }
  return { key: TRIGGER_OUTCOME, status: 'ran', result: { moved } };
}

/** The event types a trigger may listen to (every type but the stage entries the triggers cause). */
export const triggerEventTypes: readonly EventType[] = eventTypes.filter((t) => t !== 'item.stage_entered');

/** Subscribes the trigger engine to every event type triggers listen to (catalog.ts, once). */
export function registerTriggerEngine(): void {
  for (const type of triggerEventTypes)
    subscribe({ key: `${TRIGGER_OUTCOME}:${type}`, type, handle: fireTriggers });
}
