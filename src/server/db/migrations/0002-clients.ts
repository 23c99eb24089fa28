import type { Kysely } from 'kysely';
import { notNull, nullable, parent, timestamps } from '../migration-columns.js';
import { dropTables, indexes, officeTable } from '../migration-helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await officeTable(db, 'clients')
    .addColumn('legal_name', 'text', (c) => c.notNull())
    .addColumn('trade_name', 'text')
    .$call(notNull('text', 'document', 'document_kind'))
    .addColumn('state_registration', 'text')
    .addColumn('emails', 'text', (c) => c.notNull().defaultTo('[]'))
    .$call(nullable('text', 'whatsapp', 'phone', 'cep', 'street', 'number', 'complement', 'district', 'city'))
    .addColumn('state', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .$call(nullable('text', 'class', 'notes'))
    .$call(notNull('text', 'name_key', 'search_text'))
    .$call(timestamps)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('clients_office_document_uq', ['office_id', 'document'])
    .execute();
  await indexes(db, 'clients', {
    clients_name_idx: ['office_id', 'name_key', 'id'],
    clients_status_name_idx: ['office_id', 'status', 'name_key', 'id'],
    clients_class_name_idx: ['office_id', 'class', 'name_key', 'id'],
    clients_created_idx: ['office_id', 'created_at'],
  });

  await db.schema
    .createTable('client_tags')
    .addColumn('client_id', 'text', parent('clients'))
    .$call(notNull('text', 'office_id', 'tag'))
    .addPrimaryKeyConstraint('client_tags_pk', ['client_id', 'tag'])
    .execute();
  await indexes(db, 'client_tags', { client_tags_tag_idx: ['office_id', 'tag'] });

  await db.schema
    .createTable('client_responsibles')
    .addColumn('client_id', 'text', parent('clients'))
    .addColumn('profession_id', 'text', parent('professions'))
    .addColumn('user_id', 'text', parent('users'))
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_responsibles_pk', ['client_id', 'profession_id'])
    .execute();
  await indexes(db, 'client_responsibles', { client_responsibles_user_idx: ['office_id', 'user_id'] });

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', parent('clients'))
    .addColumn('name', 'text', (c) => c.notNull())
    .$call(nullable('text', 'role', 'email', 'whatsapp', 'birthday'))
    .addColumn('email_opt_out', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('whatsapp_opt_in', 'integer', (c) => c.notNull().defaultTo(0))
    .$call(timestamps)
    .execute();
  await indexes(db, 'contacts', { contacts_client_idx: ['client_id'] });

  await officeTable(db, 'services')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('default_value_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('department', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .$call(timestamps)
    .addUniqueConstraint('services_office_name_uq', ['office_id', 'name'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropTables(db, ['services', 'contacts', 'client_responsibles', 'client_tags', 'clients']);
}
