import type { Db } from '../../db/database.js';
import { officeRow } from '../../db/office-row.js';
import type { Profession } from './platform.schema.js';

export async function listProfessions(db: Db, officeId: string): Promise<Profession[]> {
  return db
    .selectFrom('professions')
    .select(['id', 'name'])
    .where('office_id', '=', officeId)
    .orderBy('name')
    .execute();
}

export async function findProfession(db: Db, officeId: string, id: string): Promise<Profession | undefined> {
  return db
    .selectFrom('professions')
    .select(['id', 'name'])
    .where(officeRow(officeId, id))
    .executeTakeFirst();
}

export async function findProfessionByName(db: Db, officeId: string, name: string) {
  return db
    .selectFrom('professions')
    .select(['id', 'name'])
    .where('office_id', '=', officeId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function insertProfession(db: Db, officeId: string, p: Profession, at: Date): Promise<void> {
  await db
    .insertInto('professions')
    .values({ id: p.id, office_id: officeId, name: p.name, created_at: at.toISOString() })
    .execute();
}

export async function renameProfession(db: Db, officeId: string, id: string, name: string): Promise<void> {
  await db.updateTable('professions').set({ name }).where(officeRow(officeId, id)).execute();
}

export async function deleteProfession(db: Db, officeId: string, id: string): Promise<void> {
  await db.deleteFrom('professions').where('office_id', '=', officeId).where('id', '=', id).execute();
}

/** How many users and client assignments refer to the profession. */
export async function professionUsage(db: Db, officeId: string, id: string): Promise<number> {
  const [u, c] = await Promise.all([
    db
      .selectFrom('user_professions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('office_id', '=', officeId)
      .where('profession_id', '=', id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('client_responsibles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('office_id', '=', officeId)
      .where('profession_id', '=', id)
      .executeTakeFirstOrThrow(),
  ]);
  return Number(u.n) + Number(c.n);
}
