import type { Kysely } from 'kysely';
import { notNull, nullable, officeId, parent } from '../migration-columns.js';
import { dropTables, indexes, officeTable } from '../migration-helpers.js';

/**
 * Tickets (atendimentos): tickets with their per-office number counter, movements, chat, files and SLA
 * policies; and the automation module's first tables: events and per-office built-in rule settings.
 *
 * The grid's indexes (bench/tickets.bench.ts): every list query is scoped by office and pages by a sort
 * column with the id as tie-breaker, so each index starts with office_id, then the filter, then the sort.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ticket_counters')
    .addColumn('office_id', 'text', (c) => c.primaryKey().references('offices.id').onDelete('cascade'))
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .execute();

  // How many tickets each office has per status, kept in the transaction of every create and move: the
  // grid's total and the kanban's column totals without counting 200,000 index entries per page.
  await db.schema
    .createTable('ticket_status_counts')
    .$call(officeId)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_status_counts_pk', ['office_id', 'status'])
    .execute();

  await officeTable(db, 'tickets')
    .addColumn('number', 'integer', (c) => c.notNull())
    // No foreign key to clients: deleting a client must not silently delete its tickets' history.
    .addColumn('client_id', 'text', (c) => c.notNull())
    .$call(nullable('text', 'contact_id', 'service_id', 'accountant_id', 'responsible_id'))
    .$call(notNull('text', 'subject', 'subject_key'))
    .addColumn('description', 'text')
    .addColumn('value_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('service'))
    .addColumn('due_date', 'text')
    .addColumn('debt_cents', 'bigint')
    .$call(notNull('text', 'status', 'opened_at', 'updated_at'))
    .addColumn('closed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('movement_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notify_count', 'integer', (c) => c.notNull().defaultTo(0))
    .$call(nullable('text', 'notified_at', 'created_by'))
    // SLA: the policy snapshot (minutes) and the computed state (sla.ts).
    .addColumn('sla_first_response_minutes', 'integer')
    .addColumn('sla_resolution_minutes', 'integer')
    .$call(nullable('text', 'sla_first_response_due_at', 'sla_resolution_due_at'))
    .addColumn('sla_remaining_ms', 'bigint')
    .addColumn('first_responded_at', 'text')
    .addUniqueConstraint('tickets_office_number_uq', ['office_id', 'number'])
    .execute();
  await indexes(db, 'tickets', {
    // The grid pages through ticket numbers (the deferred join reads the page's numbers from an index, then
    // only those rows), so every index ends with `number`: a page and its count are index-only scans.
    tickets_status_number_idx: ['office_id', 'status', 'number'],
    tickets_responsible_number_idx: ['office_id', 'responsible_id', 'status', 'number'],
    tickets_client_number_idx: ['office_id', 'client_id', 'status', 'number'],
    tickets_service_number_idx: ['office_id', 'service_id', 'status', 'number', 'updated_at'],
    tickets_opened_idx: ['office_id', 'opened_at', 'number'],
    tickets_updated_idx: ['office_id', 'updated_at', 'number'],
  });

  await officeTable(db, 'ticket_movements')
    .addColumn('ticket_id', 'text', parent('tickets'))
    // Order within the ticket (instants tie under a fake clock or in one millisecond).
    .addColumn('seq', 'integer', (c) => c.notNull())
    .$call(notNull('text', 'from_status', 'to_status'))
    .$call(nullable('text', 'comment', 'actor_id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await indexes(db, 'ticket_movements', { ticket_movements_ticket_idx: ['ticket_id', 'seq'] });

  await officeTable(db, 'ticket_messages')
    .addColumn('ticket_id', 'text', parent('tickets'))
    // Order within the ticket (instants tie under a fake clock or in one millisecond).
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .$call(nullable('text', 'user_id', 'author_name'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('internal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await indexes(db, 'ticket_messages', { ticket_messages_ticket_idx: ['ticket_id', 'seq'] });

  await officeTable(db, 'ticket_files')
    .addColumn('ticket_id', 'text', parent('tickets'))
    // Order within the ticket (instants tie under a fake clock or in one millisecond).
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .$call(notNull('text', 'content_type', 'blob_ref'))
    .addColumn('uploaded_by', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await indexes(db, 'ticket_files', { ticket_files_ticket_idx: ['ticket_id', 'seq'] });

  await db.schema
    .createTable('ticket_sla_policies')
    .$call(officeId)
    .addColumn('service_id', 'text', parent('services'))
    .$call(nullable('integer', 'first_response_minutes', 'resolution_minutes'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_sla_policies_pk', ['office_id', 'service_id'])
    .execute();

  // automation
  await officeTable(db, 'events')
    .$call(notNull('text', 'type', 'entity', 'entity_id', 'payload'))
    .addColumn('actor_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await indexes(db, 'events', { events_entity_idx: ['office_id', 'entity', 'entity_id', 'at'] });

  await db.schema
    .createTable('automation_rule_settings')
    .$call(officeId)
    .addColumn('rule_key', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('automation_rule_settings_pk', ['office_id', 'rule_key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropTables(db, [
    'automation_rule_settings',
    'events',
    'ticket_sla_policies',
    'ticket_files',
    'ticket_messages',
    'ticket_movements',
    'tickets',
    'ticket_status_counts',
    'ticket_counters',
  ]);
}
