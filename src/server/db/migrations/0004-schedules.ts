import { type Kysely, sql } from 'kysely';
import { dropTables, index, indexes, officeTable, parent, timestamps } from '../migration-helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('offices')
    .addColumn('calendar', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();

  await officeTable(db, 'schedules')
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
    .$call(timestamps)
    .execute();
  // The scheduler's scan: active schedules by next fire time.
  await index(db, 'schedules_due_idx', 'schedules', ['next_fire_at'])
    .where(sql.ref('paused'), '=', 0)
    .execute();
  await indexes(db, 'schedules', { schedules_office_idx: ['office_id', 'name'] });

  await db.schema
    .createTable('schedule_occurrences')
    .addColumn('schedule_id', 'text', parent('schedules'))
    .addColumn('fire_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('schedule_occurrences_pk', ['schedule_id', 'fire_at'])
    .execute();

  await officeTable(db, 'notifications')
    .addColumn('user_id', 'text', parent('users'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await indexes(db, 'notifications', { notifications_user_idx: ['user_id', 'created_at'] });

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
  await dropTables(db, ['job_daily_stats', 'notifications', 'schedule_occurrences', 'schedules']);
  await db.schema.alterTable('offices').dropColumn('calendar').execute();
}
