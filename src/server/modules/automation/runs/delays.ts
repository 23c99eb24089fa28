import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { ruleDelay } from '../../../../shared/schemas/automation.js';
import type { BusinessCalendar } from '../../br/index.js';

export type RuleDelay = z.output<typeof ruleDelay>;

/** The office's working time, in which delays are counted: its calendar, time zone and opening hours. */
export interface OfficeTime {
  calendar: Pick<BusinessCalendar, 'isBusinessDay' | 'addBusinessDays' | 'nextBusinessDay'>;
  timeZone: string;
  /** Opening hours in minutes after midnight (default 08:00–18:00). */
  hours: { start: number; end: number };
}

export const defaultOfficeHours = { start: 8 * 60, end: 18 * 60 };

/**
 * When a rule with `delay` is due, counted from `from` (its item's entry, or the previous group's end) in
 * the office's time zone:
 * - `after`: minutes and hours are elapsed time; days are calendar days at the same local time; business
 *   days skip weekends and the office's holidays (same local time);
 * - `field`: the item's date field ± N days (business days if asked) at `at` (default: the opening hour);
 *   `null` when the item has no date there (the run is skipped, saying why);
 * - `businessHours`: a time outside the opening hours, or on a day off, moves to the next opening.
 */
export function dueAtOf(
  delay: RuleDelay,
  from: Date,
  t: OfficeTime,
  fields: Record<string, unknown> | null,
): Date | null {
  // Elapsed time needs no calendar nor time zone (Luxon's zone arithmetic is most of a move's delay cost).
  if (!delay.businessHours) {
    if (delay.kind === 'none') return new Date(from.getTime());
    if (delay.kind === 'after' && (delay.unit === 'minutes' || delay.unit === 'hours'))
      return new Date(from.getTime() + delay.amount * (delay.unit === 'minutes' ? 60_000 : 3_600_000));
  }
  let due: DateTime;
  const local = DateTime.fromJSDate(from, { zone: t.timeZone });
  if (delay.kind === 'none') due = local;
  else if (delay.kind === 'after') {
    switch (delay.unit) {
      case 'minutes':
        due = local.plus({ minutes: delay.amount });
        break;
      case 'hours':
        due = local.plus({ hours: delay.amount });
        break;
      case 'days':
        due = local.plus({ days: delay.amount });
        break;
      case 'business_days': {
        const day = t.calendar.addBusinessDays(local.toISODate()!, delay.amount);
        due = DateTime.fromISO(`${day}T${local.toFormat('HH:mm:ss.SSS')}`, { zone: t.timeZone });
        break;
      }
    }
  } else {
    const value = fields?.[delay.field];
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
    const base = value.slice(0, 10);
    const day = delay.businessDays
      ? t.calendar.addBusinessDays(base, delay.offsetDays)
      : DateTime.fromISO(base, { zone: t.timeZone }).plus({ days: delay.offsetDays }).toISODate()!;
    const at = delay.time ?? (delay as { at?: string | null }).at ?? minutesToTime(t.hours.start);
    due = DateTime.fromISO(`${day}T${at}`, { zone: t.timeZone });
  }
  if (delay.businessHours) due = nextOpening(due, t);
  return due.toJSDate();
}

/** `at` itself when the office is open then, else the next opening (a business day's opening hour). */
function nextOpening(at: DateTime, t: OfficeTime): DateTime {
  const minute = at.hour * 60 + at.minute;
  const day = at.toISODate()!;
  const openOn = (d: string) =>
    DateTime.fromISO(`${d}T${minutesToTime(t.hours.start)}`, { zone: t.timeZone });
  if (t.calendar.isBusinessDay(day)) {
    if (minute < t.hours.start) return openOn(day);
    if (minute < t.hours.end) return at;
  }
  return openOn(t.calendar.nextBusinessDay(day));
}

const minutesToTime = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
