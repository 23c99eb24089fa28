import type { Kysely } from 'kysely';
import { notNull, nullable } from '../migration-columns.js';
import { officeTable } from '../migration-helpers.js';

/**
 * Cobrança de Arquivos through WhatsApp: a document or photo a contact sent, stored, waiting for the
 * contact to pick (in an interactive list) the pending item it is for; then the item it landed on. One row
 * per inbound message (unique provider id), so a webhook delivered twice is one row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await officeTable(db, 'collection_whatsapp_files')
    .$call(notNull('text', 'contact_id', 'from_address', 'provider_message_id', 'file_name', 'blob_ref'))
    .addColumn('size', 'bigint', (c) => c.notNull())
    // awaiting (the list was sent) → landing (a reply claimed it) → landed; or none (nothing to offer).
    .addColumn('state', 'text', (c) => c.notNull())
    .$call(nullable('text', 'list_message_id', 'reply_message_id', 'item_id', 'file_id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('landed_at', 'text')
    .addUniqueConstraint('collection_whatsapp_files_uq', ['office_id', 'provider_message_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('collection_whatsapp_files').execute();
}
