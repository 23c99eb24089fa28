import { hostname } from 'node:os';
import { type SqlBool, sql, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { isDatabaseUnreachable } from '../../db/errors.js';
import type { Database, JobsTable } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { interpolate, type Lang, type Localized } from '../../http/i18n.js';
import { newId } from '../../ids.js';
import { notifyUser } from '../platform/index.js';
import { attemptFence } from './attempt-fence.js';
import { backoffDelay } from './backoff.js';
import {
  type JobContext,
  jobDefinition,
  jobSettings,
  runFinishedListeners,
  runTextColumns,
} from './define-job.js';
import { LeaseLostError, PermanentJobError } from './engine.errors.js';
import { engineEvents } from './engine-events.js';
import { groupedRowOf } from './grouped-write.js';
import { persist } from './persist.js';
import { listenForJobs } from './pg-listen.js';
import { runTexts } from './run-texts.js';
import { type ClaimedJob, claimJobs } from './sql/claim-jobs.js';
import { type Attempt, finishAttempt, finishAttempts, type Progress, renewLease } from './sql/finish-job.js';
import { takingFromAttempt } from './sql/lock-running.js';
import { rescueDeadWorkers, rescueOtherProcesses } from './sql/rescue-dead-workers.js';
import { rescueExpiredLeases } from './sql/rescue-expired.js';
import { saveProgress } from './sql/save-progress.js';
import { onWake } from './wake.js';
import { acquireWorkerLock, type WorkerLock } from './worker-lock.js';

/** The workers made in this process: on SQLite, the jobs they hold are never another process's. */
const liveWorkers = new Set<string>();

export interface WorkerOptions {
  /** The pools this worker serves (default: `['default']`). */
  pools?: string[];
  /** Jobs run at once (default 4). */
  concurrency?: number;
  /** How often an idle worker looks for due jobs (default 1 s); wake-ups make it sooner. */
  pollIntervalMs?: number;
  /** How often dead workers' jobs and expired leases are rescued (default 1 s). */
  rescueIntervalMs?: number;
  /** How often the worker's own heartbeat row (`workers`) is refreshed (default 1 s). */
  presenceIntervalMs?: number;
  /** A worker whose heartbeat is older than this is dead and its jobs are rescued (default 4 heartbeats). */
  deadAfterMs?: number;
  id?: string;
}

type AbortReason = 'cancelled' | 'lease-lost' | 'shutdown';

/**
 * An AbortController made on first use: most jobs never look at `ctx.signal` and are never aborted, and
 * a controller with its signal costs more than a no-op job. Its reason is readable without one.
 */
class LazyAbort {
  #controller: AbortController | null = null;
  reason: AbortReason | null = null;

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.reason) this.#controller.abort(this.reason);
    }
    return this.#controller.signal;
  }

  abort(reason: AbortReason): void {
    if (this.reason) return;
    this.reason = reason;
    this.#controller?.abort(reason);
  }
}

interface Active {
  attempt: Attempt;
  abort: LazyAbort;
  promise: Promise<void>;
}

/** A short, readable summary of a run's result for notifications (`summary` when the handler gives one). */
/** A finished run's summary in both languages: its error, else its result's summary (and English twin). */
function runSummary(result: string | null, error: string | null): Localized {
  const parsed = result ? (JSON.parse(result) as unknown) : null;
  const stored = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  const twin = (pt: string, en: unknown): Localized => ({
    'pt-BR': pt,
    en: typeof en === 'string' ? en : pt,
  });
  if (error) return twin(error, stored.errorEn);
  if (!result) return runTexts.noResult;
  if ('summary' in stored) return twin(String(stored.summary), stored.summaryEn);
  return twin(result.slice(0, 500), null);
}

/** A handler's progress is written at most this often (and at the heartbeat). */
const PROGRESS_SAVE_MS = 1000;

/** `job_logs.seq` of an attempt's lines: attempt × this + line number (lines past it share the last). */
const LOG_LINES_PER_ATTEMPT = 1_000_000;

/** The lease a claim grants; kinds with another `leaseMs` renew to theirs at once. */
const CLAIM_LEASE_MS = 60_000;
/**
 * SQLite: how long a finish may wait for others to share its commit. A commit writes every page its
 * transaction touched, and the finishes, success writes and refilling claim of a group touch mostly the same
 * pages: under load, groups of four halve the commits and cut a tenth of a delivery's CPU. A job running
 * alone is finished at once.
 */
