import type { Expression, SqlBool, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { type BackoffPolicy, defaultBackoff } from './backoff.js';

/** A text a run writes for its readers: in both languages, or one string that reads the same in both. */
export type RunText = string | { 'pt-BR': string; en: string };

/** The pt-BR text and its English twin (null when it reads the same in both) of a {@link RunText}. */
export function runTextColumns(text: RunText, max: number): { pt: string; en: string | null } {
  if (typeof text === 'string') return { pt: text.slice(0, max), en: null };
  return { pt: text['pt-BR'].slice(0, max), en: text.en === text['pt-BR'] ? null : text.en.slice(0, max) };
}

/** What a handler receives besides its payload. */
export interface JobContext {
  job: {
    id: string;
    kind: string;
    officeId: string | null;
    attempt: number;
    requestedBy: string | null;
    /**
     * When the job was due: a scheduled job's occurrence (its fire time), or its enqueue time; a retry's
     * backoff moves it later (`occurrenceOfJob` gives a scheduled job's occurrence for good).
     */
    runAt: Date;
    /** The schedule that made this job, if any. */
    scheduleId: string | null;
  };
  app: AppContext;
  clock: Clock;
  log: Logger;
  /** Aborted when the run is cancelled, loses its lease, or the worker is forced to stop. */
  signal: AbortSignal;
  /**
   * Reports progress (0–100) and an optional message, shown live on the Execuções page: written at once,
   * at most once a second (call it at batch boundaries, outside `tx`).
   */
  progress(percent: number, message?: RunText): Promise<void>;
  /**
   * A log line stored with the run: a text in both languages (what its readers read in theirs), or one
   * that reads the same in both (a name, a number, a provider's own message).
   */
  logLine(level: 'info' | 'warn' | 'error', message: RunText): Promise<void>;
  /**
   * Runs `fn` in a transaction that commits only if this attempt still holds the job: a worker whose lease
   * expired (and whose job another worker took) can never write effects. Throws LeaseLostError otherwise.
   */
  tx<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /**
   * The fence as a condition, for one fenced statement without a transaction (one round trip instead of
   * four on PostgreSQL): `updateTable(…).set(…).where(…).where(ctx.holdsJob)` writes nothing once this
   * attempt has lost the job.
   */
  holdsJob: Expression<SqlBool>;
  /**
   * Records the attempt's effect with the job's success: `write`, a fenced statement (it carries
   * `ctx.holdsJob`), runs once the handler has returned — on SQLite inside the transaction that marks the
   * job succeeded (one commit for both, shared with the other jobs finishing at that moment), on PostgreSQL
   * just before it, as its own statement (one round trip; a transaction would cost three) or, for several
   * writes, in one transaction. Dropped if the handler throws. If a write fails, the attempt's writes are
   * undone and the attempt fails as if the handler had thrown.
   */
  onSuccess(write: (db: Db) => Promise<unknown>): void;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType, R = unknown> {
  kind: string;
  /** Shown in the UI; only kinds with a title can be run or scheduled by users. */
  title?: { 'pt-BR': string; en: string };
  payload: S;
  /** Attempts before the job is marked failed (default 5). */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  /** How long an attempt may go without a heartbeat before another worker may take it (default 60 s). */
  leaseMs?: number;
  /** On enqueue with a live unique key: keep the existing job (default) or replace its payload and time. */
  onDuplicate?: 'keep' | 'replace';
  /**
   * Plumbing, not a run anyone asked for (one message's delivery): left out of Execuções unless asked for
   * by kind. Its trace lives in its own module (the delivery log). Pools still count it.
   */
  hidden?: boolean;
  /**
   * The kind's schedules are kept by another module beside its own rows (a routine's agenda): Execuções →
   * Agendas lists them with a pointer to that page (`path`) and refuses to change, pause or delete them
   * there, so the two never disagree.
   */
  schedulesKeptBy?: { 'pt-BR': string; en: string; path: string };
  /**
   * Names the kind's runs in Execuções from their payloads (a routine's run: "Rotina: Aniversariantes do
   * dia"), queued or failed ones included; called once per listing with the office's runs of the kind, in
   * order. Null for a run it cannot name: the kind's `title` applies.
   */
  runTitles?: (
    /** Reads through this (the caller's transaction when it has one: SQLite has one connection). */
    db: Db,
    officeId: string,
    payloads: unknown[],
  ) => Promise<({ 'pt-BR': string; en: string } | null)[]>;
  run(payload: z.output<S>, ctx: JobContext): Promise<R>;
}

export type AnyJobDefinition = JobDefinition<z.ZodType, unknown>;

const registry = new Map<string, AnyJobDefinition>();

/**
 * Declares a job kind. Declaring does not register: the process's catalog (`src/server/catalog.ts`)
 * passes every kind to {@link registerJobs} at start, as graphile-worker takes its task list.
 *
 * @example
 * export const sendDigest = defineJob({
 *   kind: 'routines.daily-digest',
 *   payload: z.object({ officeId: z.string() }),
 *   async run({ officeId }, ctx) { await ctx.progress(50); return { sent: 3 }; },
 * });
 */
export function defineJob<S extends z.ZodType, R>(def: JobDefinition<S, R>): JobDefinition<S, R> {
  return def;
}

/** Makes job kinds known to this process (idempotent per definition; a kind defined twice throws). */
export function registerJobs(defs: readonly JobDefinition<z.ZodType, unknown>[]): void {
  for (const def of defs) {
    const existing = registry.get(def.kind);
    if (existing && existing !== def) throw new Error(`job kind ${def.kind} is defined twice`);
    registry.set(def.kind, def);
  }
}

export function jobDefinition(kind: string): AnyJobDefinition | undefined {
  return registry.get(kind);
}

export function jobKinds(): string[] {
  return [...registry.keys()].sort();
}

/** The kinds Execuções leaves out unless filtered by kind. */
export function hiddenJobKinds(): string[] {
  return [...registry.values()].filter((d) => d.hidden).map((d) => d.kind);
}

export const jobSettings = (def: AnyJobDefinition) => ({
  maxAttempts: def.maxAttempts ?? 5,
  backoff: def.backoff ?? defaultBackoff,
  leaseMs: def.leaseMs ?? 60_000,
  onDuplicate: def.onDuplicate ?? 'keep',
});

/** Called in the transaction that finishes a run, for modules that react to it (the summary e-mail). */
export type RunFinishedHook = (
  trx: Transaction<Database>,
  run: {
    id: string;
    kind: string;
    /** The run's name, its verdict and its summary, each in both languages (the recipient reads one). */
    title: { 'pt-BR': string; en: string };
    officeId: string;
    requestedBy: string;
    state: { 'pt-BR': string; en: string };
    summary: { 'pt-BR': string; en: string };
    finishedAt: string;
  },
  ctx: AppContext,
) => Promise<void>;

const runFinishedHooks: RunFinishedHook[] = [];

export function onRunFinished(hook: RunFinishedHook): void {
  runFinishedHooks.push(hook);
}

export const runFinishedListeners = (): readonly RunFinishedHook[] => runFinishedHooks;
