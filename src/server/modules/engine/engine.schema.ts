/**
 * engine — terminology:
 * - job: one unit of background work of a `kind` (a namespaced constant such as `routines.run`), with a
 *   payload validated by the kind's zod schema, a target worker pool, a due time (`run_at`) and a state.
 * - attempt: one try at running a job. Each claim mints a new `attempt_id`, the fencing token: only the
 *   holder of the current attempt may heartbeat, write fenced effects, or finish the job.
 * - lease: how long an attempt may run without a heartbeat (`locked_until`); an expired lease is rescued
 *   and the job is tried again.
 * - run (execução): a job as the office sees it: requester, progress, log lines, result summary.
 * - pool (servidor RPW): a named group of workers; a job targets one pool.
 * - worker: a process loop that claims jobs of its pools and runs them, `concurrency` at a time.
 *
 * States: queued → running → succeeded | queued (retry after backoff) | failed (attempts exhausted) |
 * dead (can never succeed: unknown kind, invalid payload, permanent error) | cancelled.
 */
import { z } from 'zod';
import { out } from '../../http/schemas.js';

export const jobStates = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'dead'] as const;
export type JobState = (typeof jobStates)[number];

export const poolName = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, - and _');

export const runSchema = z.object({
  id: z.string(),
  officeId: z.string().nullable(),
  kind: z.string(),
  pool: z.string(),
  priority: z.number().int(),
  state: z.enum(jobStates),
  runAt: out.dateTime,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  progress: z.number().int(),
  progressMessage: z.string().nullable(),
  result: z.unknown().nullable(),
  error: z.string().nullable(),
  requestedBy: z.string().nullable(),
  requestedByName: z.string().nullable(),
  scheduleId: z.string().nullable(),
  /** The run's own name (a routine's run: the routine's title), when its kind gives one; else null. */
  title: z.object({ 'pt-BR': z.string(), en: z.string() }).nullable(),
  cancelRequested: z.boolean(),
  createdAt: out.dateTime,
  startedAt: out.dateTime.nullable(),
  finishedAt: out.dateTime.nullable(),
  durationMs: z.number().nullable(),
});
export type Run = z.infer<typeof runSchema>;

export const runLogSchema = z.object({
  at: out.dateTime,
  level: z.enum(['info', 'warn', 'error']),
  message: z.string(),
});

export const poolSchema = z.object({
  name: z.string(),
  description: z.string().nullable(),
  queued: z.number().int(),
  running: z.number().int(),
  succeededLastHour: z.number().int(),
  failedLastHour: z.number().int(),
  workers: z.array(
    z.object({
      id: z.string(),
      host: z.string(),
      pid: z.number().int(),
      concurrency: z.number().int(),
      running: z.number().int(),
      processed: z.number().int(),
      startedAt: out.dateTime,
      lastSeenAt: out.dateTime,
    }),
  ),
});
export type Pool = z.infer<typeof poolSchema>;
