import type { Kysely } from 'kysely';
import { notNull, nullable, parent, timestamps } from '../migration-columns.js';
import { dropTables, indexes, officeTable } from '../migration-helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('offices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('cnpj', 'text')
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('America/Sao_Paulo'))
    .$call(nullable('text', 'state', 'city'))
    .addColumn('client_classes', 'text', (c) => c.notNull().defaultTo('["A","B","C"]'))
    .$call(timestamps)
    .execute();

  await officeTable(db, 'professions')
    .$call(notNull('text', 'name', 'created_at'))
    .addUniqueConstraint('professions_office_name_uq', ['office_id', 'name'])
    .execute();

  await officeTable(db, 'users')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .$call(notNull('text', 'password_hash', 'role'))
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
    .$call(notNull('text', 'office_id', 'csrf_token', 'created_at', 'expires_at'))
    .execute();
  await indexes(db, 'sessions', { sessions_user_idx: ['user_id'] });

  await officeTable(db, 'api_tokens')
    .$call(notNull('text', 'name', 'prefix'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .$call(nullable('text', 'last_used_at', 'revoked_at'))
    .execute();

  // Append-only: no code path updates or deletes these rows.
  await officeTable(db, 'audit_log')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .$call(notNull('text', 'entity', 'entity_id', 'action'))
    .$call(nullable('text', 'before', 'after'))
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
