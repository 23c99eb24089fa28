import type { Kysely } from 'kysely';
import { notNull, nullable, parent, timestamps } from '../migration-columns.js';
import { dropTables, indexes, officeTable } from '../migration-helpers.js';

/**
 * Processos: the office's own pipelines (stages with colours and order, the office's own fields), their
 * cards (client, responsible, value, due date, field values), every movement of a card between stages,
 * and the public form of a pipeline (a secret link whose submissions create cards in the first stage).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await officeTable(db, 'process_pipelines')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .$call(timestamps)
    .execute();
  await indexes(db, 'process_pipelines', { process_pipelines_office_idx: ['office_id', 'name'] });

  await officeTable(db, 'process_stages')
    .addColumn('pipeline_id', 'text', parent('process_pipelines'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('color', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await indexes(db, 'process_stages', { process_stages_pipeline_idx: ['pipeline_id', 'position'] });

  await officeTable(db, 'process_fields')
    .addColumn('pipeline_id', 'text', parent('process_pipelines'))
    .$call(notNull('text', 'key', 'label'))
    // text | number | money | date | boolean | select
    .addColumn('type', 'text', (c) => c.notNull())
    // select: JSON [{ value, label }]; otherwise null.
    .addColumn('options', 'text')
    .addColumn('required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('process_fields_key_uq', ['pipeline_id', 'key'])
    .execute();

  await officeTable(db, 'process_cards')
    .addColumn('pipeline_id', 'text', parent('process_pipelines'))
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
    .$call(nullable('text', 'form_id', 'created_by'))
    .$call(timestamps)
    .addColumn('stage_entered_at', 'text', (c) => c.notNull())
    .$call(nullable('text', 'closed_at', 'archived_at'))
    .execute();
  await indexes(db, 'process_cards', {
    process_cards_stage_idx: ['office_id', 'pipeline_id', 'stage_id', 'position'],
    process_cards_client_idx: ['office_id', 'client_id'],
  });

  await officeTable(db, 'process_movements')
    .addColumn('card_id', 'text', parent('process_cards'))
    // null: the card was created (by a person, the form or automation).
    .addColumn('from_stage_id', 'text')
    .addColumn('to_stage_id', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'text')
    // user | form | automation
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await indexes(db, 'process_movements', { process_movements_card_idx: ['card_id', 'at'] });

  await officeTable(db, 'process_forms')
    .addColumn('pipeline_id', 'text', parent('process_pipelines'))
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('intro', 'text')
    // JSON { ask: { name, email, phone, document, message: off|optional|required }, fieldKeys: [...] }
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('thanks', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .$call(timestamps)
    .addUniqueConstraint('process_forms_pipeline_uq', ['pipeline_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropTables(db, [
    'process_forms',
    'process_movements',
    'process_cards',
    'process_fields',
    'process_stages',
    'process_pipelines',
  ]);
}
