import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/schema.js';
import type { AppError } from '../../http/errors.js';
import {
  createSchedule,
  type JobContext,
  listSchedules,
  occurrenceOfJob,
  PermanentJobError,
} from '../engine/index.js';
import { getOffice } from '../platform/index.js';

/**
 * A daily office job's office and the time its occurrence was meant for: a scheduled run caught up after an
 * outage works for the day it was due, not the day it runs. A job with no office fails for good (`missing`).
 * (Collection's daily reminders have the same start; the engine is this helper's natural home.)
 */
export async function officeOccurrence(ctx: JobContext, missing: () => AppError) {
  const officeId = ctx.job.officeId;
  if (!officeId) throw new PermanentJobError(missing());
  const office = await getOffice(ctx.app, officeId);
  const at =
    (ctx.job.scheduleId && (await occurrenceOfJob(ctx.app.db, ctx.job.scheduleId, ctx.job.id))) ||
    ctx.job.runAt;
  return { officeId, office, at };
}

/**
 * The office's schedule of a daily job at `time` (office time, every day, a missed day run once), created
 * the first time; its id.
 */
export async function ensureDailySchedule(
  ctx: AppContext,
  officeId: string,
  job: { kind: string; name: string; time: string },
  trx?: Transaction<Database>,
): Promise<string> {
  const existing = (await listSchedules(ctx, officeId)).find((s) => s.kind === job.kind);
  if (existing) return existing.id;
  const s = await createSchedule(
    ctx,
    { officeId, userId: null },
    {
      name: job.name,
      kind: job.kind,
      payload: {},
      pool: 'default',
      spec: { type: 'daily', times: [job.time], nonBusinessDay: 'keep' },
      misfirePolicy: 'once',
      misfireCap: 10,
    },
    trx,
  );
  return s.id;
}
