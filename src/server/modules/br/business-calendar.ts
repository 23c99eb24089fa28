/**
 * Business-day calendar for a Brazilian office: weekends, national holidays, the state's and (when the data
 * set knows the city) the city's holidays, the federal *pontos facultativos* the office chooses to observe,
 * and the office's own closed and open days. Pure: no clock, no I/O.
 */

import {
  addDays,
  type CivilDate,
  civilDate,
  civilParts,
  compareCivil,
  daysInMonth,
  parseCivilDate,
  weekday,
} from '../../../shared/br/civil-date.js';
import { easterSunday, type Holiday, nationalHolidays, regionalHolidays, resolveRegion } from './holidays.js';

/** How a {@link BusinessCalendar} decides which days the office is closed. */
export interface CalendarOptions {
  /** UF whose state holidays apply (e.g. `'SP'`); none when absent. */
  state?: string | null;
  /** City whose municipal holidays apply, if `date-holidays` knows it; requires `state`. */
  city?: string | null;
  /** Closed on Carnaval Monday and Tuesday. Default `true`. */
  closedOnCarnaval?: boolean;
  /** Closed on Ash Wednesday (the federal service opens at 14h; most offices treat it as a workday). Default `false`. */
  closedOnAshWednesday?: boolean;
  /** Closed on Corpus Christi (a municipal holiday in many cities, a *ponto facultativo* federally). Default `false`. */
  closedOnCorpusChristi?: boolean;
  /** The office's own closed days (e.g. `'2026-12-31'`). */
  closedDays?: CivilDate[];
  /** Days the office works although they are a holiday, a closed day or a weekend: always business days. */
  openDays?: CivilDate[];
}

/** What to do with a date that is not a business day: move forward, move back, or leave it. */
export type AdjustPolicy = 'postpone' | 'anticipate' | 'keep';

/** The longest run of non-business days searched before giving up (about ten years). */
const MAX_SCAN_DAYS = 3660;

const SCOPE_RANK: Record<Holiday['scope'], number> = { national: 0, state: 1, municipal: 2, optional: 3 };

function assertInteger(name: string, n: number): void {
  if (!Number.isInteger(n)) throw new RangeError(`${name} must be an integer, got ${n}`);
}

function ordinal(n: number): string {
  return `${n}º`;
}

/**
 * A business calendar under fixed {@link CalendarOptions}; holidays are computed once per year and cached.
 * Every method validates its dates (`RangeError` for `'2026-02-30'`).
 * @example new BusinessCalendar({ state: 'SP' }).nthBusinessDay(2026, 11, 1) // '2026-11-03'
 */
export class BusinessCalendar {
  readonly #state: string | null;
  readonly #city: string | null;
  readonly #closedOnCarnaval: boolean;
  readonly #closedOnAshWednesday: boolean;
  readonly #closedOnCorpusChristi: boolean;
  readonly #closedDays: ReadonlySet<CivilDate>;
  readonly #openDays: ReadonlySet<CivilDate>;
  readonly #byYear = new Map<number, { list: Holiday[]; byDate: Map<CivilDate, Holiday> }>();

  constructor(options: CalendarOptions = {}) {
    const city = options.city?.trim() || null;
    if (options.state) {
      this.#state = resolveRegion(options.state, city).state;
    } else if (city) {
      throw new RangeError(`CalendarOptions: city ${JSON.stringify(city)} given without a state`);
    } else {
      this.#state = null;
    }
    this.#city = city;
    this.#closedOnCarnaval = options.closedOnCarnaval ?? true;
    this.#closedOnAshWednesday = options.closedOnAshWednesday ?? false;
    this.#closedOnCorpusChristi = options.closedOnCorpusChristi ?? false;
    this.#closedDays = new Set((options.closedDays ?? []).map(parseCivilDate));
    this.#openDays = new Set((options.openDays ?? []).map(parseCivilDate));
  }

  #year(year: number): { list: Holiday[]; byDate: Map<CivilDate, Holiday> } {
    let entry = this.#byYear.get(year);
    if (entry) return entry;
    const easter = easterSunday(year);
    const carnaval = new Set([addDays(easter, -48), addDays(easter, -47)]);
    const ashWednesday = addDays(easter, -46);
    const corpusChristi = addDays(easter, 60);
    const observedOptional = (h: Holiday): boolean => {
      if (carnaval.has(h.date)) return this.#closedOnCarnaval;
      if (h.date === ashWednesday) return this.#closedOnAshWednesday;
      if (h.date === corpusChristi) return this.#closedOnCorpusChristi;
      return false;
    };
    const candidates = [
      ...nationalHolidays(year).filter((h) => h.scope !== 'optional' || observedOptional(h)),
      ...(this.#state ? regionalHolidays(year, this.#state, this.#city) : []),
    ];
    // One holiday per date, the most authoritative scope first (a state Carnaval beats the ponto facultativo).
    const byDate = new Map<CivilDate, Holiday>();
    for (const h of candidates) {
      const current = byDate.get(h.date);
      if (!current || SCOPE_RANK[h.scope] < SCOPE_RANK[current.scope]) byDate.set(h.date, h);
    }
    const list = [...byDate.values()].sort((x, y) => compareCivil(x.date, y.date));
    entry = { list, byDate };
    this.#byYear.set(year, entry);
    return entry;
  }

