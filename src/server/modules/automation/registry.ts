/**
 * The automation engine's three registries — what the modules above it plug in (registered in catalog.ts):
 * - a **pipeline kind** (tickets, collection's programações, the office's own Processos) says which
 *   pipelines and stages exist, how to read an item as rules see it, and how to move it or change it;
 * - an **action kind** is what one rule does (send an e-mail, create a task, create a document, call a
 *   webhook…), one per rule, with its input schema;
 * - a **trigger kind** is an event that moves an item into the trigger's stage (invoice paid, a file
 *   received, a form submitted…).
 * The engine (rules, versions, runs, delays, conditions, loop guard) is written against these interfaces
 * only, so a new pipeline, action or trigger is one file in the module that owns its data.
 */
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { FieldIssue } from '../../http/errors.js';
import type { Lang, Localized } from '../../http/i18n.js';
import type { BusinessCalendar } from '../br/index.js';
import type { EventType } from './automation.schema.js';
import type { AppEvent } from './events.js';

/** The type of an item's field, which decides the condition editor's operators and the value input. */
export type ItemFieldType = 'text' | 'number' | 'money' | 'date' | 'boolean' | 'select' | 'user' | 'client';

/** One field of a pipeline's items that rules may read (conditions, templates) and, if writable, change. */
export interface ItemField {
  /** The key in `AutomationItem.fields` and in JSON Logic `{ "var": "item.<key>" }`. */
  key: string;
  label: Localized;
  type: ItemFieldType;
  /** For `select`: the allowed values and their labels. */
  options?: { value: string; label: Localized }[];
  /** Whether the "Alterar campo" action may set it. */
  writable: boolean;
}

export interface PipelineStage {
  /** Stable within the pipeline: a ticket status (`analyzing`), a programação status, a stage's uuid. */
  id: string;
  name: Localized;
  /** A CSS colour (`#228be6`) or null for the default. */
  color: string | null;
}

export interface PipelineView {
  /** `tickets`, `collection`, or `process:<uuid>`. */
  id: string;
  kind: string;
  name: Localized;
  /** In order: the first stage is where new items start; "earlier" and "later" follow this order. */
  stages: PipelineStage[];
  fields: ItemField[];
}

/** An item (ticket, programação, card) as rules see it. */
export interface AutomationItem {
  pipelineId: string;
  id: string;
  stageId: string;
  /** A short human name ("#123 Abertura de filial", "Documentos mensais — ACME — 11/2026"). */
  title: string;
  clientId: string | null;
  responsibleId: string | null;
  /** Keyed by `ItemField.key`. Dates are civil days `yyyy-mm-dd`; money is integer cents. */
  fields: Record<string, unknown>;
  /** The item's page in the app (`/tickets/…`), for notifications and tasks. */
  path: string;
  /**
   * When the item entered its current stage (ISO instant), for the trigger "no movement for N business
   * days"; an adapter that does not know leaves it out (the trigger engine then reads the item's last
   * `item.stage_entered` event).
   */
  enteredAt?: string | null;
}

/**
 * Where a change made by automation comes from: the chain it belongs to (loop guard) and the rule run or
 * trigger that made it. A move made by a person starts a new chain (depth 0).
 */
export interface AutomationCause {
  chainId: string;
  depth: number;
  ruleRunId?: string | null;
  triggerId?: string | null;
}

/**
 * The part of every `item.stage_entered` payload the engine reads (each pipeline adds its own fields).
 * An adapter's `moveItem` must emit `item.stage_entered` with this, carrying the cause's chain.
 */
export interface StageEntered extends Record<string, unknown> {
  pipelineId: string;
  stageId: string;
  fromStageId: string | null;
  chain?: { id: string; depth: number } | null;
  /**
   * Action kinds whose immediate runs the mover wants executed in its own transaction, to answer what they did
   * (a ticket move tells whether its e-mail went); see `onStageEntered`.
   */
  inline?: readonly string[];
}

