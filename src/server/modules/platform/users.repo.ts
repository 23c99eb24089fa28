import type { Db } from '../../db/database.js';
import { officeRow } from '../../db/office-row.js';
import type { UserRow } from '../../db/schema.js';
import type { User } from './platform.schema.js';
import { sessionsChanged } from './sessions.repo.js';

export function toUser(r: UserRow, professionIds: string[]): User {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    role: r.role,
    active: r.active === 1,
    supervisorId: r.supervisor_id,
    professionIds,
    language: r.language,
    createdAt: r.created_at,
  };
}

async function professionIdsOf(db: Db, userIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (userIds.length === 0) return map;
  const rows = await db
    .selectFrom('user_professions')
    .select(['user_id', 'profession_id'])
    .where('user_id', 'in', userIds)
    .execute();
  for (const r of rows) map.set(r.user_id, [...(map.get(r.user_id) ?? []), r.profession_id]);
  return map;
}

export async function findUserRowByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserRow(db: Db, officeId: string, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where(officeRow(officeId, id)).executeTakeFirst();
}

export async function findUser(db: Db, officeId: string, id: string): Promise<User | undefined> {
  const row = await findUserRow(db, officeId, id);
  if (!row) return undefined;
  return toUser(row, (await professionIdsOf(db, [row.id])).get(row.id) ?? []);
}

export async function listUsers(
  db: Db,
  officeId: string,
  filter: { q?: string | undefined; active?: boolean | undefined },
): Promise<User[]> {
  let query = db.selectFrom('users').selectAll().where('office_id', '=', officeId);
  if (filter.active !== undefined) query = query.where('active', '=', filter.active ? 1 : 0);
  if (filter.q) {
    const like = `%${filter.q.toLowerCase()}%`;
    query = query.where((eb) =>
      eb.or([eb(eb.fn('lower', ['name']), 'like', like), eb('email', 'like', like)]),
    );
  }
  const rows = await query.orderBy('name').execute();
  const profs = await professionIdsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toUser(r, profs.get(r.id) ?? []));
}

export async function insertUser(
  db: Db,
  officeId: string,
  row: Omit<UserRow, 'office_id' | 'language'> & Partial<Pick<UserRow, 'language'>>,
) {
  await db
    .insertInto('users')
    .values({ ...row, office_id: officeId })
    .execute();
}

/** Updates a user; a change to what a session's principal holds is announced to every web process. */
export async function updateUserRow(db: Db, officeId: string, id: string, patch: Partial<UserRow>) {
  await db.updateTable('users').set(patch).where(officeRow(officeId, id)).execute();
  if (patch.role !== undefined || patch.language !== undefined || patch.active !== undefined)
    await sessionsChanged(db, id);
}

export async function setUserProfessions(db: Db, officeId: string, userId: string, professionIds: string[]) {
  await db.deleteFrom('user_professions').where('user_id', '=', userId).execute();
  if (professionIds.length === 0) return;
  await db
    .insertInto('user_professions')
    .values(professionIds.map((p) => ({ user_id: userId, profession_id: p, office_id: officeId })))
    .execute();
}

/**
 * The office's first active administrator (the oldest): who gets what has no responsible — a client with
 * no responsible of a profession, a routine's staff notice, a collection request.
 */
export const firstAdminId = (db: Db, officeId: string): Promise<string | null> =>
  db
    .selectFrom('users')
    .select('id')
    .where('office_id', '=', officeId)
    .where('role', '=', 'admin')
    .where('active', '=', 1)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst()
    .then((admin) => admin?.id ?? null);

export async function countActiveAdmins(db: Db, officeId: string): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('office_id', '=', officeId)
    .where('role', '=', 'admin')
    .where('active', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
