import type { Kysely } from 'kysely';
import { indexes } from '../migration-helpers.js';

/**
 * The clients list counts its matches on every page. Filtering by status AND class had no index
 * holding both columns, so the count read every row of the class (~30,000 row lookups at 100,000
 * clients; bench/clients.bench.ts). This covering index answers such counts from the index alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await indexes(db, 'clients', { clients_status_class_idx: ['office_id', 'status', 'class'] });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('clients_status_class_idx').execute();
}