export interface PipelineKind {
  kind: string;
  /** Whether a pipeline id is of this kind (`process:…`). */
  owns(pipelineId: string): boolean;
  /** The office's pipelines of this kind, names in `lang`. */
  list(db: Db, officeId: string): Promise<PipelineView[]>;
  /**
   * One pipeline of the office (null: none), when the kind can read it alone more cheaply than `list`
   * (the rules engine asks for one per run and per trigger); without it, `list` is searched.
   */
  view?(db: Db, officeId: string, pipelineId: string): Promise<PipelineView | null>;
  loadItem(db: Db, officeId: string, pipelineId: string, itemId: string): Promise<AutomationItem | null>;
  /** Many items of one pipeline at once (a drain batch's), by id; those not found are left out. */
  loadItems?(
    db: Db,
    officeId: string,
    pipelineId: string,
    itemIds: readonly string[],
  ): Promise<Map<string, AutomationItem>>;
  /** The items now in a stage, by id, after `afterId` (paging for "Aplicar aos itens já neste estágio"). */
  itemsInStage(
    db: Db,
    officeId: string,
    pipelineId: string,
    stageId: string,
    page: { afterId: string | null; limit: number },
  ): Promise<AutomationItem[]>;
  /** The client's items in the pipeline that are not closed (for triggers on a client's event). */
  itemsOfClient(db: Db, officeId: string, pipelineId: string, clientId: string): Promise<AutomationItem[]>;
  /** Moves the item (inside `trx`), emitting `item.stage_entered` with `cause`'s chain. */
  moveItem(
    ctx: AppContext,
    trx: Db,
    officeId: string,
    item: AutomationItem,
    toStageId: string,
    cause: AutomationCause,
  ): Promise<void>;
  /** Sets a writable field (emits `item.field_changed`). */
  setField(
    ctx: AppContext,
    trx: Db,
    officeId: string,
    item: AutomationItem,
    key: string,
    value: unknown,
    cause: AutomationCause,
  ): Promise<void>;
  /**
   * Sets one writable field to one value on many items at once (a drain batch's "Alterar campo" runs of one
   * rule version): set-based statements instead of one `setField` per item, the same checks, and the same
   * `item.field_changed` events (their subscribers run, once per change). The items are distinct. Throwing
   * undoes nothing by itself: the caller runs it in a savepoint and falls back to `setField` per item.
   */
  setFieldMany?(
    ctx: AppContext,
    trx: Db,
    officeId: string,
    changes: readonly { item: AutomationItem; cause: AutomationCause }[],
    key: string,
    value: unknown,
  ): Promise<void>;
  /** Sets the item's responsible (a user of the office), or clears it (null). */
  setResponsible(
    ctx: AppContext,
    trx: Db,
    officeId: string,
    item: AutomationItem,
    userId: string | null,
    cause: AutomationCause,
  ): Promise<void>;
}

/** The seed's categories, which group "Adicionar regra". */
export const actionCategories = ['client', 'staff', 'documents', 'auxiliary', 'own'] as const;
export type ActionCategory = (typeof actionCategories)[number];

export interface ActionContext {
  app: AppContext;
  /** The run's transaction (for an `external` action: the plain database, no transaction held). */
  db: Db;
  officeId: string;
  item: AutomationItem;
  run: { id: string; ruleId: string; version: number; chainId: string; depth: number };
  /** The outputs of the rules already run in this stage entry (auxiliary rules), by the output's name. */
  vars: Record<string, unknown>;
  /** Test mode: no effect outside (nothing sent, no HTTP call); say what would have happened. */
  testMode: boolean;
  now: Date;
  /**
   * Reads that do not change while a drain batch runs (the office, its channel settings and templates), kept
   * for the batch's runs — messaging's `SendMemo`; absent outside a batch (read every time).
   */
  memo?: Map<string, Promise<unknown>>;
}

/** One run of a batch (`ActionKind.executeBatch`): its item, its identity and its entry's variables. */
export interface BatchRun {
  item: AutomationItem;
  run: ActionContext['run'];
  vars: Record<string, unknown>;
}

/** What a batch form runs with: an `ActionContext` without the one run (never test mode). */
export type BatchContext = Omit<ActionContext, 'item' | 'run' | 'vars' | 'testMode'>;

/** What a rule run produced, shown in the item's automation history. */
export interface ActionOutcome {
  summary: Localized;
  /** Variables for the following rules of the entry (auxiliary rules), e.g. `{ openInvoices: [...] }`. */
  output?: Record<string, unknown>;
  /** What it made: a message in the outbox, a task, a document, an invoice, a webhook's answer. */
  links?: { kind: 'message' | 'task' | 'document' | 'invoice' | 'webhook'; id: string; label?: string }[];
  /** Test mode: the message as it would have gone out. */
  preview?: { channel: string; to: string; subject: string | null; body: string }[];
}

