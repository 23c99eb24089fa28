import { type Kysely, sql } from 'kysely';
import { notNull, parent, timestamps } from '../migration-columns.js';
import { dropTables, index, indexes, officeTable } from '../migration-helpers.js';

/**
 * Boletos (issue #21, items 1–3): the office's bank accounts (cobrança settings and the nosso número
 * sequence), one boleto per invoice, and how a fee contract is collected (PIX, boleto or both).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await officeTable(db, 'bank_accounts')
    .$call(notNull('text', 'bank_code', 'label', 'agency'))
    .addColumn('agency_digit', 'text')
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('account_digit', 'text')
    .addColumn('carteira', 'text', (c) => c.notNull())
    // Código do beneficiário / convênio / código do cedente, as the bank calls it.
    .addColumn('convenio', 'text', (c) => c.notNull())
    // Banco do Brasil's variação da carteira; Sicredi's posto.
    .addColumn('variation', 'text')
    .addColumn('next_nosso_numero', 'bigint', (c) => c.notNull().defaultTo(1))
    .addColumn('interest_month_bp', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fine_bp', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('discount_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('discount_days', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON array of text lines printed in the boleto's "Instruções".
    .addColumn('instructions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .$call(timestamps)
    .execute();
  await indexes(db, 'bank_accounts', { bank_accounts_office_idx: ['office_id', 'active', 'id'] });

  await officeTable(db, 'boletos')
    .addColumn('invoice_id', 'text', parent('invoices'))
    .addColumn('bank_account_id', 'text', (c) => c.notNull().references('bank_accounts.id'))
    .$call(notNull('text', 'nosso_numero', 'nosso_numero_dv', 'barcode', 'linha_digitavel', 'due_date'))
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    // registered_pending | registered | rejected | paid | written_off | cancelled
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('remessa_id', 'text')
    .$call(timestamps)
    // A nosso número is never reused within an account (the retorno finds the boleto by it).
    .addUniqueConstraint('boletos_nosso_numero_uq', ['bank_account_id', 'nosso_numero'])
    .execute();
  // One live boleto per invoice; a cancelled one may be replaced (a partial unique index, both dialects).
  await index(db, 'boletos_invoice_live_uq', 'boletos', ['invoice_id'])
    .unique()
    .where(sql.ref('status'), '<>', sql.lit('cancelled'))
    .execute();
  await indexes(db, 'boletos', { boletos_office_status_idx: ['office_id', 'status', 'due_date'] });

  // How the fee contract is collected: 'pix' (as before), 'boleto' or 'both'.
  await db.schema
    .alterTable('fee_contracts')
    .addColumn('payment_method', 'text', (c) => c.notNull().defaultTo('pix'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('fee_contracts').dropColumn('payment_method').execute();
  await dropTables(db, ['boletos', 'bank_accounts']);
}
