import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, weekday } from '../../../shared/br/civil-date.js';
import { BusinessCalendar } from './business-calendar.js';

const national = new BusinessCalendar();
const sp = new BusinessCalendar({ state: 'SP' });
const mg = new BusinessCalendar({ state: 'MG' });

describe('BusinessCalendar: business days', () => {
  it('weekends are never business days; ordinary weekdays are', () => {
    expect(national.isBusinessDay('2026-11-21')).toBe(false); // Saturday
    expect(national.isBusinessDay('2026-11-22')).toBe(false); // Sunday
    expect(national.isBusinessDay('2026-11-23')).toBe(true); // Monday
  });

  it('national holidays close the office, including 20 November from 2024', () => {
    expect(national.isBusinessDay('2026-11-20')).toBe(false);
    expect(national.isBusinessDay('2026-04-03')).toBe(false);
    expect(national.isBusinessDay('2023-11-20')).toBe(true);
  });

  it('Carnaval is closed by default, Ash Wednesday and Corpus Christi are open by default', () => {
    expect(national.isBusinessDay('2026-02-16')).toBe(false);
    expect(national.isBusinessDay('2026-02-17')).toBe(false);
    expect(national.isBusinessDay('2026-02-18')).toBe(true);
    expect(national.isBusinessDay('2026-06-04')).toBe(true);
    expect(national.holidayOn('2026-06-04')).toBeUndefined();
  });

  it('the optional days follow the options', () => {
    const cal = new BusinessCalendar({
      closedOnCarnaval: false,
      closedOnAshWednesday: true,
      closedOnCorpusChristi: true,
    });
    expect(cal.isBusinessDay('2026-02-16')).toBe(true);
    expect(cal.isBusinessDay('2026-02-17')).toBe(true);
    expect(cal.isBusinessDay('2026-02-18')).toBe(false);
    expect(cal.isBusinessDay('2026-06-04')).toBe(false);
    expect(cal.holidayOn('2026-06-04')).toEqual({
      date: '2026-06-04',
      name: 'Corpus Christi',
      scope: 'optional',
    });
  });

  it('the SP state holiday on 9 July closes an SP office but not an MG one', () => {
    expect(sp.isBusinessDay('2026-07-09')).toBe(false);
    expect(sp.holidayOn('2026-07-09')).toMatchObject({
      scope: 'state',
      name: 'Revolução Constitucionalista',
    });
    expect(mg.isBusinessDay('2026-07-09')).toBe(true);
    expect(mg.holidayOn('2026-07-09')).toBeUndefined();
  });

  it('a state holiday on a ponto facultativo closes the office even when the option is off', () => {
    const rj = new BusinessCalendar({ state: 'RJ', closedOnCarnaval: false });
    expect(rj.isBusinessDay('2026-02-16')).toBe(true);
    expect(rj.isBusinessDay('2026-02-17')).toBe(false);
    expect(rj.holidayOn('2026-02-17')?.scope).toBe('state');
    expect(new BusinessCalendar({ state: 'RJ' }).holidayOn('2026-02-17')?.scope).toBe('state');
  });

  it('municipal holidays apply when the city is known', () => {
    const spCity = new BusinessCalendar({ state: 'SP', city: 'sao paulo' });
    expect(spCity.isBusinessDay('2027-01-25')).toBe(false); // Monday, city anniversary
    expect(sp.isBusinessDay('2027-01-25')).toBe(true);
    expect(spCity.isBusinessDay('2026-06-04')).toBe(false); // Corpus Christi is a municipal holiday there
    expect(spCity.holidayOn('2026-06-04')?.scope).toBe('municipal');
  });

  it('closed days close the office and open days override everything', () => {
    const cal = new BusinessCalendar({
      closedDays: ['2026-12-24', '2026-12-31'],
      openDays: ['2026-11-20', '2026-11-21', '2026-12-31'],
    });
    expect(cal.isBusinessDay('2026-12-24')).toBe(false);
    expect(cal.holidayOn('2026-12-24')).toBeUndefined();
    expect(cal.isBusinessDay('2026-11-20')).toBe(true); // a holiday, but open
    expect(cal.holidayOn('2026-11-20')?.scope).toBe('national'); // still reported as a holiday
    expect(cal.isBusinessDay('2026-11-21')).toBe(true); // a Saturday, but open
    expect(cal.isBusinessDay('2026-12-31')).toBe(true); // open wins over closed
  });

  it('holidays(year) lists the days that close the office, one per date, sorted', () => {
    expect(national.holidays(2026).map((h) => h.date)).toEqual([
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-04-03',
      '2026-04-21',
      '2026-05-01',
      '2026-09-07',
      '2026-10-12',
      '2026-11-02',
      '2026-11-15',
      '2026-11-20',
      '2026-12-25',
    ]);
    expect(sp.holidays(2026).map((h) => h.date)).toContain('2026-07-09');
    const rj = new BusinessCalendar({ state: 'RJ' }).holidays(2026);
    expect(rj.filter((h) => h.date === '2026-02-17')).toHaveLength(1);
  });

  it('holidays(year) returns copies: mutating them does not affect the calendar', () => {
    const cal = new BusinessCalendar();
    const list = cal.holidays(2026);
    list.length = 0;
    expect(cal.holidays(2026)).toHaveLength(12);
  });

  it('validates its input', () => {
    expect(() => national.isBusinessDay('2026-02-30')).toThrow(RangeError);
    expect(() => new BusinessCalendar({ state: 'XX' })).toThrow(RangeError);
    expect(() => new BusinessCalendar({ city: 'São Paulo' })).toThrow(RangeError);
    expect(() => new BusinessCalendar({ closedDays: ['2026-13-01'] })).toThrow(RangeError);
    expect(() => national.addBusinessDays('2026-01-05', 1.5)).toThrow(RangeError);
  });
});

