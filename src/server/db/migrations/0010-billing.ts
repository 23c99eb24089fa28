import type { Kysely } from 'kysely';

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

  await db.schema
    .createTable('fee_contracts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id').onDelete('cascade'))
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addColumn('due_rule', 'text', (c) => c.notNull())
    .addColumn('due_day', 'integer', (c) => c.notNull())
    .addColumn('start_period', 'text', (c) => c.notNull())
    .addColumn('readjustment_date', 'text')
    .addColumn('readjustment_note', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // One contract per client: its history is the audit log.
    .addUniqueConstraint('fee_contracts_client_uq', ['office_id', 'client_id'])
    .execute();
  await db.schema
    .createIndex('fee_contracts_active_idx')
    .on('fee_contracts')
    .columns(['office_id', 'active', 'id'])
    .execute();

  await db.schema
    .createTable('invoices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id').onDelete('cascade'))
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
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // "Exactly once per client and competência", whatever the number of runs, retries or nodes.
    .addUniqueConstraint('invoices_period_uq', ['office_id', 'client_id', 'period'])
    .addUniqueConstraint('invoices_txid_uq', ['office_id', 'txid'])
    .execute();
  await db.schema
    .createIndex('invoices_status_due_idx')
    .on('invoices')
    .columns(['office_id', 'status', 'due_date'])
    .execute();
  await db.schema
    .createIndex('invoices_period_idx')
    .on('invoices')
    .columns(['office_id', 'period', 'client_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['invoices', 'fee_contracts', 'billing_settings']) await db.schema.dropTable(t).execute();
}
