import { type Kysely, sql } from 'kysely';
import { notNull, nullable, officeId, parent, timestamps } from '../migration-columns.js';
import { dropTables, index, indexes, officeTable } from '../migration-helpers.js';

/**
 * CNAB and reconciliation (issue #21, items 4–7): the remessa and retorno files exchanged with the bank and
 * each retorno entry (applied once, by a unique key), every payment an invoice received (so partial
 * payments, overpayments and a second payment are kept as such), the OFX statements and their lines with
 * the match proposed, and the yearly fee adjustment (index tables, the salário mínimo by year, the
 * adjustments previewed and applied).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await officeTable(db, 'cnab_files')
    .addColumn('bank_account_id', 'text', (c) => c.notNull())
    // remessa | retorno
    .addColumn('kind', 'text', (c) => c.notNull())
    // '240' | '400'
    .addColumn('format', 'text', (c) => c.notNull())
    // Remessa: the NSA we gave it (per account). Retorno: the bank's, as read.
    .addColumn('sequence', 'integer')
    .$call(notNull('text', 'file_name', 'sha256', 'blob_ref'))
    .addColumn('size', 'bigint', (c) => c.notNull())
    // Titles in a remessa; entries in a retorno.
    .addColumn('record_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('applied_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duplicate_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unmatched_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // One remessa per sequence number and account (the bank refuses a repeated NSA).
  await index(db, 'cnab_files_remessa_seq_uq', 'cnab_files', ['bank_account_id', 'sequence'])
    .unique()
    .where(sql.ref('kind'), '=', sql.lit('remessa'))
    .execute();
  await indexes(db, 'cnab_files', { cnab_files_office_idx: ['office_id', 'kind', 'created_at'] });

  await officeTable(db, 'cnab_retorno_entries')
    .addColumn('file_id', 'text', parent('cnab_files'))
    .addColumn('bank_account_id', 'text', (c) => c.notNull())
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('nosso_numero', 'text', (c) => c.notNull())
    .$call(nullable('text', 'boleto_id', 'invoice_id'))
    .addColumn('occurrence', 'text', (c) => c.notNull())
    // confirmed | rejected | paid | written_off | info | unknown
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('words', 'text', (c) => c.notNull())
    // JSON: [{ code, words: { 'pt-BR', en } }]
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('amount_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('paid_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('tariff_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('interest_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('fine_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    // '' when the bank gave no date: part of the unique key, which must not be null.
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('credit_on', 'text')
    // applied | unmatched | paid_twice | ignored
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    // A bank's event applies once, however many times its file is uploaded.
    .addUniqueConstraint('cnab_retorno_entries_event_uq', [
      'office_id',
      'bank_account_id',
      'nosso_numero',
      'occurrence',
      'occurred_on',
    ])
    .execute();
  await indexes(db, 'cnab_retorno_entries', { cnab_retorno_entries_file_idx: ['file_id', 'line_no'] });

  await officeTable(db, 'invoice_payments')
    .addColumn('invoice_id', 'text', parent('invoices'))
    // manual | retorno | statement
    .addColumn('source', 'text', (c) => c.notNull())
    // pix | boleto | other
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addColumn('paid_on', 'text', (c) => c.notNull())
    .addColumn('tariff_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('interest_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('fine_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    // partial | full | overpaid | duplicate (the invoice was already paid: to refund)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('refund_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .$call(nullable('text', 'refunded_at', 'reference', 'note', 'created_by'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await indexes(db, 'invoice_payments', {
    invoice_payments_invoice_idx: ['invoice_id', 'created_at'],
    invoice_payments_refund_idx: ['office_id', 'kind', 'refunded_at'],
  });
  // What the invoice shows about its payments: partial, overpaid, paid_twice (null: none of those).
  await db.schema.alterTable('invoices').addColumn('payment_flag', 'text').execute();

  await officeTable(db, 'statement_imports')
    .$call(notNull('text', 'file_name', 'sha256', 'blob_ref'))
    .$call(nullable('text', 'bank_id', 'account_id', 'start_on', 'end_on'))
    .addColumn('credit_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('proposed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await officeTable(db, 'statement_lines')
    .addColumn('import_id', 'text', parent('statement_imports'))
    // The bank account as the statement names it (bank/branch/account), for the FITID's uniqueness.
    .addColumn('account_key', 'text', (c) => c.notNull())
    .$call(notNull('text', 'fit_id', 'posted_on'))
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addColumn('memo', 'text', (c) => c.notNull())
    // proposed | unmatched | confirmed | dismissed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('invoice_id', 'text')
    // txid | nosso_numero | amount_date
    .addColumn('match_reason', 'text')
    .$call(nullable('text', 'payment_id', 'decided_by', 'decided_at'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    // A credit is one line however many statements repeat it.
    .addUniqueConstraint('statement_lines_fit_uq', ['office_id', 'account_key', 'fit_id'])
    .execute();
  await indexes(db, 'statement_lines', { statement_lines_import_idx: ['import_id', 'posted_on'] });

  await db.schema
    .createTable('fee_index_rates')
    .$call(officeId)
    // IPCA | IGPM | INPC
    .addColumn('index_code', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    // The month's variation in hundredths of a basis point (0.56% = 5600; may be negative).
    .addColumn('rate_ppm', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('fee_index_rates_pk', ['office_id', 'index_code', 'month'])
    .execute();
  await db.schema
    .createTable('minimum_wages')
    .$call(officeId)
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('minimum_wages_pk', ['office_id', 'year'])
    .execute();
  // How a contract is adjusted each year on its anniversary (readjustment_date).
  await db.schema.alterTable('fee_contracts').addColumn('adjustment_method', 'text').execute();
  await db.schema.alterTable('fee_contracts').addColumn('adjustment_index', 'text').execute();
  await db.schema.alterTable('fee_contracts').addColumn('adjustment_bp', 'integer').execute();
  // A multiple of the salário mínimo, in thousandths (1.5 × = 1500).
  await db.schema.alterTable('fee_contracts').addColumn('adjustment_mw_multiple', 'integer').execute();
  await officeTable(db, 'fee_adjustments')
    .addColumn('contract_id', 'text', parent('fee_contracts'))
    .$call(notNull('text', 'client_id', 'effective_on', 'method', 'basis'))
    .$call(notNull('bigint', 'old_amount_cents', 'new_amount_cents'))
    // previewed | letter_sent | applied | cancelled
    .addColumn('status', 'text', (c) => c.notNull())
    .$call(nullable('text', 'letter_sent_at', 'applied_at'))
    .$call(timestamps)
    // One adjustment per contract and anniversary: applied once.
    .addUniqueConstraint('fee_adjustments_once_uq', ['contract_id', 'effective_on'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropTables(db, [
    'fee_adjustments',
    'minimum_wages',
    'fee_index_rates',
    'statement_lines',
    'statement_imports',
    'invoice_payments',
    'cnab_retorno_entries',
    'cnab_files',
  ]);
  for (const c of ['adjustment_mw_multiple', 'adjustment_bp', 'adjustment_index', 'adjustment_method']) {
    await db.schema.alterTable('fee_contracts').dropColumn(c).execute();
  }
  await db.schema.alterTable('invoices').dropColumn('payment_flag').execute();
}