const GROUP_COMMIT_WINDOW_MS = 3;

/**
 * PostgreSQL: how long freed slots may wait for others before they are claimed (`#gathering`). Well under
 * a delivery's own time, so the slots idle little, and long enough for a group of short jobs to finish.
 */
const CLAIM_GATHER_MS = 5;

/** A job whose attempt failed because the database was unreachable runs again this soon. */
const UNREACHABLE_RETRY_MS = 1000;

interface PendingFinish {
  job: ClaimedJob;
  attempt: Attempt;
  set: Partial<JobsTable> & { state: JobsTable['state'] };
  /** The handler's success writes (`ctx.onSuccess`), applied in the finishing transaction (SQLite). */
  writes: SuccessWrite[];
  resolve(held: boolean): void;
  reject(err: unknown): void;
}

type SuccessWrite = (db: Db) => Promise<unknown>;

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 4000);

/**
 * Claims due jobs of its pools and runs them, `concurrency` at a time, renewing each attempt's lease by
 * heartbeat. On PostgreSQL any number of workers may run on any number of machines; on SQLite, one process.
 */
export class Worker {
  readonly id: string;
  readonly pools: string[];
  readonly concurrency: number;
  #app: AppContext;
  #opts: Required<Omit<WorkerOptions, 'id' | 'pools' | 'concurrency'>>;
  #active = new Map<string, Active>();
  #stopping = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  /** Set by a wake-up that came while the loop was busy (claiming), so the loop does not sleep through it. */
  #poked = false;
  /** Slots promised to claims in flight, so two claims never fill the same free slot. */
  #claiming = 0;
  /** Slots in use: jobs started and not yet released (see `#startJob`). */
  #occupied = 0;
  #timers: NodeJS.Timeout[] = [];
  #unsubscribe: (() => void) | null = null;
  #processed = 0;
  #lastRescue = 0;
  /** PostgreSQL: since when (performance.now()) freed slots wait to be claimed together (`#gathering`). */
  #gatherSince: number | null = null;
  #gatherTimer: NodeJS.Timeout | null = null;
  #lock: WorkerLock | null = null;
  /**
   * Since when (clock ms) this worker's heartbeat has reached the database without a failure: 0 until a
   * heartbeat fails (the database was always reachable), null while they fail.
   */
  #reachableSince: number | null = 0;

