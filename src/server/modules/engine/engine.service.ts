import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { JobRow } from '../../db/schema.js';
import { toFieldIssues } from '../../http/validation.js';
import { newId } from '../../ids.js';
import { type AnyJobDefinition, type JobDefinition, jobDefinition, jobSettings } from './define-job.js';
import { EngineError } from './engine.errors.js';
import { insertJob, insertJobs } from './sql/enqueue-job.js';
import { wakeWorkers } from './wake.js';

export interface EnqueueOptions {
  officeId?: string | null;
  pool?: string;
  /** Higher runs first (default 0). */
  priority?: number;
  /** Not before this time (default: now). */
  runAt?: Date;
  /** At most one live job per key; see the kind's `onDuplicate`. */
  uniqueKey?: string | null;
  maxAttempts?: number;
  requestedBy?: string | null;
  scheduleId?: string | null;
}

/** Builds a validated job row. Throws a clear error for an unknown kind, pool or an invalid payload. */
function buildRow(ctx: AppContext, def: AnyJobDefinition, payload: unknown, o: EnqueueOptions): JobRow {
  const parsed = def.payload.safeParse(payload, { reportInput: true });
  if (!parsed.success) {
    throw new EngineError('invalid_payload', { fields: toFieldIssues(parsed.error.issues, ['payload']) });
  }
  const now = ctx.clock.now();
  const settings = jobSettings(def);
  return {
    id: newId(),
    office_id: o.officeId ?? null,
    kind: def.kind,
    payload: JSON.stringify(payload),
    pool: o.pool ?? 'default',
    priority: o.priority ?? 0,
    state: 'queued',
    run_at: (o.runAt ?? now).toISOString(),
    attempts: 0,
    max_attempts: o.maxAttempts ?? settings.maxAttempts,
    unique_key: o.uniqueKey ?? null,
    attempt_id: null,
    locked_by: null,
    locked_until: null,
    cancel_requested: 0,
    progress: 0,
    progress_message: null,
    progress_message_en: null,
    result: null,
    error: null,
    requested_by: o.requestedBy ?? null,
    schedule_id: o.scheduleId ?? null,
    created_at: now.toISOString(),
    started_at: null,
    finished_at: null,
    updated_at: now.toISOString(),
  };
}

export async function assertPool(db: Db, pool: string): Promise<void> {
  const row = await db.selectFrom('worker_pools').select('name').where('name', '=', pool).executeTakeFirst();
  if (!row) throw new EngineError('unknown_pool', { params: { pool } });
}

/**
 * Pools seen to exist, per process (per application context). Pools are never deleted (and `jobs.pool` is
 * a foreign key besides), so a pool once seen stays valid; an unknown pool is never cached and is refused
 * with a clear error each time.
 */
const knownPools = new WeakMap<AppContext, Set<string>>();

async function assertPoolKnown(ctx: AppContext, db: Db, pool: string): Promise<void> {
  const known = knownPools.get(ctx);
  if (known?.has(pool)) return;
  await assertPool(db, pool);
  if (known) known.add(pool);
  else knownPools.set(ctx, new Set([pool]));
}

/**
 * Enqueues a job inside the caller's transaction (`db` may be a transaction or the root handle): the job
 * exists if and only if that transaction commits.
 *
 * @example
 * await writeTransaction(app, async (trx) => {
 *   await saveSomething(trx);
 *   await enqueue(app, trx, sendDigest, { officeId }, { uniqueKey: `digest:${officeId}:${day}` });
 * });
 */
export async function enqueue<S extends z.ZodType>(
  ctx: AppContext,
  db: Db,
  def: JobDefinition<S, unknown>,
  payload: z.input<S>,
  options: EnqueueOptions = {},
): Promise<{ id: string; created: boolean }> {
  const registered = jobDefinition(def.kind);
  if (!registered) throw new EngineError('unknown_kind', { params: { kind: def.kind } });
  const row = buildRow(ctx, registered, payload, options);
  await assertPoolKnown(ctx, db, row.pool);
  try {
    const out = await insertJob(db, ctx.dialect, row, jobSettings(registered).onDuplicate);
    if (out.created) wakeWorkers(row.pool);
    return out;
  } catch (err) {
    // Two enqueues raced on one unique key: the other one won; ours is the same logical job.
    if (isUniqueViolation(err) && row.unique_key) {
      const live = await db
        .selectFrom('jobs')
        .select('id')
        .where('unique_key', '=', row.unique_key)
        .executeTakeFirst();
      if (live) return { id: live.id, created: false };
    }
    throw err;
  }
}

/** Enqueues by kind name (for the HTTP API and schedules, whose kinds are data). */
export async function enqueueKind(
  ctx: AppContext,
  db: Db,
  kind: string,
  payload: unknown,
  options: EnqueueOptions = {},
): Promise<{ id: string; created: boolean }> {
  const def = jobDefinition(kind);
  if (!def) throw new EngineError('unknown_kind', { params: { kind } });
  return enqueue(ctx, db, def, payload as never, options);
}

/**
 * A validated job row for `enqueueRows`, built ahead of the transaction that inserts it (its id is known
 * at once). Throws a clear error for an unknown kind or an invalid payload.
 */
export function prepareJob(
  ctx: AppContext,
  kind: string,
  payload: unknown,
  options: EnqueueOptions = {},
): JobRow {
  const def = jobDefinition(kind);
  if (!def) throw new EngineError('unknown_kind', { params: { kind } });
  return buildRow(ctx, def, payload, options);
}

/**
 * Enqueues prepared jobs in bulk inside the caller's transaction (the scheduler's occurrences, say). Rows
 * whose unique key a live job already holds are skipped; returns the ids inserted. The kinds' `replace`
 * policy does not apply here: a bulk enqueue never replaces.
 */
export async function enqueueRows(ctx: AppContext, db: Db, rows: readonly JobRow[]): Promise<Set<string>> {
  for (const pool of new Set(rows.map((r) => r.pool))) await assertPoolKnown(ctx, db, pool);
  const inserted = await insertJobs(db, ctx.dialect, rows);
  for (const pool of new Set(rows.filter((r) => inserted.has(r.id)).map((r) => r.pool))) wakeWorkers(pool);
  return inserted;
}

/**
 * Enqueues many jobs of one kind in bulk inside the caller's transaction: one INSERT per 500 jobs (and on
 * PostgreSQL one NOTIFY per pool per transaction). Payloads are validated first; a job whose unique key a
 * live job holds is skipped. Returns the ids inserted.
 *
 * @example
 * await enqueueMany(app, trx, deliverMessage, ids.map((id) => ({ payload: { messageId: id } })));
 */
export async function enqueueMany<S extends z.ZodType>(
  ctx: AppContext,
  db: Db,
  def: JobDefinition<S, unknown>,
  items: readonly { payload: z.input<S>; options?: EnqueueOptions }[],
): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const registered = jobDefinition(def.kind);
  if (!registered) throw new EngineError('unknown_kind', { params: { kind: def.kind } });
  const rows = items.map((i) => buildRow(ctx, registered, i.payload, i.options ?? {}));
  return enqueueRows(ctx, db, rows);
}
