import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';

/**
 * The shapes the migrations repeat, each written once. A migration that has been applied must keep creating
 * exactly the same schema, so these helpers only assemble the Kysely builder calls the migrations used to
 * spell out; `test/db/schema-snapshot.test.ts` proves the DDL stayed byte-identical on both dialects.
 *
 * @example
 * await officeTable(db, 'tasks')
 *   .addColumn('title', 'text', (c) => c.notNull())
 *   .addColumn('task_id', 'text', parent('tasks'))
 *   .$call(timestamps)
 *   .execute();
 * await indexes(db, 'tasks', { tasks_office_idx: ['office_id', 'status'] });
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

/** `office_id`: not null, references `offices.id`, deleted with the office. */
export function officeId<TB extends string, C extends string>(table: CreateTableBuilder<TB, C>) {
  return table.addColumn('office_id', 'text', parent('offices'));
}

/** `created_at` and `updated_at`, both not-null ISO instants (text). */
export function timestamps<TB extends string, C extends string>(table: CreateTableBuilder<TB, C>) {
  return table
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull());
}

/** A column's definition: not null, references `<table>.id`, deleted with that row (on delete cascade). */
export function parent(table: string) {
  return (c: ColumnDefinitionBuilder) => c.notNull().references(`${table}.id`).onDelete('cascade');
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
