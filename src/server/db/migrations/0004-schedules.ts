import { type Kysely, sql } from 'kysely';
import { notNull, nullable, parent, timestamps } from '../migration-columns.js';
import { dropTables, index, indexes, officeTable } from '../migration-helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('offices')
    .addColumn('calendar', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();

  await officeTable(db, 'schedules')
    .$call(notNull('text', 'name', 'kind', 'payload'))
    .addColumn('pool', 'text', (c) => c.notNull().references('worker_pools.name'))
    .$call(notNull('text', 'spec', 'time_zone', 'misfire_policy'))
    .addColumn('misfire_cap', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
    .$call(nullable('text', 'next_fire_at', 'last_fire_at', 'created_by'))
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
    .$call(notNull('text', 'fire_at', 'status'))
    .addColumn('job_id', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('schedule_occurrences_pk', ['schedule_id', 'fire_at'])
    .execute();

  await officeTable(db, 'notifications')
    .addColumn('user_id', 'text', parent('users'))
    .$call(notNull('text', 'title', 'body'))
    .addColumn('link', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await indexes(db, 'notifications', { notifications_user_idx: ['user_id', 'created_at'] });

  await db.schema
    .createTable('job_daily_stats')
    .$call(notNull('text', 'day', 'office_id', 'kind', 'state'))
    .$call(notNull('integer', 'count', 'total_ms'))
    .addPrimaryKeyConstraint('job_daily_stats_pk', ['day', 'office_id', 'kind', 'state'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropTables(db, ['job_daily_stats', 'notifications', 'schedule_occurrences', 'schedules']);
  await db.schema.alterTable('offices').dropColumn('calendar').execute();
}
