import type { Kysely } from 'kysely';
import { officeId, timestamps } from '../migration-columns.js';
import { dropTables, indexes, officeTable } from '../migration-helpers.js';

/**
 * routines: the office's configuration of each routine kind it uses; clients_extra: complementary data of
 * a client (number of employees, revenue, last purchase…) written by routines such as the ERP import and
 * read by others such as the class transition.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await officeTable(db, 'routines')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull().defaultTo('{}'))
    // The engine schedule (agenda automática) that runs it; deleting it on the Agendas page leaves null.
    .addColumn('schedule_id', 'text', (c) => c.references('schedules.id').onDelete('set null'))
    .addColumn('pool', 'text', (c) => c.notNull().defaultTo('default').references('worker_pools.name'))
    .$call(timestamps)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('routines_office_kind_uq', ['office_id', 'kind'])
    .execute();

  await db.schema
    .createTable('clients_extra')
    .addColumn('client_id', 'text', (c) => c.primaryKey().references('clients.id').onDelete('cascade'))
    .$call(officeId)
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await indexes(db, 'clients_extra', { clients_extra_office_idx: ['office_id'] });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropTables(db, ['clients_extra', 'routines']);
}
