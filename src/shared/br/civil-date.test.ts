import { describe, expect, it } from 'vitest';
import {
  addDays,
  civilDate,
  civilParts,
  compactCivilDate,
  compareCivil,
  daysInMonth,
  isCivilDate,
  parseCivilDate,
  weekday,
} from './civil-date.js';

describe('parseCivilDate', () => {
  it('accepts real dates, including 29 February of leap years', () => {
    expect(parseCivilDate('2026-02-28')).toBe('2026-02-28');
    expect(parseCivilDate('2028-02-29')).toBe('2028-02-29');
    expect(parseCivilDate('2000-02-29')).toBe('2000-02-29');
  });

  it.each([
    '2026-02-30',
    '2026-02-29',
    '2100-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '0000-01-01',
    '2026-2-3',
    '26-02-03',
    '2026-02-03T00:00:00Z',
    ' 2026-02-03',
    '',
  ])('rejects %j', (input) => {
    expect(() => parseCivilDate(input)).toThrow(RangeError);
  });
});

describe('isCivilDate', () => {
  it('answers what parseCivilDate accepts, without throwing', () => {
    expect(isCivilDate('2028-02-29')).toBe(true);
    expect(isCivilDate('2026-02-29')).toBe(false);
    expect(isCivilDate('2026-2-3')).toBe(false);
  });
});

describe('civilDate / civilParts', () => {
  it('builds zero-padded dates and splits them back', () => {
    expect(civilDate(2026, 11, 3)).toBe('2026-11-03');
    expect(civilDate(50, 1, 1)).toBe('0050-01-01');
    expect(civilParts('2026-11-03')).toEqual({ year: 2026, month: 11, day: 3 });
  });

  it('rejects impossible parts', () => {
    expect(() => civilDate(2026, 2, 30)).toThrow(RangeError);
    expect(() => civilDate(2026, 1.5, 1)).toThrow(RangeError);
    expect(() => civilDate(10_000, 1, 1)).toThrow(RangeError);
  });
});

describe('daysInMonth', () => {
  it('follows the Gregorian leap rules', () => {
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
    expect(() => daysInMonth(2026, 13)).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it('crosses months, years and leap days', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
    expect(addDays('2026-11-20', 0)).toBe('2026-11-20');
  });

  it('is not disturbed by DST transitions (Brazil had DST until 2019)', () => {
    expect(addDays('2018-11-03', 1)).toBe('2018-11-04');
    expect(addDays('2019-02-16', 1)).toBe('2019-02-17');
  });

  it('keeps two-digit years as they are', () => {
    expect(addDays('0050-12-31', 1)).toBe('0051-01-01');
  });

  it('rejects fractional offsets and invalid dates', () => {
    expect(() => addDays('2026-01-01', 0.5)).toThrow(RangeError);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('weekday', () => {
  it('is 0 for Sunday through 6 for Saturday', () => {
    expect(weekday('2026-11-01')).toBe(0);
    expect(weekday('2026-11-02')).toBe(1);
    expect(weekday('2026-11-20')).toBe(5);
    expect(weekday('2027-05-01')).toBe(6);
    expect(weekday('2000-01-01')).toBe(6);
  });
});

describe('compareCivil', () => {
  it('orders dates', () => {
    expect(compareCivil('2026-01-01', '2026-01-02')).toBeLessThan(0);
    expect(compareCivil('2026-01-02', '2026-01-01')).toBeGreaterThan(0);
    expect(compareCivil('2026-01-01', '2026-01-01')).toBe(0);
    expect(['2026-03-01', '2025-12-31', '2026-01-01'].sort(compareCivil)).toEqual([
      '2025-12-31',
      '2026-01-01',
      '2026-03-01',
    ]);
  });
});

describe('compactCivilDate', () => {
  it('reads the first 8 digits, with or without the time and zone after them', () => {
    const stamps = ['20260315', '20260315120000.000[-3:BRT]', '  20280229 '];
    expect(stamps.map(compactCivilDate)).toEqual(['2026-03-15', '2026-03-15', '2028-02-29']);
  });

  it('gives null when they are missing or name no real day', () => {
    for (const stamp of ['', '2026031', '2026-03-15', '20260230', '20261301', '20260100', 'abc20260315']) {
      expect(compactCivilDate(stamp), stamp).toBeNull();
    }
  });
});
