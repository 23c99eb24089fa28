import type { Kysely } from 'kysely';
import { dropTables, indexes, officeTable, parent, timestamps } from '../migration-helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('offices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('cnpj', 'text')
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('America/Sao_Paulo'))
    .addColumn('state', 'text')
    .addColumn('city', 'text')
    .addColumn('client_classes', 'text', (c) => c.notNull().defaultTo('["A","B","C"]'))
    .$call(timestamps)
    .execute();

  await officeTable(db, 'professions')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('professions_office_name_uq', ['office_id', 'name'])
    .execute();

  await officeTable(db, 'users')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('supervisor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .$call(timestamps)
    .execute();
  await indexes(db, 'users', { users_office_idx: ['office_id', 'name'] });

  await db.schema
    .createTable('user_professions')
    .addColumn('user_id', 'text', parent('users'))
    .addColumn('profession_id', 'text', parent('professions'))
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_professions_pk', ['user_id', 'profession_id'])
    .execute();
  await indexes(db, 'user_professions', { user_professions_profession_idx: ['profession_id'] });

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', parent('users'))
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await indexes(db, 'sessions', { sessions_user_idx: ['user_id'] });

  await officeTable(db, 'api_tokens')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  // Append-only: no code path updates or deletes these rows.
  await officeTable(db, 'audit_log')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .execute();
  await indexes(db, 'audit_log', {
    audit_office_at_idx: ['office_id', 'at'],
    audit_entity_idx: ['office_id', 'entity', 'entity_id', 'at'],
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropTables(db, [
    'audit_log',
    'api_tokens',
    'sessions',
    'user_professions',
    'users',
    'professions',
    'offices',
  ]);
}