describe('BusinessCalendar: navigation', () => {
  it('nextBusinessDay / previousBusinessDay are strict', () => {
    expect(national.nextBusinessDay('2026-11-19')).toBe('2026-11-23');
    expect(national.nextBusinessDay('2026-11-23')).toBe('2026-11-24');
    expect(national.previousBusinessDay('2026-11-23')).toBe('2026-11-19');
    expect(national.previousBusinessDay('2026-01-02')).toBe('2025-12-31');
    expect(national.nextBusinessDay('2026-12-31')).toBe('2027-01-04');
  });

  it('adjust around 2026-11-20 (Friday, Consciência Negra)', () => {
    expect(national.adjust('2026-11-20', 'postpone')).toBe('2026-11-23');
    expect(national.adjust('2026-11-20', 'anticipate')).toBe('2026-11-19');
    expect(national.adjust('2026-11-20', 'keep')).toBe('2026-11-20');
    expect(national.adjust('2026-11-19', 'postpone')).toBe('2026-11-19');
  });

  it('adjust around 2026-04-03 (Sexta-feira Santa)', () => {
    expect(national.adjust('2026-04-03', 'postpone')).toBe('2026-04-06');
    expect(national.adjust('2026-04-03', 'anticipate')).toBe('2026-04-02');
    expect(national.adjust('2026-04-03', 'keep')).toBe('2026-04-03');
    expect(national.adjust('2026-04-04', 'anticipate')).toBe('2026-04-02');
  });

  it('addBusinessDays steps over weekends and holidays in both directions', () => {
    expect(national.addBusinessDays('2026-11-19', 1)).toBe('2026-11-23');
    expect(national.addBusinessDays('2026-11-19', 5)).toBe('2026-11-27');
    expect(national.addBusinessDays('2026-11-23', -1)).toBe('2026-11-19');
    expect(national.addBusinessDays('2026-11-21', 1)).toBe('2026-11-23');
    expect(national.addBusinessDays('2026-11-21', -1)).toBe('2026-11-19');
    expect(national.addBusinessDays('2026-02-13', 1)).toBe('2026-02-18'); // over Carnaval
  });

  it('addBusinessDays with n = 0 returns the date unchanged, business day or not', () => {
    expect(national.addBusinessDays('2026-11-20', 0)).toBe('2026-11-20');
    expect(national.addBusinessDays('2026-11-23', 0)).toBe('2026-11-23');
  });
});

