/**
 * Reads a query in keyset pages of at most `size` rows: `page(after)` answers the rows that sort after the
 * cursor `after` (`null` for the first page), in the query's order, at most `size` of them — the query keeps
 * its table, conditions and order where it is written; `cursorOf(last)` is the cursor of a page's last row.
 * Each page is yielded once fully read (a routine's runner writes between batches); a short page is the last.
 *
 * @example
 * yield* keysetPages(
 *   500,
 *   (after) => expiryCandidates(db, officeId, after, 500), // ordered by (not_after, id)
 *   (last) => ({ notAfter: last.notAfter, id: last.id }),
 * );
 */
export async function* keysetPages<T, C>(
  size: number,
  page: (after: C | null) => Promise<T[]>,
  cursorOf: (last: T) => C,
): AsyncGenerator<T[]> {
  let after: C | null = null;
  for (;;) {
    const rows = await page(after);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < size) return;
    after = cursorOf(rows[rows.length - 1]!);
  }
}

/**
 * {@link keysetPages} in id order: `page(after)` answers the rows whose id sorts after `after` (`''` for
 * the first page), ordered by id.
 *
 * @example
 * yield* pagesById(500, (after) =>
 *   db.selectFrom('clients').selectAll().where('office_id', '=', officeId)
 *     .where('id', '>', after).orderBy('id').limit(500).execute());
 */
export const pagesById = <T extends { id: string }>(
  size: number,
  page: (after: string) => Promise<T[]>,
): AsyncGenerator<T[]> =>
  keysetPages(
    size,
    (after: string | null) => page(after ?? ''),
    (last) => last.id,
  );
