import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('offices')
    .addColumn('calendar', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();

  await db.schema
    .createTable('schedules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('pool', 'text', (c) => c.notNull().references('worker_pools.name'))
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('misfire_policy', 'text', (c) => c.notNull())
    .addColumn('misfire_cap', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_fire_at', 'text')
    .addColumn('last_fire_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The scheduler's scan: active schedules by next fire time.
  await db.schema
    .createIndex('schedules_due_idx')
    .on('schedules')
    .column('next_fire_at')
    .where(sql.ref('paused'), '=', 0)
    .execute();
  await db.schema
    .createIndex('schedules_office_idx')
    .on('schedules')
    .columns(['office_id', 'name'])
    .execute();

  await db.schema
    .createTable('schedule_occurrences')
    .addColumn('schedule_id', 'text', (c) => c.notNull().references('schedules.id').onDelete('cascade'))
    .addColumn('fire_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('schedule_occurrences_pk', ['schedule_id', 'fire_at'])
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema
    .createIndex('notifications_user_idx')
    .on('notifications')
    .columns(['user_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('job_daily_stats')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('total_ms', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('job_daily_stats_pk', ['day', 'office_id', 'kind', 'state'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_daily_stats').execute();
  await db.schema.dropTable('notifications').execute();
  await db.schema.dropTable('schedule_occurrences').execute();
  await db.schema.dropTable('schedules').execute();
  await db.schema.alterTable('offices').dropColumn('calendar').execute();
}