describe('BusinessCalendar: months', () => {
  it('1st business day when the month starts on a Sunday followed by Finados', () => {
    expect(weekday('2026-11-01')).toBe(0);
    expect(national.nthBusinessDay(2026, 11, 1)).toBe('2026-11-03');
    expect(national.nthBusinessDay(2026, 11, 2)).toBe('2026-11-04');
  });

  it('1st business day when the 1st is a holiday', () => {
    expect(national.nthBusinessDay(2026, 1, 1)).toBe('2026-01-02');
    expect(weekday('2026-01-02')).toBe(5);
  });

  it('1st business day when the 1st is a Saturday holiday', () => {
    expect(weekday('2027-05-01')).toBe(6);
    expect(national.nthBusinessDay(2027, 5, 1)).toBe('2027-05-03');
  });

  it('the 5th business day (a common payday) of months starting on weekends', () => {
    expect(national.nthBusinessDay(2026, 11, 5)).toBe('2026-11-09');
    expect(national.nthBusinessDay(2026, 2, 5)).toBe('2026-02-06');
    expect(national.nthBusinessDay(2026, 3, 5)).toBe('2026-03-06');
  });

  it('n beyond the month count is a RangeError with a clear message', () => {
    expect(national.nthBusinessDay(2026, 11, 19)).toBe('2026-11-30');
    expect(() => national.nthBusinessDay(2026, 11, 20)).toThrow(
      /2026-11 has only 19 business day\(s\); there is no 20º business day/,
    );
    expect(() => national.nthBusinessDay(2026, 11, 0)).toThrow(RangeError);
    expect(() => national.nthBusinessDay(2026, 13, 1)).toThrow(RangeError);
  });

  it('last business day of December 2026, with and without the office closing on the 31st', () => {
    expect(weekday('2026-12-31')).toBe(4);
    expect(national.lastBusinessDay(2026, 12)).toBe('2026-12-31');
    const closed31 = new BusinessCalendar({ closedDays: ['2026-12-31'] });
    expect(closed31.lastBusinessDay(2026, 12)).toBe('2026-12-30');
  });

  it('a month without business days has no last business day', () => {
    const closedDays = Array.from({ length: 28 }, (_, i) => `2026-02-${String(i + 1).padStart(2, '0')}`);
    const cal = new BusinessCalendar({ closedDays });
    expect(() => cal.lastBusinessDay(2026, 2)).toThrow(/2026-02 has no business day/);
    expect(() => cal.nthBusinessDay(2026, 2, 1)).toThrow(/only 0 business day/);
  });

  it('businessDaysBetween counts (a, b]', () => {
    expect(national.businessDaysBetween('2026-10-31', '2026-11-30')).toBe(19);
    expect(national.businessDaysBetween('2026-11-19', '2026-11-23')).toBe(1);
    expect(national.businessDaysBetween('2026-11-19', '2026-11-19')).toBe(0);
    expect(national.businessDaysBetween('2026-11-23', '2026-11-19')).toBe(-1);
    expect(national.businessDaysBetween('2026-01-01', '2027-01-01')).toBe(
      national.businessDaysBetween('2025-12-31', '2026-12-31'),
    );
  });
});

