import type { Kysely } from 'kysely';
import { notNull, nullable, officeId, parent, timestamps } from '../migration-columns.js';
import { dropTables, indexes, officeTable } from '../migration-helpers.js';

/**
 * Clients' digital certificates (A1 metadata read from the .pfx, or A3 entered by hand) and tax-clearance
 * certificates (certidões) with the per-client set of required types.
 *
 * A certificate row never holds the private key or the .pfx password: only metadata and, for A1, the
 * public certificate (PEM).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await officeTable(db, 'client_certificates')
    .addColumn('client_id', 'text', parent('clients'))
    .$call(notNull('text', 'kind', 'holder_name'))
    .$call(nullable('text', 'document', 'document_kind', 'certificate_type', 'issuer', 'serial_number'))
    .addColumn('not_before', 'text')
    .addColumn('not_after', 'text', (c) => c.notNull())
    .$call(nullable('text', 'fingerprint', 'certificate_pem', 'media', 'notes'))
    .addColumn('notice_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .$call(timestamps)
    // The same .pfx twice for one client is one certificate (NULL fingerprints, A3, never collide).
    .addUniqueConstraint('client_certificates_fingerprint_uq', ['office_id', 'client_id', 'fingerprint'])
    .execute();
  // The expiry routine's keyset walk: certificates it may still have something to say about, by expiry.
  await indexes(db, 'client_certificates', {
    client_certificates_expiry_idx: ['office_id', 'notice_done', 'not_after', 'id'],
    client_certificates_client_idx: ['office_id', 'client_id', 'not_after'],
  });

  await officeTable(db, 'client_certidoes')
    .addColumn('client_id', 'text', parent('clients'))
    .$call(notNull('text', 'type', 'status', 'issued_on', 'valid_until'))
    .$call(nullable('text', 'number', 'notes', 'file_ref', 'file_name'))
    .addColumn('file_size', 'integer')
    .$call(nullable('text', 'file_type', 'created_by'))
    .$call(timestamps)
    .execute();
  await indexes(db, 'client_certidoes', {
    client_certidoes_client_idx: ['office_id', 'client_id', 'type', 'valid_until'],
  });

  await db.schema
    .createTable('client_certidao_settings')
    .addColumn('client_id', 'text', (c) => c.primaryKey().references('clients.id').onDelete('cascade'))
    .$call(officeId)
    .$call(notNull('text', 'required_types', 'updated_at'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropTables(db, ['client_certidao_settings', 'client_certidoes', 'client_certificates']);
}