export interface ActionKind<I = unknown> {
  kind: string;
  category: ActionCategory;
  name: Localized;
  description: Localized;
  input: z.ZodType<I>;
  /** One line for the rule card: `Enviar e-mail “Boas-vindas” ao cliente`. */
  describe(input: I, lang: Lang): string;
  /** Checks at save time beyond the schema (unknown template variables, a forbidden webhook address…). */
  validate?(db: Db, officeId: string, input: I, pipeline: PipelineView): Promise<FieldIssue[]>;
  /**
   * True when the action talks to the outside world (an HTTP call): it runs with no transaction held, and
   * its run is marked done afterwards (at least once; the run id goes along as the idempotency key).
   */
  external?: boolean;
  /**
   * True when executing never changes the item's stage or fields (messages, tasks, notifications): the
   * drain keeps the item it read for the entry's next run instead of reading it again.
   */
  keepsItem?: boolean;
  execute(ctx: ActionContext, input: I): Promise<ActionOutcome>;
  /**
   * Optional batch form, for a drain batch's runs of one rule version whose conditions passed: does what
   * `execute` would do for each of them, in a few set-based statements, and returns one outcome per run in
   * order. The items are distinct. All or nothing: on a throw the drain rolls the whole group back and runs
   * each one through `execute` in its own savepoint, so a bad item fails only its own run.
   */
  executeBatch?(ctx: BatchContext, input: I, runs: readonly BatchRun[]): Promise<ActionOutcome[]>;
}

export interface TriggerKind<C = unknown> {
  kind: string;
  name: Localized;
  description: Localized;
  /** The event that fires it; null for the sweeps (no movement for N business days, a date field reached). */
  event: EventType | null;
  config: z.ZodType<C>;
  describe(config: C, lang: Lang): string;
  validate?(db: Db, officeId: string, config: C, pipeline: PipelineView): Promise<FieldIssue[]>;
  /** Whether this event, under this configuration, fires the trigger for `item`. */
  matches(event: AppEvent, config: C, item: AutomationItem): boolean;
  /**
   * The item the event happened to, when the event names it some other way than the payload's
   * `{ pipelineId, itemId }` (collection events name their programação as the event's entity).
   */
  itemOf?(event: AppEvent): { pipelineId: string; itemId: string } | null;
  /**
   * For the sweeps (`event` null), run once a day: null when the item is not due today; otherwise the mark
   * the fire is about (the target date; the movement that has been idle), so that each mark fires once.
   */
  sweep?(tick: SweepTick, config: C, item: AutomationItem): string | null;
}

/** What a sweep knows of its day: the office's civil date, calendar and time zone. */
export interface SweepTick {
  today: string;
  calendar: BusinessCalendar;
  timeZone: string;
}

const pipelineKinds = new Map<string, PipelineKind>();
const actionKinds = new Map<string, ActionKind<unknown>>();
const triggerKinds = new Map<string, TriggerKind<unknown>>();

/** Registers pipeline kinds (catalog.ts). */
export function registerPipelineKinds(kinds: readonly PipelineKind[]): void {
  for (const k of kinds) pipelineKinds.set(k.kind, k);
}

/** Registers action kinds (catalog.ts). */
export function registerActionKinds(kinds: readonly ActionKind<unknown>[]): void {
  for (const k of kinds) actionKinds.set(k.kind, k);
}

/** Registers trigger kinds (catalog.ts). */
export function registerTriggerKinds(kinds: readonly TriggerKind<unknown>[]): void {
  for (const k of kinds) triggerKinds.set(k.kind, k);
}

export const defineAction = <I>(a: ActionKind<I>): ActionKind<I> => a;
export const defineTrigger = <C>(t: TriggerKind<C>): TriggerKind<C> => t;
export const definePipelineKind = (p: PipelineKind): PipelineKind => p;

/** The pipeline kind that owns a pipeline id, or undefined. */
export function pipelineKindOf(pipelineId: string): PipelineKind | undefined {
  for (const k of pipelineKinds.values()) if (k.owns(pipelineId)) return k;
  return undefined;
}

/** One pipeline of the office, by id (its kind's `view`, else its `list` searched); null when none. */
export async function pipelineView(
  db: Db,
  officeId: string,
  pipelineId: string,
): Promise<PipelineView | null> {
  const kind = pipelineKindOf(pipelineId);
  if (!kind) return null;
  if (kind.view) return kind.view(db, officeId, pipelineId);
  return (await kind.list(db, officeId)).find((p) => p.id === pipelineId) ?? null;
}
export const allPipelineKinds = (): PipelineKind[] => [...pipelineKinds.values()];
export const actionKind = (kind: string): ActionKind<unknown> | undefined => actionKinds.get(kind);
export const allActionKinds = (): ActionKind<unknown>[] => [...actionKinds.values()];
export const triggerKind = (kind: string): TriggerKind<unknown> | undefined => triggerKinds.get(kind);
export const allTriggerKinds = (): TriggerKind<unknown>[] => [...triggerKinds.values()];
