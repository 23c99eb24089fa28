import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { GroupedWrite } from '../engine/index.js';

/**
 * A provider's acceptance of one message, to record: `sent`, when, and the provider's id for it — only over
 * the `sending` the attempt's take set, and only while the delivery's attempt holds its job, so a stale
 * attempt (rescued, its job run again elsewhere) records nothing.
 */
export interface Acceptance {
  id: string;
  providerId: string;
  at: string;
}

/** One acceptance, fenced by its delivery's attempt (`fence`: the job's `holdsJob`). */
function recordOne(db: Db, a: Acceptance, fence: Expression<SqlBool>) {
  return db
    .updateTable('messages')
    .set({ status: 'sent', sent_at: a.at, provider_message_id: a.providerId, error: null, updated_at: a.at })
    .where('id', '=', a.id)
    .where('status', '=', 'sending')
    .where(fence)
    .execute();
}

/**
 * The acceptances of deliveries, recorded with their jobs' success (`ctx.onSuccess(groupedWrite(acceptances,
 * …))`). SQLite: each as one fenced statement in the transaction that finishes its job. PostgreSQL: the
 * acceptances of every delivery finishing at that moment are one `UPDATE … FROM jsonb_to_recordset(…)` in the
 * `WITH` of the statement that finishes their jobs, over the jobs it did finish — so an acceptance is recorded
 * exactly when its job is finished by the attempt that made the call, in the same commit, with no statement
 * of its own before the finish (engine/grouped-write.ts).
 */
export const acceptances: GroupedWrite<Acceptance> = {
  one: recordOne,
  many(rows, finished) {
    const json = JSON.stringify(
      rows.map(({ jobId, row }) => ({ id: row.id, job_id: jobId, at: row.at, provider_id: row.providerId })),
    );
    // `messages.id = any(…)`: the rows by primary key (the join alone may read the table). The array goes
    // through a one-row subquery, so that no plan sees its length and the finishing statement's generic
    // plan costs what a custom one does (PostgreSQL then stops planning it on every run; finish-job.ts).
    return sql`update messages set status = 'sent', sent_at = s.at, provider_message_id = s.provider_id,
        error = null, updated_at = s.at
      from jsonb_to_recordset(cast(${json} as jsonb)) as s(id text, job_id text, at text, provider_id text)
      where messages.id = s.id and messages.status = 'sending' and s.job_id in (${finished})
        and messages.id = any(cast((select cast(${rows.map((r) => r.row.id)} as text[])) as text[]))`;
  },
};
