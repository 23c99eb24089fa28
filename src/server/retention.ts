import type { AppContext } from './context.js';
import { pruneFinishedJobs } from './modules/engine/index.js';
import { redactOldMessages } from './modules/messaging/index.js';
import { deleteExpiredSessions } from './modules/platform/index.js';

/** What one pass of retention removed. */
export interface RetentionResult {
  /** Finished runs older than JOB_RETENTION_DAYS (a daily summary is kept). */
  runs: number;
  /** Message bodies older than MESSAGE_BODY_RETENTION_DAYS, redacted (delivery metadata kept). */
  bodies: number;
  /** Sessions past their expiry: useless to anyone, but each holds a user's id and address. */
  sessions: number;
}

/**
 * One pass of retention, run by the background roles every few hours (background.ts); each step is one
 * idempotent statement, safe in several processes at once.
 */
export async function applyRetention(ctx: AppContext): Promise<RetentionResult> {
  const runs = await pruneFinishedJobs(ctx, ctx.config.jobRetentionDays);
  const bodies = await redactOldMessages(ctx, ctx.config.messageBodyRetentionDays);
  const sessions = await deleteExpiredSessions(ctx.db, ctx.clock.now());
  return { runs, bodies, sessions };
}
