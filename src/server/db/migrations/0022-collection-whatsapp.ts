import type { Kysely } from 'kysely';
import { officeTable } from '../migration-helpers.js';

/**
 * Cobrança de Arquivos through WhatsApp: a document or photo a contact sent, stored, waiting for the
 * contact to pick (in an interactive list) the pending item it is for; then the item it landed on. One row
 * per inbound message (unique provider id), so a webhook delivered twice is one row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await officeTable(db, 'collection_whatsapp_files')
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('provider_message_id', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('blob_ref', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    // awaiting (the list was sent) → landing (a reply claimed it) → landed; or none (nothing to offer).
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('list_message_id', 'text')
    .addColumn('reply_message_id', 'text')
    .addColumn('item_id', 'text')
    .addColumn('file_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('landed_at', 'text')
    .addUniqueConstraint('collection_whatsapp_files_uq', ['office_id', 'provider_message_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('collection_whatsapp_files').execute();
}
