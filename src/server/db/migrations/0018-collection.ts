import type { Kysely } from 'kysely';
import { notNull, nullable, officeId, parent, timestamps } from '../migration-columns.js';
import { dropTables, indexes, officeTable } from '../migration-helpers.js';

/**
 * Cobrança de Arquivos (document collection): Processos Modelo with their versions, recurring programs,
 * programações (requests) with their own copy of the checklist, the files clients send, the choices that
 * last ("Não me pedir nos próximos meses"), per-contact portal links and the history of every change.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await officeTable(db, 'collection_templates')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .$call(timestamps)
    .execute();
  await indexes(db, 'collection_templates', {
    collection_templates_office_idx: ['office_id', 'active', 'name'],
  });

  // Every saved version of a model, never rewritten: a programação points at the version it was made from.
  await officeTable(db, 'collection_template_versions')
    .addColumn('template_id', 'text', parent('collection_templates'))
    .addColumn('version', 'integer', (c) => c.notNull())
    // The whole TemplateInput (JSON): name, service, due rule, ladder, communication, checklist.
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('collection_template_versions_uq', ['template_id', 'version'])
    .execute();

  await officeTable(db, 'collection_programs')
    .addColumn('template_id', 'text', parent('collection_templates'))
    .$call(notNull('text', 'audience', 'frequency'))
    .addColumn('generate_day', 'integer', (c) => c.notNull())
    .addColumn('start_competencia', 'text', (c) => c.notNull())
    .addColumn('schedule_id', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('stopped_at', 'text')
    .execute();

  await officeTable(db, 'collection_requests')
    // No foreign key to clients: deleting a client must not silently delete what it sent.
    .addColumn('client_id', 'text', (c) => c.notNull())
    .$call(notNull('text', 'template_id', 'template_version_id'))
    .addColumn('template_version', 'integer', (c) => c.notNull())
    .addColumn('template_name', 'text', (c) => c.notNull())
    .$call(nullable('text', 'service_id', 'program_id'))
    .$call(notNull('text', 'competencia', 'due_date'))
    .addColumn('responsible_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .$call(nullable('text', 'close_status', 'close_note', 'closed_at', 'closed_by'))
    .addColumn('auto_close', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('settled_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('request_sent_at', 'text')
    .addColumn('notify_count', 'integer', (c) => c.notNull().defaultTo(0))
    .$call(nullable('text', 'overdue_at', 'complete_at', 'created_by'))
    .$call(timestamps)
    // Exactly one programação per client, model and competência, however many schedulers race.
    .addUniqueConstraint('collection_requests_uq', ['office_id', 'client_id', 'template_id', 'competencia'])
    .execute();
  await indexes(db, 'collection_requests', {
    collection_requests_comp_idx: ['office_id', 'competencia', 'due_date', 'id'],
    // The grid's usual filter (competência and status) with its order and count, from the index alone.
    collection_requests_comp_status_idx: ['office_id', 'competencia', 'status', 'due_date', 'id'],
    collection_requests_status_idx: ['office_id', 'status', 'due_date', 'id'],
    collection_requests_resp_idx: ['office_id', 'responsible_id', 'status', 'due_date'],
    // "Só os meus" / one responsible without a status, in due-date order: the page from the index, no sort.
    collection_requests_resp_due_idx: ['office_id', 'responsible_id', 'due_date', 'id'],
    collection_requests_client_idx: ['office_id', 'client_id', 'status'],
    collection_requests_unsent_idx: ['office_id', 'request_sent_at', 'status'],
  });

  await officeTable(db, 'collection_request_items')
    .addColumn('request_id', 'text', parent('collection_requests'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .$call(notNull('text', 'name', 'instructions', 'kind', 'requirement', 'accepted_types'))
    .addColumn('max_bytes', 'bigint', (c) => c.notNull())
    .addColumn('multiple', 'integer', (c) => c.notNull())
    .$call(nullable('text', 'profession_id', 'responsible_id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .$call(nullable('text', 'answered_at', 'answered_by_kind', 'answered_by_name', 'send_later_on'))
    .addColumn('comment', 'text')
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text')
    .addUniqueConstraint('collection_request_items_uq', ['request_id', 'key'])
    .execute();
  await indexes(db, 'collection_request_items', {
    collection_request_items_request_idx: ['request_id', 'position'],
  });

  await officeTable(db, 'collection_files')
    .addColumn('request_id', 'text', parent('collection_requests'))
    .addColumn('item_id', 'text', parent('collection_request_items'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .$call(notNull('text', 'content_type', 'blob_ref', 'uploaded_by_kind'))
    .addColumn('uploaded_by_id', 'text')
    .addColumn('uploaded_by_name', 'text', (c) => c.notNull())
    .addColumn('warnings', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('receipt_at', 'text')
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await indexes(db, 'collection_files', {
    collection_files_item_idx: ['request_id', 'item_id', 'uploaded_at'],
  });

  await db.schema
    .createTable('collection_skips')
    .$call(officeId)
    .$call(notNull('text', 'client_id', 'item_key', 'item_name', 'template_name', 'by_name', 'since'))
    .addPrimaryKeyConstraint('collection_skips_pk', ['office_id', 'client_id', 'item_key'])
    .execute();

  await officeTable(db, 'collection_links')
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .$call(nullable('text', 'revoked_at', 'last_receipt_at'))
    .execute();
  await indexes(db, 'collection_links', {
    collection_links_contact_idx: ['office_id', 'contact_id', 'revoked_at'],
  });

  await officeTable(db, 'collection_history')
    .addColumn('request_id', 'text', parent('collection_requests'))
    .$call(nullable('text', 'item_id', 'item_name'))
    .$call(notNull('text', 'action', 'params', 'actor_kind'))
    .addColumn('actor_id', 'text')
    .$call(notNull('text', 'actor_name', 'at'))
    // Order among lines of one instant (one change writes several; a fake clock or one millisecond ties).
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  await indexes(db, 'collection_history', { collection_history_request_idx: ['request_id', 'at', 'seq'] });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropTables(db, [
    'collection_history',
    'collection_links',
    'collection_skips',
    'collection_files',
    'collection_request_items',
    'collection_requests',
    'collection_programs',
    'collection_template_versions',
    'collection_templates',
  ]);
}
