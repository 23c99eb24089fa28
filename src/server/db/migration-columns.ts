import type { ColumnDataType, ColumnDefinitionBuilder, CreateTableBuilder } from 'kysely';

/**
 * The columns the migrations repeat, each written once, for a `createTable` chain's `.$call(…)` (tables
 * and indexes: `migration-helpers.ts`). Like those, they only assemble the Kysely builder calls the
 * migrations used to spell out; `test/db/schema-snapshot.test.ts` proves the DDL stayed byte-identical.
 *
 * @example
 * await officeTable(db, 'tasks')
 *   .$call(notNull('text', 'title', 'status'))
 *   .$call(nullable('text', 'notes', 'due_date'))
 *   .addColumn('task_id', 'text', parent('tasks'))
 *   .$call(timestamps)
 *   .execute();
 */

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

/**
 * Several not-null columns of one type, added in the order named: a table's run of plain required columns
 * in one line, as Rails writes `t.string :name, :kind, null: false`. A column with a default, a reference
 * or a comment of its own keeps its own `.addColumn`.
 *
 * @example
 * .$call(notNull('text', 'client_id', 'effective_on', 'method'))
 */
export function notNull<N extends string>(type: ColumnDataType, ...names: N[]) {
  return <TB extends string, C extends string>(table: CreateTableBuilder<TB, C>) =>
    names.reduce<CreateTableBuilder<TB, C | N>>(
      (t, name) => t.addColumn(name, type, (c) => c.notNull()),
      table,
    );
}

/** Several nullable columns of one type, added in the order named (see {@link notNull}). */
export function nullable<N extends string>(type: ColumnDataType, ...names: N[]) {
  return <TB extends string, C extends string>(table: CreateTableBuilder<TB, C>) =>
    names.reduce<CreateTableBuilder<TB, C | N>>((t, name) => t.addColumn(name, type), table);
}

/** A column's definition: not null, references `<table>.id`, deleted with that row (on delete cascade). */
export function parent(table: string) {
  return (c: ColumnDefinitionBuilder) => c.notNull().references(`${table}.id`).onDelete('cascade');
}
