import type { Kysely } from 'kysely';
import { notNull, nullable, parent, timestamps } from '../migration-columns.js';
import { dropTables, indexes, officeTable } from '../migration-helpers.js';

/** billing: the office's PIX settings, a fee contract per client, one invoice per client and competência. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('billing_settings')
    .addColumn('office_id', 'text', (c) => c.primaryKey().references('offices.id').onDelete('cascade'))
    .$call(notNull('text', 'pix_key', 'pix_key_kind', 'merchant_name', 'merchant_city', 'updated_at'))
    .execute();

  await officeTable(db, 'fee_contracts')
    .addColumn('client_id', 'text', parent('clients'))
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addColumn('due_rule', 'text', (c) => c.notNull())
    .addColumn('due_day', 'integer', (c) => c.notNull())
    .addColumn('start_period', 'text', (c) => c.notNull())
    .$call(nullable('text', 'readjustment_date', 'readjustment_note'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .$call(timestamps)
    // One contract per client: its history is the audit log.
    .addUniqueConstraint('fee_contracts_client_uq', ['office_id', 'client_id'])
    .execute();
  await indexes(db, 'fee_contracts', { fee_contracts_active_idx: ['office_id', 'active', 'id'] });

  await officeTable(db, 'invoices')
    .addColumn('client_id', 'text', parent('clients'))
    .addColumn('contract_id', 'text')
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .$call(notNull('text', 'due_date', 'status', 'txid'))
    .addColumn('pix_code', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('paid_on', 'text')
    .addColumn('paid_amount_cents', 'bigint')
    .$call(nullable('text', 'payment_note', 'cancelled_at', 'cancel_reason', 'notified_at', 'sent_at'))
    .addColumn('last_reminder_day', 'integer')
    .addColumn('created_by', 'text')
    .$call(timestamps)
    // "Exactly once per client and competência", whatever the number of runs, retries or nodes.
    .addUniqueConstraint('invoices_period_uq', ['office_id', 'client_id', 'period'])
    .addUniqueConstraint('invoices_txid_uq', ['office_id', 'txid'])
    .execute();
  await indexes(db, 'invoices', {
    invoices_status_due_idx: ['office_id', 'status', 'due_date'],
    invoices_period_idx: ['office_id', 'period', 'client_id'],
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropTables(db, ['invoices', 'fee_contracts', 'billing_settings']);
}
