import type { Kysely } from 'kysely';
import { dropTables, indexes, officeTable, parent, timestamps } from '../migration-helpers.js';

/** billing: the office's PIX settings, a fee contract per client, one invoice per client and competência. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('billing_settings')
    .addColumn('office_id', 'text', (c) => c.primaryKey().references('offices.id').onDelete('cascade'))
    .addColumn('pix_key', 'text', (c) => c.notNull())
    .addColumn('pix_key_kind', 'text', (c) => c.notNull())
    .addColumn('merchant_name', 'text', (c) => c.notNull())
    .addColumn('merchant_city', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await officeTable(db, 'fee_contracts')
    .addColumn('client_id', 'text', parent('clients'))
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addColumn('due_rule', 'text', (c) => c.notNull())
    .addColumn('due_day', 'integer', (c) => c.notNull())
    .addColumn('start_period', 'text', (c) => c.notNull())
    .addColumn('readjustment_date', 'text')
    .addColumn('readjustment_note', 'text')
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
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('txid', 'text', (c) => c.notNull())
    .addColumn('pix_code', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('paid_on', 'text')
    .addColumn('paid_amount_cents', 'bigint')
    .addColumn('payment_note', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('notified_at', 'text')
    .addColumn('sent_at', 'text')
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
