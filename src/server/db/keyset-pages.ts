/**
 * Reads a query in keyset pages by id: `page(after)` answers the rows whose id comes after `after`, in id
 * order and at most a page of them; the pages are yielded until one comes back empty.
 *
 * @example
 * yield* keysetPages((after) =>
 *   db.selectFrom('invoices').selectAll().where('id', '>', after).orderBy('id').limit(100).execute());
 */
export async function* keysetPages<R extends { id: string }>(
  page: (after: string) => Promise<R[]>,
): AsyncGenerator<R[]> {
  let after = '';
  for (;;) {
    const rows = await page(after);
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}
