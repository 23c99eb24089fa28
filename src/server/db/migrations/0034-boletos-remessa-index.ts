import type { Kysely } from 'kysely';
import { indexes } from '../migration-helpers.js';

/**
 * The boletos of a remessa in the file's order: a remessa is written as a stream, page by page (keyset on
 * due date and id) over the boletos marked with its id, so each page is one range read of this index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await indexes(db, 'boletos', { boletos_remessa_idx: ['remessa_id', 'due_date', 'id'] });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('boletos_remessa_idx').execute();
}
