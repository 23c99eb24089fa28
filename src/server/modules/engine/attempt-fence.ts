import { type Expression, type SqlBool, sql } from 'kysely';

/** An attempt as its fence names it: the job, and the attempt id its claim minted. */
export interface FencedAttempt {
  jobId: string;
  attemptId: string;
}

const attempts = new WeakMap<object, FencedAttempt>();

/**
 * The fence of an attempt (`ctx.holdsJob`): true while the job is running under this very attempt. The
 * condition remembers its attempt (`attemptOfFence`), so that a statement written for many attempts at once
 * can fence each row by its attempt's ids as values — one SQL text however many attempts it serves, which
 * PostgreSQL can prepare once — rather than by one copy of the condition per attempt.
 */
export function attemptFence(attempt: FencedAttempt): Expression<SqlBool> {
  const fence = holdsAttempt(sql`${attempt.jobId}`, sql`${attempt.attemptId}`);
  attempts.set(fence, { jobId: attempt.jobId, attemptId: attempt.attemptId });
  return fence;
}

/**
 * The attempt a fence made by `attemptFence` stands for; undefined for any other condition (the caller then
 * writes the condition itself into its statement). A statement that uses the ids tests them with `holdsAttempt`,
 * the fence's own condition.
 */
export function attemptOfFence(fence: Expression<SqlBool>): FencedAttempt | undefined {
  return attempts.get(fence);
}

/**
 * The fence's condition over ids that the statement computes (a row's position in arrays of ids, say): true
 * while job `jobId` runs under attempt `attemptId` — what `attemptFence` tests for one attempt's ids.
 */
export function holdsAttempt(
  jobId: Expression<unknown>,
  attemptId: Expression<unknown>,
): Expression<SqlBool> {
  return sql<SqlBool>`exists (select 1 from jobs where jobs.id = ${jobId} and jobs.attempt_id = ${attemptId} and jobs.state = 'running')`;
}
