import type { Db } from '../../db/database.js';
import { readPage } from '../../db/list-query.js';
import { officeRow } from '../../db/office-row.js';
import type { ServiceRow } from '../../db/schema.js';
import type { Service } from './clients.schema.js';

export function toService(r: ServiceRow): Service {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    defaultValueCents: r.default_value_cents,
    department: r.department,
    active: r.active === 1,
  };
}

export async function listServices(
  db: Db,
  officeId: string,
  q: {
    page: number;
    pageSize: number;
    q?: string | undefined;
    active?: boolean | undefined;
    order: 'asc' | 'desc';
  },
) {
  let base = db.selectFrom('services').where('office_id', '=', officeId);
  if (q.active !== undefined) base = base.where('active', '=', q.active ? 1 : 0);
  if (q.q) base = base.where((eb) => eb(eb.fn('lower', ['name']), 'like', `%${q.q!.toLowerCase()}%`));
  return readPage(q, base.selectAll().orderBy('name', q.order), base, toService);
}

export async function findService(db: Db, officeId: string, id: string) {
  const r = await db.selectFrom('services').selectAll().where(officeRow(officeId, id)).executeTakeFirst();
  return r ? toService(r) : undefined;
}

export async function findServiceIdByName(db: Db, officeId: string, name: string) {
  const r = await db
    .selectFrom('services')
    .select('id')
    .where('office_id', '=', officeId)
    .where('name', '=', name)
    .executeTakeFirst();
  return r?.id;
}

export async function insertServiceRow(db: Db, row: ServiceRow) {
  await db.insertInto('services').values(row).execute();
}

export async function updateServiceRow(db: Db, officeId: string, id: string, patch: Partial<ServiceRow>) {
  await db.updateTable('services').set(patch).where(officeRow(officeId, id)).execute();
}
