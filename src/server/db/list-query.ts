import type { SelectQueryBuilder } from 'kysely';

/** Which page of a list to read: 1-based, `pageSize` rows each. */
export interface PageQuery {
  page: number;
  pageSize: number;
}

/** A page of a list as the API answers it: the page's items and how many match in all. */
export interface Page<Item> extends PageQuery {
  items: Item[];
  total: number;
}

/**
 * Reads one page of a list: `rows` (filtered and sorted) limited to the page, and the count of every row
 * `matching` the filters (the same query before its select), both at once.
 *
 * @example
 * let base = db.selectFrom('services').where('office_id', '=', officeId);
 * if (q.active !== undefined) base = base.where('active', '=', q.active ? 1 : 0);
 * return readPage(q, base.selectAll().orderBy('name', q.order), base, toService);
 */
export async function readPage<DB, TB extends keyof DB, Row, CountDB, CountTB extends keyof CountDB, Item>(
  q: PageQuery,
  rows: SelectQueryBuilder<DB, TB, Row>,
  matching: SelectQueryBuilder<CountDB, CountTB, object>,
  toItem: (row: Row) => Item,
): Promise<Page<Item>> {
  const [found, count] = await Promise.all([
    rows
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    // Kysely cannot name the selection's columns over a generic DB; the select above makes exactly `n`.
    matching.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow() as Promise<{
      n: number | string;
    }>,
  ]);
  return { items: found.map(toItem), total: Number(count.n), page: q.page, pageSize: q.pageSize };
}
