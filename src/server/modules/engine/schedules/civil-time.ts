import { DateTime, IANAZone } from 'luxon';

/**
 * Civil (wall-clock) time → instant, with one rule for daylight-saving transitions, the same as
 * Temporal's "compatible" disambiguation:
 * - a time that does not exist (the clocks jump forward over it) moves forward by the length of the gap:
 *   02:30 on a New York spring-forward day runs at 03:30;
 * - a time that exists twice (the clocks fall back) runs once, at the earlier instant.
 */
export function civilToInstant(date: string, time: string, timeZone: string): Date {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new RangeError(`unknown time zone ${timeZone}`);
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  const before = zone.offset(naive - 86_400_000);
  // No transition within a day either side (nearly always): the offset is unambiguous.
  if (before === zone.offset(naive + 86_400_000)) return new Date(naive - before * 60_000);
  const candidates = new Set<number>();
  for (const probe of [naive - 86_400_000, naive, naive + 86_400_000]) {
    const instant = naive - zone.offset(probe) * 60_000;
    if (instant - naive + zone.offset(instant) * 60_000 === 0) candidates.add(instant);
  }
  if (candidates.size > 0) return new Date(Math.min(...candidates));
  // In a gap: luxon shifts forward by the gap, which is the rule above.
  return DateTime.fromObject({ year: y, month: mo, day: d, hour: h, minute: mi }, { zone }).toJSDate();
}

/** The civil date (`YYYY-MM-DD`) and time (`HH:mm`) of an instant in a zone. */
export function instantToCivil(instant: Date, timeZone: string): { date: string; time: string } {
  const dt = DateTime.fromJSDate(instant, { zone: timeZone });
  return { date: dt.toFormat('yyyy-MM-dd'), time: dt.toFormat('HH:mm') };
}
