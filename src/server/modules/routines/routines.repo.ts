import type { Db } from '../../db/database.js';
import { officeRow } from '../../db/office-row.js';
import type { RoutinesTable } from '../../db/schema.js';

export type RoutineRow = RoutinesTable;

export const findRoutineByKind = (db: Db, officeId: string, kind: string) =>
  db
    .selectFrom('routines')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('kind', '=', kind)
    .executeTakeFirst();

export const findRoutineById = (db: Db, officeId: string, id: string) =>
  db.selectFrom('routines').selectAll().where(officeRow(officeId, id)).executeTakeFirst();

export const listRoutineRows = (db: Db, officeId: string) =>
  db.selectFrom('routines').selectAll().where('office_id', '=', officeId).execute();

/** How many routines the office has switched on. */
export async function countActiveRoutines(db: Db, officeId: string): Promise<number> {
  const row = await db
    .selectFrom('routines')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('office_id', '=', officeId)
    .where('active', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertRoutineRow(db: Db, row: RoutineRow): Promise<void> {
  await db.insertInto('routines').values(row).execute();
}

/** Writes the row if it still has `version` (optimistic concurrency); false when someone else won. */
export async function updateRoutineRow(
  db: Db,
  officeId: string,
  id: string,
  version: number,
  patch: Partial<Omit<RoutineRow, 'id' | 'office_id' | 'kind' | 'created_at'>>,
): Promise<boolean> {
  const r = await db
    .updateTable('routines')
    .set({ ...patch, version: version + 1 })
    .where('office_id', '=', officeId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Which of `tags` some client of the office carries. */
export async function existingTags(db: Db, officeId: string, tags: readonly string[]): Promise<Set<string>> {
  if (tags.length === 0) return new Set();
  const rows = await db
    .selectFrom('client_tags')
    .select('tag')
    .distinct()
    .where('office_id', '=', officeId)
    .where('tag', 'in', [...tags])
    .execute();
  return new Set(rows.map((r) => r.tag));
}
