import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { prepared } from '../../db/prepared.js';
import { newId } from '../../ids.js';
import type { EventType } from './automation.schema.js';

/** An event as written to the `events` table and handed to subscribers. */
export interface AppEvent<P = Record<string, unknown>> {
  id: string;
  officeId: string;
  type: EventType;
  /** The kind of record it happened to (`ticket`). */
  entity: string;
  entityId: string;
  payload: P;
  /** The user who caused it (null: the system or a client). */
  actorId: string | null;
  at: Date;
}

export interface EmitInput<P = Record<string, unknown>> {
  officeId: string;
  type: EventType;
  entity: string;
  entityId: string;
  payload: P;
  actorId?: string | null;
  /** When it happened; the application clock by default. */
  at?: Date;
}

/** What one subscriber did with an event: `ran` (with its result) or `disabled` (switched off by the office). */
export type SubscriberOutcome =
  | { key: string; status: 'ran'; result: unknown }
  | { key: string; status: 'disabled'; result: null };

/**
 * An in-process subscriber: runs inside the transaction that emitted the event, reading and writing only
 * through `trx`. Returning `undefined` means "not for me" (no outcome is reported); throwing aborts the
 * whole transaction, so the change and its consequences commit together or not at all.
 */
export interface Subscriber {
  key: string;
  type: EventType;
  handle(ctx: AppContext, trx: Db, event: AppEvent): Promise<SubscriberOutcome | undefined>;
}

const subscribers = new Map<string, Subscriber>();

/** Registers a subscriber (a second registration under the same key replaces the first). */
export function subscribe(s: Subscriber): void {
  subscribers.set(s.key, s);
}

/** The event an emit records: a new id, and now unless the caller says when. */
function eventOf<P extends Record<string, unknown>>(ctx: AppContext, input: EmitInput<P>): AppEvent<P> {
  return {
    id: newId(),
    officeId: input.officeId,
    type: input.type,
    entity: input.entity,
    entityId: input.entityId,
    payload: input.payload,
    actorId: input.actorId ?? null,
    at: input.at ?? ctx.clock.now(),
  };
}

/** The `events` row of an event. */
function eventRow(event: AppEvent) {
  return {
    id: event.id,
    office_id: event.officeId,
    type: event.type,
    entity: event.entity,
    entity_id: event.entityId,
    payload: JSON.stringify(event.payload),
    actor_id: event.actorId,
    at: event.at.toISOString(),
  };
}

/** One event row (every move and field change writes one or more): compiled once (`prepared`). */
const insertEvent = prepared(
  (
    db,
    id: string,
    officeId: string,
    type: string,
    entity: string,
    entityId: string,
    payload: string,
    actorId: string | null,
    at: string,
  ) =>
    db.insertInto('events').values({
      id,
      office_id: officeId,
      type,
      entity,
      entity_id: entityId,
      payload,
      actor_id: actorId,
      at,
    }),
);

/**
 * Writes the event row and runs the subscribers of its type, in registration order, inside `trx` (the
 * caller's transaction). Returns the event and every subscriber's outcome.
 *
 * @example
 * const { outcomes } = await emitEvent(ctx, trx, {
 *   officeId, type: 'item.stage_entered', entity: 'ticket', entityId: ticket.id,
 *   payload: { from: 'open', to: 'analyzing', movementId }, actorId: userId,
 * });
 */
export async function emitEvent<P extends Record<string, unknown>>(
  ctx: AppContext,
  trx: Db,
  input: EmitInput<P>,
): Promise<{ event: AppEvent<P>; outcomes: SubscriberOutcome[] }> {
  const event = eventOf(ctx, input);
  const r = eventRow(event);
  await insertEvent.run(trx, r.id, r.office_id, r.type, r.entity, r.entity_id, r.payload, r.actor_id, r.at);
  const outcomes: SubscriberOutcome[] = [];
  for (const s of subscribers.values()) {
    if (s.type !== event.type) continue;
    const outcome = await s.handle(ctx, trx, event as AppEvent);
    if (outcome) outcomes.push(outcome);
  }
  return { event, outcomes };
}

/**
 * Emits many events at once (a retorno's payments): the event rows in multi-row inserts, then each
 * event's subscribers in order, as `emitEvent` would one by one, inside `trx`.
 */
export async function emitEvents<P extends Record<string, unknown>>(
  ctx: AppContext,
  trx: Db,
  inputs: readonly EmitInput<P>[],
): Promise<AppEvent<P>[]> {
  const events = inputs.map((input) => eventOf(ctx, input));
  for (let i = 0; i < events.length; i += 500) {
    await trx
      .insertInto('events')
      .values(events.slice(i, i + 500).map(eventRow))
      .execute();
  }
  for (const event of events) {
    for (const s of subscribers.values()) {
      if (s.type === event.type) await s.handle(ctx, trx, event as AppEvent);
    }
  }
  return events;
}
