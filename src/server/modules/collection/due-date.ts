import { type BusinessCalendar, civilDate, daysInMonth } from '../br/index.js';
import type { DueRule } from './collection.schema.js';

/** `'2026-11'` moved by `n` months: `addMonths('2026-11', 2)` → `'2027-01'`. */
export function addMonths(competencia: string, n: number): string {
  const [y, m] = competencia.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** `'2026-11'` → `'11/2026'`, as the office writes a competência. */
export const competenciaLabel = (c: string) => `${c.slice(5, 7)}/${c.slice(0, 4)}`;

/**
 * The due date of a competência under a model's rule, in the office's calendar: month M + `monthOffset`,
 * day `day` (clamped to the month's last day) moved to a business day (`postpone`/`anticipate`), or — with
 * `businessDays` — the `day`-th business day of that month (its last business day when it has fewer).
 *
 * @example dueDateOf('2026-10', { day: 10, businessDays: false, monthOffset: 1, adjust: 'postpone' }, cal) // '2026-11-10'
 */
export function dueDateOf(competencia: string, rule: DueRule, calendar: BusinessCalendar): string {
  const [y, m] = addMonths(competencia, rule.monthOffset).split('-').map(Number) as [number, number];
  if (rule.businessDays) {
    try {
      return calendar.nthBusinessDay(y, m, rule.day);
    } catch {
      return calendar.lastBusinessDay(y, m);
    }
  }
  const day = Math.min(rule.day, daysInMonth(y, m));
  return calendar.adjust(civilDate(y, m, day), rule.adjust);
}

/**
 * The days a reminder ladder fires: each offset in business days from the due date (0: the due date),
 * sorted, without repeats.
 *
 * @example ladderDays('2026-11-10', [-3, -1, 0, 2, 5], cal) // ['2026-11-05', '2026-11-09', '2026-11-10', '2026-11-12', '2026-11-17']
 */
export function ladderDays(
  dueDate: string,
  offsets: readonly number[],
  calendar: BusinessCalendar,
): string[] {
  return [...new Set(offsets.map((o) => (o === 0 ? dueDate : calendar.addBusinessDays(dueDate, o))))].sort();
}
