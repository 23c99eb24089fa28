import type { Db } from '../../../db/database.js';
import { calendarOf } from '../../engine/index.js';
import { findOffice } from '../../platform/index.js';
import { defaultOfficeHours, type OfficeTime } from './delays.js';

/** Office times kept a few seconds: a burst of moves or a drain batch reads the office once. */
const recent = new Map<string, { t: OfficeTime; until: number }>();
const RECENT_MS = 5_000;

/** The office's calendar, time zone and opening hours (reads through `db`: safe inside a transaction). */
export async function officeTimeOf(db: Db, officeId: string): Promise<OfficeTime> {
  const hit = recent.get(officeId);
  if (hit && hit.until > Date.now()) return hit.t;
  const office = await findOffice(db, officeId);
  if (!office) throw new Error(`office ${officeId} not found`);
  const t: OfficeTime = {
    calendar: calendarOf(office),
    timeZone: office.timeZone,
    hours: defaultOfficeHours,
  };
  if (recent.size >= 10_000) recent.clear();
  recent.set(officeId, { t, until: Date.now() + RECENT_MS });
  return t;
}
