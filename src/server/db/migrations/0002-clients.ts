import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('legal_name', 'text', (c) => c.notNull())
    .addColumn('trade_name', 'text')
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('document_kind', 'text', (c) => c.notNull())
    .addColumn('state_registration', 'text')
    .addColumn('emails', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('whatsapp', 'text')
    .addColumn('phone', 'text')
    .addColumn('cep', 'text')
    .addColumn('street', 'text')
    .addColumn('number', 'text')
    .addColumn('complement', 'text')
    .addColumn('district', 'text')
    .addColumn('city', 'text')
    .addColumn('state', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('class', 'text')
    .addColumn('notes', 'text')
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('clients_office_document_uq', ['office_id', 'document'])
    .execute();
  await db.schema
    .createIndex('clients_name_idx')
    .on('clients')
    .columns(['office_id', 'name_key', 'id'])
    .execute();
  await db.schema
    .createIndex('clients_status_name_idx')
    .on('clients')
    .columns(['office_id', 'status', 'name_key', 'id'])
    .execute();
  await db.schema
    .createIndex('clients_class_name_idx')
    .on('clients')
    .columns(['office_id', 'class', 'name_key', 'id'])
    .execute();
  await db.schema
    .createIndex('clients_created_idx')
    .on('clients')
    .columns(['office_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('client_tags')
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id').onDelete('cascade'))
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_tags_pk', ['client_id', 'tag'])
    .execute();
  await db.schema
    .createIndex('client_tags_tag_idx')
    .on('client_tags')
    .columns(['office_id', 'tag'])
    .execute();

  await db.schema
    .createTable('client_responsibles')
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id').onDelete('cascade'))
    .addColumn('profession_id', 'text', (c) => c.notNull().references('professions.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_responsibles_pk', ['client_id', 'profession_id'])
    .execute();
  await db.schema
    .createIndex('client_responsibles_user_idx')
    .on('client_responsibles')
    .columns(['office_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('email', 'text')
    .addColumn('whatsapp', 'text')
    .addColumn('birthday', 'text')
    .addColumn('email_opt_out', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('whatsapp_opt_in', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contacts_client_idx').on('contacts').column('client_id').execute();

  await db.schema
    .createTable('services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('default_value_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('department', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('services_office_name_uq', ['office_id', 'name'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['services', 'contacts', 'client_responsibles', 'client_tags', 'clients']) {
    await db.schema.dropTable(t).execute();
  }
}
