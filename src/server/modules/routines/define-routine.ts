/**
 * Terminology of the routines module.
 *
 * - **Routine kind**: a catalog entry written in code with `defineRoutine` — what records it concerns
 *   (`select`) and what it does for each (`perRecord`), with a typed configuration of its own.
 * - **Routine** (the office's configuration of a kind, table `routines`): active or not, its schedule,
 *   responsible profession, channels and templates, audience, and the kind's own settings.
 * - **Run**: one execution of a routine — an engine job (`routines.run`), shown on the Execuções page.
 * - **Reference date**: the civil date (office time zone) a run is for: the schedule occurrence's date when
 *   scheduled (so a run caught up after an outage sees the day it was meant for), today otherwise.
 * - **Effect**: a message (or a write) a run makes for a record. Every message carries an idempotency key
 *   naming its logical occurrence (`cert-expiry:<certificate>:<threshold>`), so however many times a routine
 *   runs, a client hears each notice once.
 * - **Dry run** (Pré-visualizar): the same code in a transaction that is rolled back, reporting who would be
 *   contacted and the exact rendered messages.
 */
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { Lang } from '../../http/i18n.js';
import type { BusinessCalendar, CivilDate } from '../br/index.js';
import type { RunText } from '../engine/index.js';
import type { Channel, SendInput, SendResult } from '../messaging/index.js';
import { type RoutineKind, type RoutineTexts, routineTexts } from './routine-texts.js';

/** Which clients a routine concerns. */
export type Audience =
  | { kind: 'all' }
  | { kind: 'class'; classes: string[] }
  | { kind: 'tag'; tags: string[] }
  | { kind: 'list'; clientIds: string[] };

/** The office's settings common to every routine (the kind's own settings are its `config`). */
export interface RoutineSettings {
  /** Internal notices go to each client's responsible user of this profession. */
  professionId: string | null;
  /** Channels the client is told on: none, e-mail, WhatsApp, or both. */
  channels: Channel[];
  /** The template per channel; defaults to the kind's `templates.client`. */
  templates: Partial<Record<Channel, string>>;
  audience: Audience;
}

/** What every step of a run can read. */
export interface RoutineRunContext {
  app: AppContext;
  officeId: string;
  /** The office's configuration id of this routine (the `routines` row). */
  routineId: string;
  kind: string;
  settings: RoutineSettings;
  /** The civil date the run is for, in the office's time zone (see "reference date" above). */
  date: CivilDate;
  /** The instant the run is for. */
  at: Date;
  timeZone: string;
  calendar: BusinessCalendar;
  dryRun: boolean;
  /** The run's engine job id; null in a dry run. */
  runId: string | null;
  /** The user who asked for the run (null when a schedule did). */
  requestedBy: string | null;
  /** A line in the run's log. From `perRecord`, written once the record's batch commits (none in a dry run). */
  log(level: 'info' | 'warn' | 'error', message: RunText): Promise<void>;
}

/** What a notice needs besides its recipient: the template's variables and the effect's key. */
export interface Notice {
  vars: Record<string, unknown>;
  /** The logical occurrence, unique in the office: `birthday:<contact>:<year>`. Per channel it is suffixed. */
  key: string;
  /** Overrides the configured template (for staff notices, say). */
  template?: string;
  attachments?: SendInput['attachments'];
}

/**
 * A notice to one of the office's own people: in the user's language (the template's English defaults for
 * a user who reads English), so its variables may be given per language. The template may also read the
 * recipient's name as `user.name` (unless `vars` gives its own `user`).
 */
export interface StaffNotice extends Omit<Notice, 'vars' | 'template'> {
  template: string;
  vars: Record<string, unknown> | ((lang: Lang) => Record<string, unknown>);
}

