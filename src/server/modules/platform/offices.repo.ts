import type { Db } from '../../db/database.js';
import type { OfficeRow } from '../../db/schema.js';
import { type Office, officeCalendarSchema } from './platform.schema.js';

export function toOffice(r: OfficeRow): Office {
  return {
    id: r.id,
    name: r.name,
    cnpj: r.cnpj,
    timeZone: r.time_zone,
    state: r.state,
    city: r.city,
    clientClasses: JSON.parse(r.client_classes) as string[],
    calendar: officeCalendarSchema.parse(JSON.parse(r.calendar)),
  };
}

export async function findOffice(db: Db, id: string): Promise<Office | undefined> {
  const row = await db.selectFrom('offices').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toOffice(row) : undefined;
}

/** The columns an office's settings are kept in. */
const officeColumns = (o: Office, at: Date) => ({
  name: o.name,
  cnpj: o.cnpj,
  time_zone: o.timeZone,
  state: o.state,
  city: o.city,
  client_classes: JSON.stringify(o.clientClasses),
  calendar: JSON.stringify(o.calendar),
  updated_at: at.toISOString(),
});

export async function insertOffice(db: Db, o: Office, at: Date): Promise<void> {
  await db
    .insertInto('offices')
    .values({ id: o.id, ...officeColumns(o, at), created_at: at.toISOString() })
    .execute();
}

export async function updateOfficeRow(db: Db, o: Office, at: Date): Promise<void> {
  await db.updateTable('offices').set(officeColumns(o, at)).where('id', '=', o.id).execute();
}

export async function countOffices(db: Db): Promise<number> {
  const r = await db
    .selectFrom('offices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