describe('BusinessCalendar: properties', () => {
  const calendars = [
    national,
    new BusinessCalendar({ state: 'SP', city: 'São Paulo', closedOnCorpusChristi: true }),
    new BusinessCalendar({
      state: 'RJ',
      closedOnCarnaval: false,
      closedDays: ['2026-12-24', '2026-12-30', '2026-12-31', '2027-01-04'],
      openDays: ['2026-11-20', '2026-12-26', '2027-01-02'],
    }),
  ];
  const calendar = fc.constantFrom(...calendars);
  // 2025-06-01 … 2028-06-01, so the year boundaries are crossed.
  const date = fc.integer({ min: 0, max: 1096 }).map((n) => addDays('2025-06-01', n));
  const steps = fc.integer({ min: -40, max: 40 });

  it('nextBusinessDay(d) is a business day after d, with no business day in between', () => {
    fc.assert(
      fc.property(calendar, date, (cal, d) => {
        const next = cal.nextBusinessDay(d);
        expect(next > d).toBe(true);
        expect(cal.isBusinessDay(next)).toBe(true);
        for (let x = addDays(d, 1); x < next; x = addDays(x, 1)) expect(cal.isBusinessDay(x)).toBe(false);
      }),
    );
  });

  it('previousBusinessDay(d) is a business day before d, with no business day in between', () => {
    fc.assert(
      fc.property(calendar, date, (cal, d) => {
        const prev = cal.previousBusinessDay(d);
        expect(prev < d).toBe(true);
        expect(cal.isBusinessDay(prev)).toBe(true);
        for (let x = addDays(prev, 1); x < d; x = addDays(x, 1)) expect(cal.isBusinessDay(x)).toBe(false);
      }),
    );
  });

  it('going n business days and back lands on d adjusted towards the start', () => {
    // Forward n > 0 from d reaches the n-th business day after d; n steps back from there reach the last
    // business day <= d, i.e. adjust(d, 'anticipate'). Symmetrically for n < 0.
    fc.assert(
      fc.property(calendar, date, steps, (cal, d, n) => {
        const back = cal.addBusinessDays(cal.addBusinessDays(d, n), -n);
        const expected = n > 0 ? cal.adjust(d, 'anticipate') : n < 0 ? cal.adjust(d, 'postpone') : d;
        expect(back).toBe(expected);
        if (cal.isBusinessDay(d)) expect(back).toBe(d);
      }),
    );
  });

  it('businessDaysBetween(d, addBusinessDays(d, n)) === n for n >= 0, and for any n when d is a business day', () => {
    fc.assert(
      fc.property(calendar, date, steps, (cal, d, n) => {
        const start = n >= 0 ? d : cal.adjust(d, 'postpone');
        expect(cal.businessDaysBetween(start, cal.addBusinessDays(start, n))).toBe(n);
      }),
    );
  });

  it('addBusinessDays is monotonic in n', () => {
    fc.assert(
      fc.property(calendar, date, steps, (cal, d, n) => {
        expect(cal.addBusinessDays(d, n) < cal.addBusinessDays(d, n + 1)).toBe(true);
      }),
    );
  });

  it('adjust returns a business day on the right side of d', () => {
    fc.assert(
      fc.property(calendar, date, (cal, d) => {
        const later = cal.adjust(d, 'postpone');
        const earlier = cal.adjust(d, 'anticipate');
        expect(cal.isBusinessDay(later) && cal.isBusinessDay(earlier)).toBe(true);
        expect(earlier <= d && d <= later).toBe(true);
        expect(cal.adjust(d, 'keep')).toBe(d);
      }),
    );
  });

  it('nthBusinessDay is increasing in k, stays in the month, and ends at lastBusinessDay', () => {
    fc.assert(
      fc.property(
        calendar,
        fc.integer({ min: 2025, max: 2028 }),
        fc.integer({ min: 1, max: 12 }),
        (cal, year, month) => {
          const prefix = `${year}-${String(month).padStart(2, '0')}-`;
          const days: string[] = [];
          for (let k = 1; ; k++) {
            let d: string;
            try {
              d = cal.nthBusinessDay(year, month, k);
            } catch (error) {
              expect(error).toBeInstanceOf(RangeError);
              break;
            }
            expect(d.startsWith(prefix)).toBe(true);
            expect(cal.isBusinessDay(d)).toBe(true);
            if (days.length > 0) expect(d > days[days.length - 1]!).toBe(true);
            days.push(d);
          }
          expect(days.length).toBeGreaterThanOrEqual(15);
          expect(days[days.length - 1]).toBe(cal.lastBusinessDay(year, month));
          expect(cal.businessDaysBetween(addDays(`${prefix}01`, -1), days[days.length - 1]!)).toBe(
            days.length,
          );
        },
      ),
    );
  });
});
