/**
 * Due dates and billing windows — pure functions of a contract, a competência and the office's calendar.
 */
import {
  addDays,
  type BusinessCalendar,
  type CivilDate,
  civilDate,
  compareCivil,
  daysInMonth,
} from '../br/index.js';
import type { DueRule } from './billing.schema.js';

/** `'2026-11'` → `{ year: 2026, month: 11 }`. */
export function periodParts(period: string): { year: number; month: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) throw new RangeError(`invalid period ${period}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) throw new RangeError(`invalid period ${period}`);
  return { year, month };
}

/** The competência of a date: `'2026-11-23'` → `'2026-11'`. */
export const periodOf = (date: CivilDate): string => date.slice(0, 7);

/** `n` months later (earlier if negative): `addMonths('2026-12', 1)` → `'2027-01'`. */
export function addMonths(period: string, n: number): string {
  const { year, month } = periodParts(period);
  const index = year * 12 + (month - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** `'2026-11'` → `'11/2026'`, as the office writes a competência. */
export function periodLabel(period: string): string {
  const { year, month } = periodParts(period);
  return `${String(month).padStart(2, '0')}/${year}`;
}

/**
 * The due date of a competência under a contract's rule:
 * - `day`: that day of the month, clamped to the month's last day (31 in February → the 28th or 29th).
 *   PIX settles on any day, so a weekend or holiday is kept as it is.
 * - `business_day`: the Nth business day of the office's calendar (weekends, national, state and
 *   municipal holidays, the office's own closed days); a month with fewer gets its last business day.
 */
export function dueDateFor(
  rule: { dueRule: DueRule; dueDay: number },
  period: string,
  calendar: BusinessCalendar,
): CivilDate {
  const { year, month } = periodParts(period);
  if (rule.dueRule === 'day') return civilDate(year, month, Math.min(rule.dueDay, daysInMonth(year, month)));
  try {
    return calendar.nthBusinessDay(year, month, rule.dueDay);
  } catch (err) {
    if (err instanceof RangeError) return calendar.lastBusinessDay(year, month);
    throw err;
  }
}

/** One invoice the monthly routine should make (or make sure was sent) on a reference date. */
export interface BillingSlot {
  period: string;
  /** The contract's due date for the period. */
  ruleDueDate: CivilDate;
  /** The invoice's due date: the rule's, or — when the rule's is already past — `date + daysBeforeDue`. */
  dueDate: CivilDate;
  /** Made after the rule's due date had passed (a contract started late, or the routine was off). */
  late: boolean;
}

/**
 * The competências a contract is billed for on `date`: the current month and the next, each once its
 * window has opened — `date ≥ due date − daysBeforeDue` — and not before the contract's first
 * competência. A window that opened on an earlier day (the routine did not run, the contract is new)
 * is still open: the invoice is made on the next run, and if the rule's due date has passed, it gets
 * `date + daysBeforeDue` instead, so the client always has the same notice.
 *
 * With a daily schedule this bills each month `daysBeforeDue` days before it is due; a monthly schedule
 * needs `daysBeforeDue` at least the gap between the run's day and the due day.
 */
export function billingSlots(
  contract: { dueRule: DueRule; dueDay: number; startPeriod: string },
  date: CivilDate,
  daysBeforeDue: number,
  calendar: BusinessCalendar,
): BillingSlot[] {
  const current = periodOf(date);
  const out: BillingSlot[] = [];
  for (const period of [current, addMonths(current, 1)]) {
    if (period < contract.startPeriod) continue;
    const ruleDueDate = dueDateFor(contract, period, calendar);
    if (compareCivil(addDays(ruleDueDate, -daysBeforeDue), date) > 0) continue;
    const late = compareCivil(ruleDueDate, date) < 0;
    out.push({ period, ruleDueDate, dueDate: late ? addDays(date, daysBeforeDue) : ruleDueDate, late });
  }
  return out;
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CivilDate, to: CivilDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The overdue reminder due on `daysOverdue` days past the due date: the latest configured day already
 * crossed, or null. A run that missed earlier days sends only this one — never the older ones — and
 * nothing when it was already sent (`lastSent`).
 */
export function reminderDue(
  reminderDays: number[],
  daysOverdue: number,
  lastSent: number | null,
): number | null {
  const crossed = reminderDays.filter((d) => d <= daysOverdue);
  if (crossed.length === 0) return null;
  const latest = Math.max(...crossed);
  return lastSent !== null && latest <= lastSent ? null : latest;
}
