import { DateTime } from 'luxon';

/** The civil date (`yyyy-mm-dd`) of an instant in a time zone. */
export const civilDayIn = (iso: string, timeZone: string): string =>
  DateTime.fromISO(iso, { zone: 'utc' }).setZone(timeZone).toISODate()!;

/** A civil date moved by `n` calendar days. */
export const addCivilDays = (day: string, n: number): string =>
  DateTime.fromISO(day, { zone: 'utc' }).plus({ days: n }).toISODate()!;