  /**
   * The holidays that close the office in `year` under these options (national ones, observed *pontos
   * facultativos*, state and municipal ones), one per date, sorted. `closedDays`/`openDays` are not holidays
   * and do not change this list.
   */
  holidays(year: number): Holiday[] {
    return this.#year(year).list.map((h) => ({ ...h }));
  }

  /** The holiday that closes the office on `date` under these options, if any (ignores `openDays`). */
  holidayOn(date: CivilDate): Holiday | undefined {
    const valid = parseCivilDate(date);
    const h = this.#year(civilParts(valid).year).byDate.get(valid);
    return h ? { ...h } : undefined;
  }

  /** Monday–Friday, not a holiday under these options, not a closed day — unless it is in `openDays`. */
  isBusinessDay(date: CivilDate): boolean {
    const valid = parseCivilDate(date);
    if (this.#openDays.has(valid)) return true;
    if (this.#closedDays.has(valid)) return false;
    const dow = weekday(valid);
    if (dow === 0 || dow === 6) return false;
    return !this.#year(civilParts(valid).year).byDate.has(valid);
  }

  #step(date: CivilDate, direction: 1 | -1): CivilDate {
    let d = parseCivilDate(date);
    for (let i = 0; i < MAX_SCAN_DAYS; i++) {
      d = addDays(d, direction);
      if (this.isBusinessDay(d)) return d;
    }
    throw new RangeError(`No business day within ${MAX_SCAN_DAYS} days of ${date}`);
  }

  /** The first business day strictly after `date`: `nextBusinessDay('2026-11-19')` → `'2026-11-23'` (20th is a holiday). */
  nextBusinessDay(date: CivilDate): CivilDate {
    return this.#step(date, 1);
  }

  /** The last business day strictly before `date`: `previousBusinessDay('2026-11-23')` → `'2026-11-19'`. */
  previousBusinessDay(date: CivilDate): CivilDate {
    return this.#step(date, -1);
  }

  /**
   * Moves `n` business days from `date` (back when `n < 0`), each step to the next/previous business day, so
   * `date` itself need not be one: `addBusinessDays('2026-11-21', 1)` → `'2026-11-23'`. `n = 0` returns
   * `date` unchanged, even when it is not a business day (use {@link adjust} for that).
   */
  addBusinessDays(date: CivilDate, n: number): CivilDate {
    assertInteger('addBusinessDays: n', n);
    let d = parseCivilDate(date);
    const direction = n < 0 ? -1 : 1;
    for (let i = 0; i < Math.abs(n); i++) d = this.#step(d, direction);
    return d;
  }

  /**
   * `date` if it is a business day; otherwise the next one (`'postpone'`), the previous one (`'anticipate'`)
   * or `date` itself (`'keep'`).
   */
  adjust(date: CivilDate, policy: AdjustPolicy): CivilDate {
    const valid = parseCivilDate(date);
    if (policy === 'keep' || this.isBusinessDay(valid)) return valid;
    if (policy === 'postpone') return this.nextBusinessDay(valid);
    if (policy === 'anticipate') return this.previousBusinessDay(valid);
    throw new RangeError(`Unknown adjust policy: ${JSON.stringify(policy)}`);
  }

  /** The business days of a month, in order. */
  #businessDaysOfMonth(year: number, month: number): CivilDate[] {
    const days: CivilDate[] = [];
    const last = daysInMonth(year, month);
    for (let day = 1; day <= last; day++) {
      const d = civilDate(year, month, day);
      if (this.isBusinessDay(d)) days.push(d);
    }
    return days;
  }

  /**
   * The `n`-th (1-based) business day of `month` (1–12) of `year`: `nthBusinessDay(2026, 11, 1)` →
   * `'2026-11-03'`. `RangeError` when `n < 1` or the month has fewer than `n` business days.
   */
  nthBusinessDay(year: number, month: number, n: number): CivilDate {
    assertInteger('nthBusinessDay: n', n);
    if (n < 1) throw new RangeError(`nthBusinessDay: n must be 1 or more, got ${n}`);
    const days = this.#businessDaysOfMonth(year, month);
    const found = days[n - 1];
    if (found === undefined) {
      const ym = civilDate(year, month, 1).slice(0, 7);
      throw new RangeError(
        `${ym} has only ${days.length} business day(s); there is no ${ordinal(n)} business day`,
      );
    }
    return found;
  }

  /** The last business day of `month` (1–12) of `year`; `RangeError` if the month has none. */
  lastBusinessDay(year: number, month: number): CivilDate {
    const days = this.#businessDaysOfMonth(year, month);
    const found = days[days.length - 1];
    if (found === undefined) {
      throw new RangeError(`${civilDate(year, month, 1).slice(0, 7)} has no business day`);
    }
    return found;
  }

  /**
   * The number of business days in `(a, b]` — `a` excluded, `b` included; 0 when `a === b`, and
   * `-businessDaysBetween(b, a)` when `b` is before `a`. For any `n ≥ 0`,
   * `businessDaysBetween(d, addBusinessDays(d, n)) === n`.
   */
  businessDaysBetween(a: CivilDate, b: CivilDate): number {
    const from = parseCivilDate(a);
    const to = parseCivilDate(b);
    const order = compareCivil(from, to);
    if (order > 0) return -this.businessDaysBetween(to, from);
    let count = 0;
    for (let d = from; d !== to; ) {
      d = addDays(d, 1);
      if (this.isBusinessDay(d)) count++;
    }
    return count;
  }
}
