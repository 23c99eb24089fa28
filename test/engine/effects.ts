import type { Transaction } from 'kysely';
import type { Database } from '../../src/server/db/schema.js';
import type { JobContext } from '../../src/server/modules/engine/index.js';

/**
 * Writes a job's effect inside its fenced transaction: one `job_logs` row, by default keyed by the job and
 * the attempt, so the tests can count effects and see that an attempt never writes twice.
 */
export function writeEffect(
  trx: Transaction<Database>,
  ctx: JobContext,
  message: string,
  id = `${ctx.job.id}:${ctx.job.attempt}`,
) {
  return trx
    .insertInto('job_logs')
    .values({
      id,
      job_id: ctx.job.id,
      at: ctx.clock.now().toISOString(),
      level: 'info',
      message,
    })
    .execute();
}
