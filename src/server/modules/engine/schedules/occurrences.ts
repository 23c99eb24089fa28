import { Cron } from 'croner';
import {
  addDays,
  type BusinessCalendar,
  civilDate,
  civilParts,
  daysInMonth,
  weekday,
} from '../../br/index.js';
import { civilToInstant, instantToCivil } from './civil-time.js';
import type { ScheduleSpec } from './schedule.schema.js';

/** How far ahead the search for the next occurrence may look (covers yearly and 29 February). */
const HORIZON_DAYS = 366 * 9;

/**
 * A schedule spec bound to a time zone and a business calendar: computes fire times. Pure; reads no clock.
 *
 * @example
 * const s = new ParsedSchedule({ type: 'monthly', day: { kind: 'business-day', n: 5 }, times: ['09:00'], nonBusinessDay: 'keep' }, 'America/Sao_Paulo', calendar);
 * s.nextAfter(new Date('2026-11-01T00:00:00Z')); // 2026-11-09T12:00:00.000Z
 */
export class ParsedSchedule {
  #cron: Cron | undefined;
  constructor(
    readonly spec: ScheduleSpec,
    readonly timeZone: string,
    readonly calendar: BusinessCalendar,
  ) {}

  /** The first occurrence strictly after `after`, or null when the schedule has ended. */
  nextAfter(after: Date): Date | null {
    const spec = this.spec;
    const startCivil = instantToCivil(after, this.timeZone).date;
    if (spec.type === 'cron') return this.#nextCron(after);
    // Anticipation moves an occurrence earlier than its nominal date (at most past a run of closed days),
    // so that search starts a little before `after`'s date; otherwise the day before is enough.
    let day = addDays(startCivil, spec.nonBusinessDay === 'anticipate' ? -16 : -1);
    for (let i = 0; i < HORIZON_DAYS; i++, day = addDays(day, 1)) {
      if ('endDate' in spec && spec.endDate && this.#firstPossible(day) > spec.endDate) return null;
      const date = this.#occurrenceDateFor(day);
      if (!date || date < addDays(startCivil, -1)) continue;
      let best: Date | null = null;
      for (const t of this.#times()) {
        const at = civilToInstant(date, t, this.timeZone);
        if (at > after && (!best || at < best)) best = at;
      }
      if (best) return best;
      if (spec.type === 'once' && day > spec.date) return null;
    }
    return null;
  }

  /** Up to `limit` occurrences in (from, to]. */
  between(from: Date, to: Date, limit: number): Date[] {
    const out: Date[] = [];
    let cursor = from;
    while (out.length < limit) {
      const next = this.nextAfter(cursor);
      if (!next || next > to) break;
      out.push(next);
      cursor = next;
    }
    return out;
  }

  /** The next `n` occurrences after `after` (the editor's preview). */
  preview(after: Date, n = 10): Date[] {
    return this.between(after, new Date(8_640_000_000_000_000), n);
  }

  #times(): string[] {
    return this.spec.type === 'once' ? [this.spec.time] : this.spec.type === 'cron' ? [] : this.spec.times;
  }

  #firstPossible(nominal: string): string {
    return this.spec.nonBusinessDay === 'anticipate' ? addDays(nominal, -16) : nominal;
  }

  /**
   * The date an occurrence whose nominal date is `day` falls on, after the non-business-day policy; null if
   * `day` is not a nominal date of the schedule, or the policy skips it, or it is outside start/end.
   */
  #occurrenceDateFor(day: string): string | null {
    const spec = this.spec;
    let nominal: string | null = null;
    const { year, month, day: dom } = civilParts(day);
    switch (spec.type) {
      case 'once':
        nominal = day === spec.date ? day : null;
        break;
      case 'daily':
        nominal = day;
        break;
      case 'weekly':
        nominal = spec.weekdays.includes(weekday(day) === 0 ? 7 : weekday(day)) ? day : null;
        break;
      case 'monthly': {
        const target =
          spec.day.kind === 'day'
            ? civilDate(year, month, Math.min(spec.day.n, daysInMonth(year, month)))
            : spec.day.kind === 'business-day'
              ? this.#nthBusinessDayOrNull(year, month, spec.day.n)
              : this.calendar.lastBusinessDay(year, month);
        nominal = target === day ? day : null;
        // Business-day targets are business days by construction: no further adjustment.
        if (nominal && spec.day.kind !== 'day') return this.#within(nominal);
        break;
      }
      case 'yearly': {
        const d = Math.min(spec.day, daysInMonth(year, spec.month));
        nominal = month === spec.month && dom === d ? day : null;
        break;
      }
      case 'cron':
        return null;
    }
    if (!nominal) return null;
    if (!this.#withinNominal(nominal)) return null;
    if (this.calendar.isBusinessDay(nominal)) return nominal;
    switch (spec.nonBusinessDay) {
      case 'keep':
        return nominal;
      case 'skip':
        return null;
      case 'postpone':
        return this.calendar.nextBusinessDay(nominal);
      case 'anticipate':
        return this.calendar.previousBusinessDay(nominal);
    }
  }

  #nthBusinessDayOrNull(year: number, month: number, n: number): string | null {
    try {
      return this.calendar.nthBusinessDay(year, month, n);
    } catch {
      return null; // the month has fewer business days: no occurrence that month
    }
  }

  #withinNominal(d: string): boolean {
    const s = this.spec;
    if (s.type === 'once') return true;
    return (!s.startDate || d >= s.startDate) && (!s.endDate || d <= s.endDate);
  }

  #within(d: string): string | null {
    return this.#withinNominal(d) ? d : null;
  }

  #nextCron(after: Date): Date | null {
    const spec = this.spec;
    if (spec.type !== 'cron') return null;
    // Croner walks civil time (encoded as UTC); each civil match becomes an instant by our DST rule.
    this.#cron ??= new Cron(spec.expression, { utcOffset: 0, paused: true });
    const cron = this.#cron;
    const local = instantToCivil(after, this.timeZone);
    let cursor = new Date(`${local.date}T${local.time}:00Z`);
    // A civil time before `after`'s can never map to a later instant (an overlap maps to its earlier
    // instant), so the walk starts a minute before `after`'s civil time.
    cursor = new Date(cursor.getTime() - 60_000);
    for (let i = 0; i < 100_000; i++) {
      const next = cron.nextRun(cursor);
      if (!next) return null;
      cursor = next;
      const iso = next.toISOString();
      const date = iso.slice(0, 10);
      if (spec.endDate && date > spec.endDate) return null;
      if (spec.startDate && date < spec.startDate) continue;
      if (spec.nonBusinessDay === 'skip' && !this.calendar.isBusinessDay(date)) continue;
      const at = civilToInstant(date, iso.slice(11, 16), this.timeZone);
      if (at > after) return at;
    }
    return null;
  }
}