  constructor(ctx: AppContext, options: WorkerOptions = {}) {
    this.#app = ctx;
    this.id = options.id ?? `${hostname()}:${process.pid}:${newId().slice(-6)}`;
    this.pools = options.pools ?? ['default'];
    this.concurrency = options.concurrency ?? 4;
    this.#opts = {
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      rescueIntervalMs: options.rescueIntervalMs ?? 1000,
      presenceIntervalMs: options.presenceIntervalMs ?? 1000,
      deadAfterMs: options.deadAfterMs ?? 4 * (options.presenceIntervalMs ?? 1000),
    };
    liveWorkers.add(this.id);
  }

  get running(): number {
    return this.#active.size;
  }

  /** Starts the claim loop in the background. */
  start(): void {
    if (this.#loop) return;
    const wake = (pool: string) => {
      if (this.pools.includes(pool)) this.#poke();
    };
    const offLocal = onWake(wake);
    const offRemote = this.#app.dialect === 'postgres' ? listenForJobs(this.#app, wake) : null;
    this.#unsubscribe = () => {
      offLocal();
      void offRemote?.();
    };
    this.#timers.push(
      setInterval(() => void this.#presence().catch(() => {}), this.#opts.presenceIntervalMs),
    );
    // The heartbeat row exists before the first claim, so that a worker that dies at once is seen dead.
    this.#loop = this.#presence()
      .catch(() => {})
      .then(() => this.#takeOver())
      .catch((err: unknown) => this.#app.log.error({ err, worker: this.id }, 'take-over failed'))
      .then(() => this.#run());
  }

  /**
   * SQLite: the first worker of a process takes the database's worker lock; when it is free, every process
   * that ran workers before is gone (a restart after a crash), and their jobs are rescued at once.
   */
  async #takeOver(): Promise<void> {
    if (this.#app.dialect !== 'sqlite') return;
    this.#lock = await acquireWorkerLock(this.#app.db);
    if (!this.#lock?.fresh) return;
    const rescued = await rescueOtherProcesses(this.#app.db, this.#app.clock.now(), [...liveWorkers]);
    if (rescued) this.#app.log.warn({ rescued, worker: this.id }, 'jobs of the previous process rescued');
  }

  /** Wakes the claim loop now, or — when it is busy — as soon as it is done. */
  #poke(): void {
    this.#poked = true;
    this.#wake?.();
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      this.#poked = false;
      let claimed = 0;
      try {
        claimed = await this.#claimAndStart();
      } catch (err) {
        this.#app.log.error({ err, worker: this.id }, 'claim failed');
      }
      if (this.#stopping) break;
      if (claimed > 0 && this.#free() > 0) continue;
      if (this.#poked) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.#opts.pollIntervalMs);
        this.#wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.#wake = null;
    }
  }

  /** Slots neither running a job nor promised to a claim in flight. */
  #free(): number {
    return this.concurrency - this.#occupied - this.#claiming;
  }

  async #claimAndStart(): Promise<number> {
    const now = this.#app.clock.now();
    if (now.getTime() - this.#lastRescue >= this.#opts.rescueIntervalMs) {
      this.#lastRescue = now.getTime();
      // After this worker itself could not reach the database (a restart), the others' heartbeats are as
      // old as its own: none is declared dead until they have had `deadAfterMs` to beat again.
      const since = this.#reachableSince;
      if (since !== null && now.getTime() - since >= this.#opts.deadAfterMs) {
        const dead = await rescueDeadWorkers(this.#app.db, now, this.#opts.deadAfterMs, [...liveWorkers]);
        if (dead) this.#app.log.warn({ rescued: dead, worker: this.id }, 'jobs of dead workers rescued');
      }
      const rescued = await rescueExpiredLeases(this.#app.db, now);
      if (rescued) this.#app.log.warn({ rescued, worker: this.id }, 'expired leases rescued');
    }
    const limit = this.#free();
    if (limit <= 0) return 0;
    if (this.#gathering(limit)) return 0;
    this.#claiming += limit;
    try {
      const jobs = await this.#claim(this.#app.db, limit);
      for (const job of jobs) {
        engineEvents.jobStarted(job.kind, now.getTime() - new Date(job.run_at).getTime());
        this.#startJob(job);
      }
      return jobs.length;
    } finally {
      this.#claiming -= limit;
    }
  }

  /**
   * PostgreSQL: whether to wait before claiming for `free` slots. Short jobs free their slots one at a time,
   * and claiming each slot as it frees costs a claim, a read and a take per job — three statements (and
   * commits) where one per group would do. While other jobs run, the worker waits until a quarter of its
   * slots are free, or `CLAIM_GATHER_MS` since the first one freed, then claims them in one statement. An idle
   * worker, one of four slots or fewer, and SQLite (whose finishes refill their slots in the same commit)
   * claim at once.
   */
  #gathering(free: number): boolean {
    const group = Math.floor(this.concurrency / 4);
    if (this.#app.dialect !== 'postgres' || this.#occupied === 0 || free >= group) {
      this.#gatherSince = null;
      return false;
    }
    const now = performance.now();
    this.#gatherSince ??= now;
    const left = this.#gatherSince + CLAIM_GATHER_MS - now;
    if (left <= 0) {
      this.#gatherSince = null;
      return false;
    }
    if (!this.#gatherTimer) {
      this.#gatherTimer = setTimeout(() => {
        this.#gatherTimer = null;
        this.#poke();
      }, left);
    }
    return true;
  }

  /**
   * Claims up to `limit` jobs through `db` (a transaction, or the root handle). The caller reserves the
   * slots (`#claiming`) until it has started the jobs.
   */
  #claim(db: Db, limit: number): Promise<ClaimedJob[]> {
    return claimJobs(db, this.#app.dialect, {
      workerId: this.id,
      pools: this.pools,
      limit,
      now: this.#app.clock.now(),
      leaseMs: CLAIM_LEASE_MS,
    });
  }

  #startJob(job: ClaimedJob): void {
    const attempt: Attempt = { jobId: job.id, attemptId: job.attempt_id! };
    const abort = new LazyAbort();
    const entry: Active = { attempt, abort, promise: Promise.resolve() };
    this.#occupied++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.#occupied--;
      this.#poke();
    };
    // PostgreSQL: a slot is free once its handler is done, so the next claim runs beside the finishing
    // write (on another connection) instead of after it. SQLite: at the end, when the finish's transaction
    // has claimed the next jobs itself.
    const handlerDone = this.#app.dialect === 'postgres' ? release : () => {};
    entry.promise = this.#execute(job, attempt, abort, handlerDone)
      .catch((err) => this.#app.log.error({ err, jobId: job.id }, 'job bookkeeping failed'))
      .finally(() => {
        this.#active.delete(job.id);
        this.#processed++;
        release();
        this.#poke();
      });
    this.#active.set(job.id, entry);
  }

  async #execute(
    job: ClaimedJob,
    attempt: Attempt,
    abort: LazyAbort,
    handlerDone: () => void,
  ): Promise<void> {
    const app = this.#app;
    // A child logger costs more than a no-op job: made on first use only.
    let child: Logger | null = null;
    const logger = () => {
      child ??= app.log.child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
      return child;
    };
    const def = jobDefinition(job.kind);
    const nowIso = () => app.clock.now().toISOString();
    let logLines = 0;
    if (!def) {
      await this.#finish(job, attempt, {
        state: 'dead',
        error: `unknown job kind ${job.kind}`,
        finished_at: nowIso(),
        updated_at: nowIso(),
      });
      return;
    }
    const settings = jobSettings(def);
    const parsed = def.payload.safeParse(JSON.parse(job.payload));
    if (!parsed.success) {
      await this.#finish(job, attempt, {
        state: 'dead',
        error: `invalid payload: ${parsed.error.message}`,
        finished_at: nowIso(),
        updated_at: nowIso(),
      });
      return;
    }

    const successWrites: SuccessWrite[] = [];
    let progress: Progress = {
      percent: job.progress,
      message: job.progress_message,
      messageEn: job.progress_message_en,
    };
    let progressDirty = false;
    let progressSavedAt = Number.NEGATIVE_INFINITY;
    const heartbeat = async () => {
      const r = await renewLease(
        app.db,
        attempt,
        app.clock.now(),
        settings.leaseMs,
        progressDirty ? progress : undefined,
      );
      progressDirty = false;
      if (!r.held) abort.abort('lease-lost' satisfies AbortReason);
      else if (r.cancelRequested) abort.abort('cancelled' satisfies AbortReason);
    };
    // The claim set the default lease; a kind with its own lease gets it at once.
    if (settings.leaseMs !== CLAIM_LEASE_MS) await heartbeat();
    // One heartbeat at a time: a renewal that is slow (a busy pool, a rescue holding the row) must not be
    // joined by more, each holding a pool connection while it waits, taken from the run and its deliveries.
    let beating = false;
    const beat = setInterval(
      () => {
        if (beating) return;
        beating = true;
        void heartbeat()
          .catch((err) => logger().warn({ err }, 'heartbeat failed'))
          .finally(() => {
            beating = false;
          });
      },
      Math.max(50, settings.leaseMs / 3),
    );

    const ctx: JobContext = {
      job: {
        id: job.id,
        kind: job.kind,
        officeId: job.office_id,
        attempt: job.attempts,
        requestedBy: job.requested_by,
        runAt: new Date(job.run_at),
        scheduleId: job.schedule_id,
      },
      app,
      clock: app.clock,
      get log() {
        return logger();
      },
      get signal() {
        return abort.signal;
      },
      progress: async (percent, message) => {
        const text = message === undefined ? null : runTextColumns(message, 500);
        progress = {
          percent: Math.max(0, Math.min(100, Math.round(percent))),
          message: text ? text.pt : progress.message,
          messageEn: text ? text.en : progress.messageEn,
        };
        progressDirty = true;
        // Saved at once, at most every PROGRESS_SAVE_MS (with the lease, in the heartbeat's statement), so
        // Execuções shows a long run's progress as it goes rather than at the next heartbeat.
        const t = performance.now();
        if (t - progressSavedAt >= PROGRESS_SAVE_MS) {
          const saved = await saveProgress(app.db, app.dialect, attempt, app.clock.now(), progress).catch(
            (err: unknown) => {
              logger().warn({ err }, 'progress not saved');
              return false;
            },
          );
          if (saved) {
            progressSavedAt = t;
            progressDirty = false;
          }
        }
      },
      logLine: async (level, message) => {
        // Numbered as the line is logged, before any await: lines written in one millisecond, or whose
        // inserts overtake each other, still read back in the order the handler wrote them. Each attempt
        // numbers from its own million, so a retry's lines follow the earlier attempt's.
        const seq = job.attempts * LOG_LINES_PER_ATTEMPT + Math.min(++logLines, LOG_LINES_PER_ATTEMPT - 1);
        await app.db
          .insertInto('job_logs')
          .values(() => {
            const text = runTextColumns(message, 4000);
            return {
              id: newId(),
              job_id: job.id,
              at: nowIso(),
              level,
              message: text.pt,
              message_en: text.en,
              seq,
            };
          })
          .execute();
      },
      holdsJob: attemptFence(attempt),
      tx: <T>(fn: (trx: Transaction<Database>) => Promise<T>) =>
        app.db.transaction().execute(async (trx) => {
          let q = trx
            .selectFrom('jobs')
            .select('id')
            .where('id', '=', attempt.jobId)
            .where('attempt_id', '=', attempt.attemptId)
            .where('state', '=', 'running');
          // Lock the job row so that the fence holds until commit: a rescue (`takingFromAttempt`, which locks
          // FOR UPDATE) waits for this transaction. A key-share lock, the weakest: a handler's transactions
          // may run several at once, and the attempt's heartbeats, progress saves and a user's cancel request
          // (updates of no key column) do not wait for them.
          if (app.dialect === 'postgres') q = q.forKeyShare();
          if (!(await q.executeTakeFirst())) throw new LeaseLostError(job.id);
          return fn(trx);
        }),
      onSuccess: (write) => {
        successWrites.push(write);
      },
    };

    try {
      const result = await def.run(parsed.data, ctx);
      clearInterval(beat);
      handlerDone();
      // PostgreSQL: grouped writes alone (grouped-write.ts) ride in the finishing statement, shared with
      // the other jobs finishing at that moment. Other success writes go just before the finish — one alone
      // as its own statement, several in one transaction, so that they stand or fall together. SQLite: in
      // the finishing transaction.
      // A database that is unreachable for a moment (a restart) does not undo a handler's work: the writes
      // are tried again (`persist`), and they are fenced by the attempt, so a repeat changes nothing.
      if (
        app.dialect === 'postgres' &&
        successWrites.length > 0 &&
        !successWrites.every((w) => groupedRowOf(w))
      ) {
        const writes = successWrites.splice(0);
        await persist(async () => {
          if (writes.length === 1) await writes[0]!(app.db);
          else
            await app.db.transaction().execute(async (trx) => {
              for (const write of writes) await write(trx);
            });
        });
      }
      const at = nowIso();
      const done = await this.#finish(
        job,
        attempt,
        {
          state: 'succeeded',
          result: result === undefined ? null : JSON.stringify(result),
          error: null,
          progress: 100,
          progress_message: progress.message,
          progress_message_en: progress.messageEn,
          finished_at: at,
          updated_at: at,
        },
        successWrites,
      );
      if (!done) logger().warn('stale attempt finished: result discarded');
    } catch (err) {
      clearInterval(beat);
      handlerDone();
      const reason = abort.reason;
      if (reason === 'lease-lost' || err instanceof LeaseLostError) {
        logger().warn('attempt lost its lease; outcome discarded');
        return;
      }
      if (reason === 'shutdown') return; // stop() released the job already
      if (reason === 'cancelled') {
        await this.#finish(job, attempt, {
          state: 'cancelled',
          error: 'cancelled',
          finished_at: nowIso(),
          updated_at: nowIso(),
        });
        return;
      }
      // A catalogued failure (a module's AppError, or one wrapped as permanent) has both languages: the
      // run stores the pt-BR text and logs both, so each reader reads it in theirs (AppError's own
      // `message` is the English one).
      const catalogued =
        err instanceof PermanentJobError ? err.messages : err instanceof AppError ? err.messages : null;
      const message = catalogued ? catalogued['pt-BR'].slice(0, 4000) : errorText(err);
      if (isDatabaseUnreachable(err)) {
        // Not the job's fault: back to the queue in a moment, the attempt not counted. Recorded once the
        // database answers again (`persist`), so the job resumes soon instead of when its lease expires.
        const done = await persist(() =>
          finishAttempt(app.db, attempt, {
            state: 'queued',
            attempts: Math.max(0, job.attempts - 1),
            error: message,
            run_at: new Date(app.clock.now().getTime() + UNREACHABLE_RETRY_MS).toISOString(),
            updated_at: nowIso(),
          }),
        );
        logger().warn({ err: message, requeued: done }, 'the database was unreachable; job requeued');
        return;
      }
      await ctx
        .logLine('error', catalogued ? { 'pt-BR': message, en: catalogued.en } : message)
        .catch(() => {});
      if (err instanceof PermanentJobError) {
        await this.#finish(job, attempt, {
          state: 'dead',
          error: message,
          // The English twin of a catalogued error, for `localizeRun`.
          ...(catalogued && { result: JSON.stringify({ errorEn: catalogued.en.slice(0, 4000) }) }),
          finished_at: nowIso(),
          updated_at: nowIso(),
        });
      } else if (job.attempts < job.max_attempts) {
        const delay = backoffDelay(settings.backoff, job.attempts);
        await persist(() =>
          finishAttempt(app.db, attempt, {
            state: 'queued',
            error: message,
            run_at: new Date(app.clock.now().getTime() + delay).toISOString(),
            updated_at: nowIso(),
          }),
        );
      } else {
        await this.#finish(job, attempt, {
          state: 'failed',
          error: message,
          ...(catalogued && { result: JSON.stringify({ errorEn: catalogued.en.slice(0, 4000) }) }),
          finished_at: nowIso(),
          updated_at: nowIso(),
        });
      }
      logger().info({ err: message }, 'job attempt failed');
    }
  }

  /** Finishes waiting for the next flush (one per event-loop turn). */
  #pending: PendingFinish[] = [];
  #flushTimer: NodeJS.Timeout | null = null;
  #flushQueued = false;
  /** PostgreSQL: a finishing statement is in flight (see `#scheduleFlush`). */
  #finishesInFlight = false;

  /**
   * Flushes at the next turn of the event loop once a group has gathered — on SQLite a quarter of the
   * worker's slots, or every job it is running; on PostgreSQL any finish — and otherwise, on SQLite, after
   * `GROUP_COMMIT_WINDOW_MS` at most.
   */
  #scheduleFlush(): void {
    // PostgreSQL: while a finishing statement is in flight, the finishes that arrive wait for it and go
    // out together when it returns (`#flushFinishes`): one statement per round trip, however many finish.
    if (this.#app.dialect === 'postgres' && this.#finishesInFlight) return;
    const group = this.#app.dialect === 'sqlite' ? Math.max(1, Math.floor(this.concurrency / 4)) : 1;
    if (this.#pending.length >= Math.min(group, this.#occupied)) {
      if (this.#flushTimer) clearTimeout(this.#flushTimer);
      this.#flushTimer = null;
      if (this.#flushQueued) return;
      this.#flushQueued = true;
      setImmediate(() => {
        this.#flushQueued = false;
        void this.#flushFinishes();
      });
    } else if (!this.#flushTimer && !this.#flushQueued) {
      this.#flushTimer = setTimeout(() => {
        this.#flushTimer = null;
        void this.#flushFinishes();
      }, GROUP_COMMIT_WINDOW_MS);
    }
  }

  /**
   * Finishes an attempt in a final state and, in the same transaction, tells the user who asked for the run.
   * Finishes that arrive together are written by one fenced statement (one commit for many jobs). Resolves
   * false for a stale attempt, whose outcome is discarded.
   */
  #finish(
    job: ClaimedJob,
    attempt: Attempt,
    set: PendingFinish['set'],
    writes: SuccessWrite[] = [],
  ): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ job, attempt, set, writes, resolve, reject });
      this.#scheduleFlush();
    });
  }

  async #flushFinishes(): Promise<void> {
    if (this.#app.dialect !== 'postgres') return this.#writeFinishes();
    if (this.#finishesInFlight || this.#pending.length === 0) return;
    this.#finishesInFlight = true;
    try {
      while (this.#pending.length > 0) await this.#writeFinishes();
    } finally {
      this.#finishesInFlight = false;
    }
  }

  async #writeFinishes(): Promise<void> {
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    const app = this.#app;
    const announce = batch.some(({ job }) => job.requested_by && job.office_id);
    // PostgreSQL: what is left of a finish's success writes is grouped writes, which ride in the finishing
    // statement (`finishAttempts`), with no transaction around it. SQLite: each job's in a savepoint.
    const pg = app.dialect === 'postgres';
    const writes = !pg && batch.some((p) => p.writes.length > 0);
    const withGrouped = (list: PendingFinish[]) =>
      pg ? list.map((p) => ({ ...p, grouped: p.writes.map((w) => groupedRowOf(w)!) })) : list;
    // SQLite: the slots these finishes free are refilled in the same transaction, so finishing and claiming
    // cost one commit instead of two. (PostgreSQL: a transaction would add round trips, not save them.)
    const refill =
      app.dialect === 'sqlite' && this.#loop !== null && !this.#stopping ? this.#free() + batch.length : 0;
    this.#claiming += refill;
    /** Finishes whose success writes failed: left out of the batch, rejected with their own error. */
    const failed = new Map<PendingFinish, unknown>();
    try {
      let claimed: ClaimedJob[] = [];
      let finishing = batch;
      // One fenced UPDATE for the whole batch. A run someone asked for also notifies them, in the same
      // transaction; a batch with none of those needs no transaction around its single statement.
      // While the database is unreachable (a restart), the finishes are tried again (`persist`): fenced,
      // so one that had committed before the connection broke changes nothing the second time.
      const held = await persist(() =>
        announce || writes || refill > 0
          ? app.db.transaction().execute(async (trx) => {
              failed.clear();
              claimed = [];
              // Each job's success writes in a savepoint of their own, before its finish: one that fails is
              // undone alone, and its job is not finished here.
              for (const p of batch) {
                if (pg || p.writes.length === 0) continue;
                await sql`savepoint success_writes`.execute(trx);
                try {
                  for (const write of p.writes) await write(trx);
                } catch (err) {
                  await sql`rollback to success_writes`.execute(trx);
                  failed.set(p, err);
                }
                await sql`release success_writes`.execute(trx);
              }
              finishing = failed.size ? batch.filter((p) => !failed.has(p)) : batch;
              const out = await finishAttempts(trx, app.dialect, withGrouped(finishing));
              for (const [i, { job, set }] of finishing.entries()) {
                if (out[i]) await this.#announce(trx, job, set);
              }
              if (refill > 0 && !this.#stopping) {
                // A failed claim must not undo the finishes (on SQLite a failed statement leaves the
                // transaction open); the claim loop tries again.
                claimed = await this.#claim(trx, refill).catch((err: unknown) => {
                  app.log.error({ err, worker: this.id }, 'claim failed');
                  return [];
                });
              }
              return out;
            })
          : finishAttempts(app.db, app.dialect, withGrouped(batch)),
      );
      // Committed: the claimed jobs are ours. Started before the finished ones leave `#active`, within the
      // slots reserved above.
      for (const job of claimed) this.#startJob(job);
      for (const [i, p] of finishing.entries()) p.resolve(held[i]!);
      for (const [p, err] of failed) p.reject(err);
    } catch (err) {
      this.#claiming -= refill;
      // PostgreSQL: a statement that carried grouped writes for several jobs and failed (not for want of the
      // database) is tried again job by job, so that one job's failing write fails only that job.
      if (pg && batch.length > 1 && batch.some((p) => p.writes.length > 0) && !isDatabaseUnreachable(err)) {
        await Promise.all(batch.map((p) => this.#finishAlone(p)));
        return;
      }
      // Nothing was written: the jobs stay running until their leases expire, then run again.
      for (const p of batch) p.reject(err);
      return;
    }
    this.#claiming -= refill;
  }

  /** PostgreSQL: one finish in a statement of its own (its grouped writes with it); see `#flushFinishes`. */
  async #finishAlone(p: PendingFinish): Promise<void> {
    const app = this.#app;
    const item = { ...p, grouped: p.writes.map((w) => groupedRowOf(w)!) };
    try {
      const [held] = await persist(() =>
        p.job.requested_by && p.job.office_id
          ? app.db.transaction().execute(async (trx) => {
              const out = await finishAttempts(trx, app.dialect, [item]);
              if (out[0]) await this.#announce(trx, p.job, p.set);
              return out;
            })
          : finishAttempts(app.db, app.dialect, [item]),
      );
      p.resolve(held!);
    } catch (err) {
      p.reject(err);
    }
  }

  /** Tells the user who asked for a run how it ended, and calls the run-finished hooks (in `trx`). */
  async #announce(trx: Transaction<Database>, job: ClaimedJob, set: PendingFinish['set']): Promise<void> {
    if (!job.requested_by || !job.office_id) return;
    const app = this.#app;
    const def = jobDefinition(job.kind);
    // The run's name as Execuções shows it (a routine's run: its routine's), read in this transaction.
    const named = def?.runTitles
      ? (await def.runTitles(trx, job.office_id, [JSON.parse(job.payload) as unknown]))[0]
      : null;
    const title = named ?? def?.title ?? { 'pt-BR': job.kind, en: job.kind };
    const verdict = runTexts.verdict[set.state as keyof typeof runTexts.verdict];
    const summary = runSummary(set.result ?? null, set.error ?? null);
    // In both languages: the notification is stored in its recipient's (notifyUser), so is the e-mail.
    const heading = (lang: Lang) =>
      interpolate(runTexts.finishedTitle[lang], { verdict: verdict[lang], title: title[lang] });
    await notifyUser(trx, {
      officeId: job.office_id,
      userId: job.requested_by,
      title: { 'pt-BR': heading('pt-BR'), en: heading('en') },
      body: summary,
      link: `/runs/${job.id}`,
      at: app.clock.now(),
    });
    for (const hook of runFinishedListeners()) {
      await hook(
        trx,
        {
          id: job.id,
          kind: job.kind,
          title,
          officeId: job.office_id,
          requestedBy: job.requested_by,
          state: verdict,
          summary,
          finishedAt: app.clock.now().toISOString(),
        },
        app,
      );
    }
  }

  async #presence(): Promise<void> {
    const now = this.#app.clock.now().toISOString();
    const values = {
      pools: JSON.stringify(this.pools),
      concurrency: this.concurrency,
      running: this.#active.size,
      processed: this.#processed,
      last_seen_at: now,
    };
    try {
      await this.#app.db
        .insertInto('workers')
        .values({ id: this.id, host: hostname(), pid: process.pid, started_at: now, ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    } catch (err) {
      if (isDatabaseUnreachable(err)) this.#reachableSince = null;
      throw err;
    }
    this.#reachableSince ??= this.#app.clock.now().getTime();
  }

  /**
   * Claims and runs what is due now, waiting until those jobs finish. Deterministic driving for tests and
   * the CLI; does not need `start()`.
   */
  async runOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.#claimAndStart();
      total += n;
      await Promise.all([...this.#active.values()].map((a) => a.promise));
      if (n === 0) return total;
    }
  }

  /**
   * Graceful drain: stop claiming, let running jobs finish for up to `graceMs`, then release the rest to the
   * queue (their attempt does not count). Call again to force.
   */
  async stop(graceMs = 30_000): Promise<void> {
    const forced = this.#stopping;
    this.#stopping = true;
    this.#wake?.();
    this.#unsubscribe?.();
    if (this.#gatherTimer) clearTimeout(this.#gatherTimer);
    this.#gatherTimer = null;
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    const pending = [...this.#active.values()];
    if (!forced && pending.length) {
      await Promise.race([
        Promise.all(pending.map((a) => a.promise)),
        new Promise((r) => setTimeout(r, graceMs).unref()),
      ]);
    }
    // Release what is still running: the attempt does not count, and clearing its fence means a handler that
    // ignores the abort can no longer write effects or finish the job.
    const now = this.#app.clock.now().toISOString();
    for (const a of this.#active.values()) {
      a.abort.abort('shutdown' satisfies AbortReason);
      await this.#app.db
        .updateTable('jobs')
        .set((eb) => ({
          state: 'queued',
          attempts: eb('attempts', '-', 1),
          attempt_id: null,
          locked_by: null,
          locked_until: null,
          updated_at: now,
        }))
        .where('id', '=', a.attempt.jobId)
        .where('attempt_id', '=', a.attempt.attemptId)
        .where('state', '=', 'running')
        // Waits for the attempt's open `ctx.tx` (PostgreSQL): none commits effects after the release.
        .where(takingFromAttempt(this.#app.db, sql<SqlBool>`id = ${a.attempt.jobId}`))
        .execute();
    }
    await Promise.race([
      Promise.all([...this.#active.values()].map((a) => a.promise)),
      new Promise((r) => setTimeout(r, 1000).unref()),
    ]);
    await this.#loop;
    await this.#app.db
      .deleteFrom('workers')
      .where('id', '=', this.id)
      .execute()
      .catch(() => {});
    liveWorkers.delete(this.id);
    this.#lock?.release();
    this.#lock = null;
  }
}
