import type { Kysely } from 'kysely';

/**
 * Processos: the office's own pipelines (stages with colours and order, the office's own fields), their
 * cards (client, responsible, value, due date, field values), every movement of a card between stages,
 * and the public form of a pipeline (a secret link whose submissions create cards in the first stage).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('process_pipelines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('process_pipelines_office_idx')
    .on('process_pipelines')
    .columns(['office_id', 'name'])
    .execute();

  await db.schema
    .createTable('process_stages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('pipeline_id', 'text', (c) =>
      c.notNull().references('process_pipelines.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('color', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('process_stages_pipeline_idx')
    .on('process_stages')
    .columns(['pipeline_id', 'position'])
    .execute();

  await db.schema
    .createTable('process_fields')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('pipeline_id', 'text', (c) =>
      c.notNull().references('process_pipelines.id').onDelete('cascade'),
    )
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    // text | number | money | date | boolean | select
    .addColumn('type', 'text', (c) => c.notNull())
    // select: JSON [{ value, label }]; otherwise null.
    .addColumn('options', 'text')
    .addColumn('required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('process_fields_key_uq', ['pipeline_id', 'key'])
    .execute();

  await db.schema
    .createTable('process_cards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('pipeline_id', 'text', (c) =>
      c.notNull().references('process_pipelines.id').onDelete('cascade'),
    )
    .addColumn('stage_id', 'text', (c) => c.notNull())
    // Order within the column (0 = top).
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    // No foreign keys to clients/users: deleting one must not silently delete the office's processes.
    .addColumn('client_id', 'text')
    .addColumn('responsible_id', 'text')
    .addColumn('value_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('due_date', 'text')
    // JSON { <field key>: value }, validated against the pipeline's fields.
    .addColumn('fields', 'text', (c) => c.notNull())
    // What the public form received (JSON), when the card came from it.
    .addColumn('submission', 'text')
    .addColumn('form_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('stage_entered_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('archived_at', 'text')
    .execute();
  await db.schema
    .createIndex('process_cards_stage_idx')
    .on('process_cards')
    .columns(['office_id', 'pipeline_id', 'stage_id', 'position'])
    .execute();
  await db.schema
    .createIndex('process_cards_client_idx')
    .on('process_cards')
    .columns(['office_id', 'client_id'])
    .execute();

  await db.schema
    .createTable('process_movements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('card_id', 'text', (c) => c.notNull().references('process_cards.id').onDelete('cascade'))
    // null: the card was created (by a person, the form or automation).
    .addColumn('from_stage_id', 'text')
    .addColumn('to_stage_id', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'text')
    // user | form | automation
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('process_movements_card_idx')
    .on('process_movements')
    .columns(['card_id', 'at'])
    .execute();

  await db.schema
    .createTable('process_forms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('pipeline_id', 'text', (c) =>
      c.notNull().references('process_pipelines.id').onDelete('cascade'),
    )
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('intro', 'text')
    // JSON { ask: { name, email, phone, document, message: off|optional|required }, fieldKeys: [...] }
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('thanks', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('process_forms_pipeline_uq', ['pipeline_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'process_forms',
    'process_movements',
    'process_cards',
    'process_fields',
    'process_stages',
    'process_pipelines',
  ])
    await db.schema.dropTable(t).execute();
}
