import type { TaskDueInput } from '../../../shared/schemas/tasks.js';
import type { BusinessCalendar } from '../br/index.js';

/** One formatter per time zone: `toLocaleDateString` builds a new one per call (≈ 0.5 ms each). */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The civil date of an instant in a time zone (`YYYY-MM-DD`). */
export function civilToday(at: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f.format(at);
}

/**
 * A task's due date from what the form says: "em N dias úteis" counts N business days of the office's
 * calendar from `today` (0: today, or the next business day when today is closed); a date is taken as is.
 *
 * @example dueDateOf({ kind: 'businessDays', days: 2 }, '2026-11-19', cal) // '2026-11-23' (20/11 is a holiday in SP)
 */
export function dueDateOf(due: TaskDueInput, today: string, calendar: BusinessCalendar): string | null {
  if (!due) return null;
  if (due.kind === 'date') return due.date;
  return due.days === 0 ? calendar.adjust(today, 'postpone') : calendar.addBusinessDays(today, due.days);
}
