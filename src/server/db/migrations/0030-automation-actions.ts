import { type Kysely, sql } from 'kysely';
import { indexes, officeTable } from '../migration-helpers.js';

/**
 * Automações, the actions (auto-actions):
 * - `automation_documents`: a document a rule made ("Criar documento": Liquid → PDF → blob store), kept
 *   with the item, downloadable by anyone holding its token (the link a following e-mail carries). One
 *   per rule run (`run_id` unique), so a retried run never makes a second document.
 * - `invoices.automation_*`: the automation item (pipeline, item) and run that created an invoice ("Criar
 *   fatura"); the run is unique per office, so a retried run finds its invoice instead of making another,
 *   and `invoice.paid` carries the item back to the triggers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await officeTable(db, 'automation_documents')
    .addColumn('pipeline_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('blob_ref', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('automation_documents_run_uq', ['office_id', 'run_id'])
    .addUniqueConstraint('automation_documents_token_uq', ['token'])
    .execute();
  await indexes(db, 'automation_documents', {
    automation_documents_item_idx: ['office_id', 'pipeline_id', 'item_id'],
  });

  await db.schema.alterTable('invoices').addColumn('automation_pipeline_id', 'text').execute();
  await db.schema.alterTable('invoices').addColumn('automation_item_id', 'text').execute();
  await db.schema.alterTable('invoices').addColumn('automation_run_id', 'text').execute();
  await sql`create unique index invoices_automation_run_uq on invoices (office_id, automation_run_id) where automation_run_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index invoices_automation_run_uq`.execute(db);
  for (const c of ['automation_run_id', 'automation_item_id', 'automation_pipeline_id'])
    await db.schema.alterTable('invoices').dropColumn(c).execute();
  await db.schema.dropTable('automation_documents').execute();
}
