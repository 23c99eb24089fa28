import type { Kysely } from 'kysely';
import { indexes } from '../migration-helpers.js';

/**
 * The client filter's index leaves the status out. A client has tens of tickets, so filtering them by
 * status reads a handful of rows; and an index without the status is one that a status move does not
 * touch: every move wrote two of its pages (the old entry and the new one).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('tickets_client_number_idx').execute();
  await indexes(db, 'tickets', { tickets_client_idx: ['office_id', 'client_id', 'number'] });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('tickets_client_idx').execute();
  await indexes(db, 'tickets', { tickets_client_number_idx: ['office_id', 'client_id', 'status', 'number'] });
}
