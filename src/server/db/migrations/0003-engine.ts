import { type Kysely, sql } from 'kysely';
import { notNull, nullable, parent } from '../migration-columns.js';
import { dropTables, index, indexes } from '../migration-helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('worker_pools')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('worker_pools' as never)
    .values({
      name: 'default',
      description: 'Servidor padrão',
      created_at: new Date(0).toISOString(),
    } as never)
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.references('offices.id').onDelete('cascade'))
    .$call(notNull('text', 'kind', 'payload'))
    .addColumn('pool', 'text', (c) => c.notNull().references('worker_pools.name'))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .$call(notNull('text', 'state', 'run_at'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
    .$call(nullable('text', 'unique_key', 'attempt_id', 'locked_by', 'locked_until'))
    .addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .$call(nullable('text', 'progress_message', 'result', 'error', 'requested_by', 'schedule_id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .$call(nullable('text', 'started_at', 'finished_at'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The claim path: queued jobs of a pool, by priority then due time.
  await index(db, 'jobs_claim_idx', 'jobs', ['pool', 'priority desc', 'run_at', 'id'])
    .where(sql.ref('state'), '=', 'queued')
    .execute();
  // Lease rescue: running jobs by lease expiry.
  await index(db, 'jobs_lease_idx', 'jobs', ['locked_until'])
    .where(sql.ref('state'), '=', 'running')
    .execute();
  // At most one live job per unique key.
  await index(db, 'jobs_unique_live_idx', 'jobs', ['unique_key'])
    .unique()
    .where(sql<boolean>`unique_key is not null and state in ('queued', 'running')`)
    .execute();
  await indexes(db, 'jobs', {
    jobs_office_created_idx: ['office_id', 'created_at'],
    jobs_finished_idx: ['state', 'finished_at'],
  });

  await db.schema
    .createTable('job_logs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text', parent('jobs'))
    .$call(notNull('text', 'at', 'level', 'message'))
    .execute();
  await indexes(db, 'job_logs', { job_logs_job_idx: ['job_id', 'id'] });

  await db.schema
    .createTable('workers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .$call(notNull('text', 'pools', 'host'))
    .$call(notNull('integer', 'pid', 'concurrency'))
    .addColumn('running', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .$call(notNull('text', 'started_at', 'last_seen_at'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropTables(db, ['workers', 'job_logs', 'jobs', 'worker_pools']);
}
