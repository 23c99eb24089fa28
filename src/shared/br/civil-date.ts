/**
 * Civil (calendar) dates as `'YYYY-MM-DD'` strings. A civil date has no time zone: all arithmetic here is
 * done on UTC midnights, so no DST or offset can shift a day. Years 0001–9999 are supported.
 */

/** A calendar date, `'YYYY-MM-DD'` (e.g. `'2026-11-20'`). Zero-padded, so string order is date order. */
export type CivilDate = string;

const CIVIL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function assertYearMonth(year: number, month: number): void {
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    throw new RangeError(`Invalid year: ${year} (expected an integer 1–9999)`);
  }
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`Invalid month: ${month} (expected an integer 1–12)`);
  }
}

/** Days in `month` (1–12) of `year`, Gregorian leap rules: `daysInMonth(2028, 2)` → `29`. */
export function daysInMonth(year: number, month: number): number {
  assertYearMonth(year, month);
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Builds a civil date from its parts, validating them: `civilDate(2026, 2, 30)` throws.
 * @example civilDate(2026, 11, 3) // '2026-11-03'
 */
export function civilDate(year: number, month: number, day: number): CivilDate {
  assertYearMonth(year, month);
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`Invalid day: ${year}-${pad(month, 2)} has no day ${day}`);
  }
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * Validates a `'YYYY-MM-DD'` string and returns it. Throws `RangeError` for a malformed string or a day
 * that does not exist.
 * @example parseCivilDate('2026-02-28') // '2026-02-28'; parseCivilDate('2026-02-30') throws
 */
export function parseCivilDate(input: string): CivilDate {
  const match = typeof input === 'string' ? CIVIL_PATTERN.exec(input) : null;
  if (!match) throw new RangeError(`Invalid civil date: ${JSON.stringify(input)} (expected YYYY-MM-DD)`);
  const [, y, m, d] = match;
  try {
    return civilDate(Number(y), Number(m), Number(d));
  } catch {
    throw new RangeError(`Invalid civil date: ${JSON.stringify(input)} (no such day)`);
  }
}

/**
 * Whether a string is a `'YYYY-MM-DD'` day that exists: {@link parseCivilDate} without the throw.
 * @example isCivilDate('2028-02-29') // true; isCivilDate('2026-02-30') // false
 */
export function isCivilDate(input: string): boolean {
  try {
    parseCivilDate(input);
    return true;
  } catch {
    return false;
  }
}

/**
 * The civil date of a compact `YYYYMMDD…` stamp (OFX's `YYYYMMDD[HHMMSS[.XXX]][[-3:BRT]]`): its first 8
 * digits, or `null` when they are missing or name no real day.
 * @example compactCivilDate('20260315120000[-3:BRT]') // '2026-03-15'; compactCivilDate('20260230') // null
 */
export function compactCivilDate(stamp: string): CivilDate | null {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(stamp.trim());
  if (!m) return null;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  return isCivilDate(date) ? date : null;
}

/** Year, month (1–12) and day of a civil date (validated). */
export function civilParts(date: CivilDate): { year: number; month: number; day: number } {
  const valid = parseCivilDate(date);
  return {
    year: Number(valid.slice(0, 4)),
    month: Number(valid.slice(5, 7)),
    day: Number(valid.slice(8, 10)),
  };
}

/** Milliseconds of the UTC midnight of a date; `setUTCFullYear` keeps years 1–99 from becoming 19xx. */
function toUtcMs(date: CivilDate): number {
  const { year, month, day } = civilParts(date);
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  return utc.getTime();
}

function fromUtcMs(ms: number): CivilDate {
  const utc = new Date(ms);
  return civilDate(utc.getUTCFullYear(), utc.getUTCMonth() + 1, utc.getUTCDate());
}

/**
 * Calendar arithmetic: `n` days after (negative: before) `date`.
 * @example addDays('2026-02-28', 1) // '2026-03-01'
 */
export function addDays(date: CivilDate, n: number): CivilDate {
  if (!Number.isInteger(n)) throw new RangeError(`addDays: n must be an integer, got ${n}`);
  return fromUtcMs(toUtcMs(date) + n * MS_PER_DAY);
}

/**
 * Day of the week, 0 = Sunday … 6 = Saturday.
 * @example weekday('2026-11-20') // 5 (Friday)
 */
export function weekday(date: CivilDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

/**
 * Orders two civil dates: negative if `a` is earlier, 0 if equal, positive if later. Usable with `sort`.
 * @example ['2026-03-01', '2026-01-01'].sort(compareCivil) // ['2026-01-01', '2026-03-01']
 */
export function compareCivil(a: CivilDate, b: CivilDate): number {
  const x = parseCivilDate(a);
  const y = parseCivilDate(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
