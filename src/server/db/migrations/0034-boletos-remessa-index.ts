import type { Kysely } from 'kysely';

/**
 * The boletos of a remessa in the file's order: a remessa is written as a stream, page by page (keyset on
 * due date and id) over the boletos marked with its id, so each page is one range read of this index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('boletos_remessa_idx')
    .on('boletos')
    .columns(['remessa_id', 'due_date', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('boletos_remessa_idx').execute();
}
