import type { Kysely } from 'kysely';
import { officeId } from './migration-columns.js';

/**
 * The tables and indexes the migrations repeat, each written once (their columns: `migration-columns.ts`).
 * A migration that has been applied must keep creating exactly the same schema, so these helpers only
 * assemble the Kysely builder calls the migrations used to spell out; `test/db/schema-snapshot.test.ts`
 * proves the DDL stayed byte-identical on both dialects.
 *
 * @example
 * await officeTable(db, 'tasks')
 *   .$call(notNull('text', 'title', 'status'))
 *   .execute();
 * await indexes(db, 'tasks', { tasks_office_idx: ['office_id', 'status'] });
 * await dropTables(db, ['tasks']);
 */

/**
 * A table of one office's records: `id` (text primary key), then `office_id` (`officeId`). Further columns
 * follow in the order they are added.
 */
export function officeTable(db: Kysely<unknown>, name: string) {
  return db.schema
    .createTable(name)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .$call(officeId);
}

/**
 * The plain indexes of one table, created in the order listed: `{ index_name: ['column', 'other desc'] }`.
 *
 * @example
 * await indexes(db, 'tasks', {
 *   tasks_office_idx: ['office_id', 'status', 'due_date'],
 *   tasks_item_idx: ['office_id', 'pipeline_id', 'item_id'],
 * });
 */
export async function indexes(db: Kysely<unknown>, table: string, byName: Record<string, string[]>) {
  for (const [name, columns] of Object.entries(byName)) await index(db, name, table, columns).execute();
}

/** One index `name` on `table (columns…)`, to chain `.unique()` or a partial index's `.where(…)` on. */
export function index(db: Kysely<unknown>, name: string, table: string, columns: string[]) {
  return db.schema.createIndex(name).on(table).columns(columns);
}

/** Drops the tables in the order given (children before their parents). */
export async function dropTables(db: Kysely<unknown>, tables: string[]): Promise<void> {
  for (const table of tables) await db.schema.dropTable(table).execute();
}
