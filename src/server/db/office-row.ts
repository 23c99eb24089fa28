import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from './schema.js';

/** The tables whose rows belong to one office: each has an `id` and an `office_id`. */
type OfficeTable = {
  [T in keyof Database]: Database[T] extends { id: unknown; office_id: unknown } ? T : never;
}[keyof Database];

/**
 * The `where` of one row of an office's table: its `office_id` and its `id` (every read and write of a
 * row is scoped by office). For a query on that one table (the columns are not qualified); a table without
 * both columns is a type error.
 *
 * @example
 * db.selectFrom('services').selectAll().where(officeRow(officeId, id)).executeTakeFirst();
 * trx.updateTable('services').set(patch).where(officeRow(officeId, id)).execute();
 */
export const officeRow =
  (officeId: string, id: string) =>
  <TB extends OfficeTable>(eb: ExpressionBuilder<Database, TB>): Expression<SqlBool> =>
    eb.and([eb(sql.ref('office_id'), '=', officeId), eb(sql.ref('id'), '=', id)]);
