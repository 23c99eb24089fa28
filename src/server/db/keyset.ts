/**
 * Reads a query in pages of at most `size` rows, in id order (keyset paging): `page(after)` answers the rows
 * whose id sorts after `after` (`''` for the first page), ordered by id, at most `size` of them — the query
 * keeps its table and conditions where it is written. Each page is yielded once fully read (a routine's
 * runner writes between batches); a short page is the last.
 *
 * @example
 * yield* pagesById(500, (after) =>
 *   db.selectFrom('clients').selectAll().where('office_id', '=', officeId)
 *     .where('id', '>', after).orderBy('id').limit(500).execute());
 */
export async function* pagesById<T extends { id: string }>(
  size: number,
  page: (after: string) => Promise<T[]>,
): AsyncGenerator<T[]> {
  let after = '';
  for (;;) {
    const rows = await page(after);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < size) return;
    after = rows[rows.length - 1]!.id;
  }
}