/** What `perRecord` gets: the run's context, the batch's transaction, and ways to notify. */
export interface RecordContext extends RoutineRunContext {
  /** The batch's transaction (fenced by the run's attempt): every write of a record goes through it. */
  db: Db;
  /** Tells a client (its company e-mail / WhatsApp) on the configured channels, with their templates. */
  notifyClient(clientId: string, notice: Notice): Promise<SendResult[]>;
  /** Tells a client's contact (birthdays…) on the configured channels. */
  notifyContact(contactId: string, notice: Notice): Promise<SendResult[]>;
  /**
   * An internal e-mail to the client's responsible user of the configured profession; when the client has
   * none, to the office's administrators. `notice.template` is required. Returns null if nobody qualifies.
   */
  notifyResponsible(clientId: string, notice: StaffNotice): Promise<SendResult | null>;
  /** An internal e-mail to one user of the office, in the user's language. */
  notifyUser(userId: string, notice: StaffNotice): Promise<SendResult | null>;
  /**
   * The same notice to the client (`notifyClient`) and to its responsible user (`notifyResponsible`, with
   * `staffTemplate`). True when either got something not already sent under its key.
   */
  notifyClientAndResponsible(clientId: string, notice: Notice & { staffTemplate: string }): Promise<boolean>;
  /** A page of the app as an absolute link for a message (`PUBLIC_URL`, else the listening address). */
  appLink(path: string): string;
  /** Counts an outcome for the run's summary ("3 certificados vencidos"). */
  count(outcome: string, n?: number): void;
}

/** What a routine's file declares: what the kind does; its texts come from `routineTexts` by its kind. */
export interface RoutineSpec<C extends z.ZodType = z.ZodType, R = unknown> {
  /** A namespaced constant with its entry in `routineTexts`: `certificates.expiring`. */
  kind: RoutineKind;
  /** The kind's own settings; every field has a default, so `{}` parses. */
  config: C;
  /** Built-in templates (messaging `defineTemplate` keys): the client's, and the staff's if any. */
  templates: { client?: string; staff?: string };
  /** Channels the client may be told on; [] for routines that only notify staff. */
  channels: Channel[];
  /**
   * The records the run concerns, in batches (read through `db`, restricted to the audience when they are
   * clients). Each batch must be fully read before it is yielded: the runner writes between batches.
   */
  select(ctx: RoutineRunContext & { db: Db }, config: z.output<C>): AsyncIterable<R[]>;
  /** Optional: how many records `select` will yield, for the run's progress. */
  count?(ctx: RoutineRunContext & { db: Db }, config: z.output<C>): Promise<number>;
  /**
   * Whether batches may be handled several at once (PostgreSQL only, each in its own transaction): set it
   * when `select` pages by a key (keyset) and does not depend on what earlier batches wrote.
   */
  concurrentBatches?: boolean;
  /** Handles one record inside the batch's transaction. Throwing fails the record, not the run. */
  perRecord(ctx: RecordContext, record: R, config: z.output<C>): Promise<void>;
  /** A record's name in the run's log and the preview ("Padaria Estrela Ltda"). */
  describe?(record: R): string;
}

/** A routine kind as the catalog serves it: what it does, with its texts. */
export interface RoutineDefinition<C extends z.ZodType = z.ZodType, R = unknown>
  extends Omit<RoutineSpec<C, R>, 'kind'>,
    RoutineTexts {
  kind: string;
}

export type AnyRoutineDefinition = RoutineDefinition<z.ZodType, unknown>;

const registry = new Map<string, AnyRoutineDefinition>();

/**
 * Declares a routine kind, with its texts from `routineTexts`. Declaring does not register: the process's catalog (`src/server/catalog.ts`)
 * passes every kind to {@link registerRoutines} at start.
 *
 * @example
 * export const birthdays = defineRoutine({
 *   kind: 'contacts.birthdays',
 *   config: z.object({}), templates: { client: 'routines.birthday' }, channels: ['email', 'whatsapp'],
 *   async *select({ db, officeId, date }) { yield await contactsBornOn(db, officeId, date); },
 *   async perRecord(ctx, contact) {
 *     await ctx.notifyContact(contact.id, { vars: { contact }, key: `birthday:${contact.id}:${ctx.date.slice(0, 4)}` });
 *   },
 * });
 */
export function defineRoutine<C extends z.ZodType, R>(spec: RoutineSpec<C, R>): RoutineDefinition<C, R> {
  return { ...spec, ...routineTexts[spec.kind] };
}

/** Adds routine kinds to this process's catalog (idempotent per definition; a kind defined twice throws). */
export function registerRoutines(defs: readonly AnyRoutineDefinition[]): void {
  for (const def of defs) {
    const existing = registry.get(def.kind);
    if (existing && existing !== def) throw new Error(`routine kind ${def.kind} is defined twice`);
    registry.set(def.kind, def);
  }
}

export const routineDefinition = (kind: string): AnyRoutineDefinition | undefined => registry.get(kind);

export const routineDefinitions = (): AnyRoutineDefinition[] =>
  [...registry.values()].sort((a, b) => a.kind.localeCompare(b.kind));
