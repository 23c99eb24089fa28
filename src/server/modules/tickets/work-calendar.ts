import type { Db } from '../../db/database.js';
import { calendarOf } from '../engine/index.js';
import { findOffice } from '../platform/index.js';
import { defaultBusinessHours, type WorkCalendar } from './sla.js';
import { TicketsError } from './tickets.errors.js';

/** Working calendars by office, kept for a few seconds (a move or a grid page need no office read). */
const recent = new Map<string, { wc: WorkCalendar; until: number }>();
const RECENT_MS = 5_000;

/**
 * The office's working time for SLA maths: its business calendar (`calendarOf`, the scheduler's), its time
 * zone, and the opening hours (08:00–18:00). Reads through `db`, so it is safe inside a transaction. A
 * change of the office's calendar or time zone is seen within {@link RECENT_MS} ms.
 */
export async function workCalendarOf(db: Db, officeId: string): Promise<WorkCalendar> {
  const hit = recent.get(officeId);
  if (hit && hit.until > Date.now()) return hit.wc;
  const office = await findOffice(db, officeId);
  if (!office) throw new TicketsError('not_found');
  const wc = { calendar: calendarOf(office), timeZone: office.timeZone, hours: defaultBusinessHours };
  if (recent.size >= 10_000) recent.clear();
  recent.set(officeId, { wc, until: Date.now() + RECENT_MS });
  return wc;
}
