import { type Kysely, sql } from 'kysely';
import { notNull } from '../migration-columns.js';
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
    .$call(notNull('text', 'pipeline_id', 'item_id'))
    .addColumn('client_id', 'text')
    .$call(notNull('text', 'run_id', 'name', 'blob_ref'))
    .addColumn('size', 'bigint', (c) => c.notNull())
    .$call(notNull('text', 'token', 'created_at'))
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
