import { type Kysely, sql } from 'kysely';

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
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('pool', 'text', (c) => c.notNull().references('worker_pools.name'))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('unique_key', 'text')
    .addColumn('attempt_id', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_message', 'text')
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('requested_by', 'text')
    .addColumn('schedule_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The claim path: queued jobs of a pool, by priority then due time.
  await db.schema
    .createIndex('jobs_claim_idx')
    .on('jobs')
    .columns(['pool', 'priority desc', 'run_at', 'id'])
    .where(sql.ref('state'), '=', 'queued')
    .execute();
  // Lease rescue: running jobs by lease expiry.
  await db.schema
    .createIndex('jobs_lease_idx')
    .on('jobs')
    .column('locked_until')
    .where(sql.ref('state'), '=', 'running')
    .execute();
  // At most one live job per unique key.
  await db.schema
    .createIndex('jobs_unique_live_idx')
    .on('jobs')
    .column('unique_key')
    .unique()
    .where(sql<boolean>`unique_key is not null and state in ('queued', 'running')`)
    .execute();
  await db.schema
    .createIndex('jobs_office_created_idx')
    .on('jobs')
    .columns(['office_id', 'created_at'])
    .execute();
  await db.schema.createIndex('jobs_finished_idx').on('jobs').columns(['state', 'finished_at']).execute();

  await db.schema
    .createTable('job_logs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('job_logs_job_idx').on('job_logs').columns(['job_id', 'id']).execute();

  await db.schema
    .createTable('workers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pools', 'text', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('concurrency', 'integer', (c) => c.notNull())
    .addColumn('running', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['workers', 'job_logs', 'jobs', 'worker_pools']) await db.schema.dropTable(t).execute();
}
