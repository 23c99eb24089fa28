import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../../br/index.js';
import { civilToInstant } from './civil-time.js';
import { ParsedSchedule } from './occurrences.js';
import { type ScheduleSpec, scheduleSpec } from './schedule.schema.js';

const sp = new BusinessCalendar({ state: 'SP', city: 'São Paulo' });
const iso = (d: Date | null) => d?.toISOString() ?? null;
const parse = (spec: unknown, tz = 'America/Sao_Paulo', cal = sp) =>
  new ParsedSchedule(scheduleSpec.parse(spec), tz, cal);

describe('civilToInstant (the DST rule)', () => {
  it('moves a time in a spring-forward gap forward by the gap', () => {
    expect(iso(civilToInstant('2026-03-08', '02:30', 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    expect(iso(civilToInstant('2026-03-29', '02:30', 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(iso(civilToInstant('2018-11-04', '00:30', 'America/Sao_Paulo'))).toBe('2018-11-04T03:30:00.000Z'); // 01:30 -02
    expect(iso(civilToInstant('2026-10-04', '02:15', 'Australia/Melbourne'))).toBe(
      '2026-10-03T16:15:00.000Z',
    ); // 03:15 AEDT
  });
  it('runs a repeated fall-back time once, at the earlier instant', () => {
    expect(iso(civilToInstant('2026-11-01', '01:30', 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z'); // EDT
    expect(iso(civilToInstant('2026-10-25', '02:30', 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z'); // CEST
    expect(iso(civilToInstant('2019-02-16', '23:30', 'America/Sao_Paulo'))).toBe('2019-02-17T01:30:00.000Z'); // -02
    expect(iso(civilToInstant('2026-04-05', '02:30', 'Australia/Melbourne'))).toBe(
      '2026-04-04T15:30:00.000Z',
    ); // AEDT
  });
  it('is exact on ordinary days', () => {
    expect(iso(civilToInstant('2026-11-23', '09:00', 'America/Sao_Paulo'))).toBe('2026-11-23T12:00:00.000Z');
  });
});

describe('ParsedSchedule', () => {
  it('daily at two times', () => {
    const s = parse({ type: 'daily', times: ['18:00', '08:00'] });
    expect(s.preview(new Date('2026-11-23T12:00:00Z'), 3).map(iso)).toEqual([
      '2026-11-23T21:00:00.000Z',
      '2026-11-24T11:00:00.000Z',
      '2026-11-24T21:00:00.000Z',
    ]);
  });

  it('daily skipping non-business days (20 November, weekends)', () => {
    const s = parse({ type: 'daily', times: ['09:00'], nonBusinessDay: 'skip' });
    expect(s.preview(new Date('2026-11-19T13:00:00Z'), 2).map(iso)).toEqual([
      '2026-11-23T12:00:00.000Z',
      '2026-11-24T12:00:00.000Z',
    ]);
  });

  it('weekly on chosen weekdays', () => {
    const s = parse({ type: 'weekly', weekdays: [1, 3], times: ['07:30'] });
    expect(s.preview(new Date('2026-11-23T11:00:00Z'), 3).map(iso)).toEqual([
      '2026-11-25T10:30:00.000Z',
      '2026-11-30T10:30:00.000Z',
      '2026-12-02T10:30:00.000Z',
    ]);
  });

  it('monthly on the Nth business day, across months that begin on weekends and holidays', () => {
    const s = parse({ type: 'monthly', day: { kind: 'business-day', n: 1 }, times: ['09:00'] });
    expect(s.preview(new Date('2026-10-15T00:00:00Z'), 4).map((d) => iso(d)!.slice(0, 10))).toEqual([
      '2026-11-03', // 1 Nov Sunday, 2 Nov Finados
      '2026-12-01',
      '2027-01-04', // 1 Jan holiday (Friday), then the weekend
      '2027-02-01',
    ]);
    const fifth = parse({ type: 'monthly', day: { kind: 'business-day', n: 5 }, times: ['09:00'] });
    expect(iso(fifth.nextAfter(new Date('2026-11-01T00:00:00Z')))).toBe('2026-11-09T12:00:00.000Z');
  });

  it('monthly on the last business day, and day 31 in short months', () => {
    const last = parse({ type: 'monthly', day: { kind: 'last-business-day' }, times: ['17:00'] });
    expect(last.preview(new Date('2026-10-01T00:00:00Z'), 3).map((d) => iso(d)!.slice(0, 10))).toEqual([
      '2026-10-30',
      '2026-11-30',
      '2026-12-31',
    ]);
    const d31 = parse({ type: 'monthly', day: { kind: 'day', n: 31 }, times: ['10:00'] });
    expect(d31.preview(new Date('2027-01-31T14:00:00Z'), 2).map((d) => iso(d)!.slice(0, 10))).toEqual([
      '2027-02-28',
      '2027-03-31',
    ]);
  });

  it('postpones, anticipates or keeps a day that is not a business day', () => {
    const base = { type: 'monthly', day: { kind: 'day', n: 20 }, times: ['09:00'] } as const;
    const after = new Date('2026-11-01T00:00:00Z');
    expect(iso(parse({ ...base, nonBusinessDay: 'postpone' }).nextAfter(after))!.slice(0, 10)).toBe(
      '2026-11-23',
    );
    expect(iso(parse({ ...base, nonBusinessDay: 'anticipate' }).nextAfter(after))!.slice(0, 10)).toBe(
      '2026-11-19',
    );
    expect(iso(parse({ ...base, nonBusinessDay: 'keep' }).nextAfter(after))!.slice(0, 10)).toBe('2026-11-20');
    expect(iso(parse({ ...base, nonBusinessDay: 'skip' }).nextAfter(after))!.slice(0, 10)).toBe('2027-01-20'); // 20 Dec 2026 is a Sunday: that month is skipped
  });

  it('yearly, with 29 February on the 28th in common years', () => {
    const s = parse({ type: 'yearly', month: 2, day: 29, times: ['08:00'] });
    expect(s.preview(new Date('2026-01-01T00:00:00Z'), 3).map((d) => iso(d)!.slice(0, 10))).toEqual([
      '2026-02-28',
      '2027-02-28',
      '2028-02-29',
    ]);
  });

  it('once, and nothing after', () => {
    const s = parse({ type: 'once', date: '2026-12-01', time: '14:30' });
    expect(iso(s.nextAfter(new Date('2026-11-23T00:00:00Z')))).toBe('2026-12-01T17:30:00.000Z');
    expect(s.nextAfter(new Date('2026-12-01T17:30:00Z'))).toBeNull();
  });

  it('cron in civil time, honouring start and end dates', () => {
    const s = parse({
      type: 'cron',
      expression: '0 9 * * 1-5',
      startDate: '2026-11-24',
      endDate: '2026-11-26',
    });
    expect(s.preview(new Date('2026-11-20T00:00:00Z'), 10).map(iso)).toEqual([
      '2026-11-24T12:00:00.000Z',
      '2026-11-25T12:00:00.000Z',
      '2026-11-26T12:00:00.000Z',
    ]);
  });

  it('refuses invalid specs with the field named', () => {
    const bad = (spec: unknown) => scheduleSpec.safeParse(spec).error?.issues.map((i) => i.path.join('.'));
    expect(bad({ type: 'cron', expression: '61 * * * *' })).toEqual(['expression']);
    expect(bad({ type: 'cron', expression: '* * *' })).toBeDefined();
    expect(bad({ type: 'daily', times: ['25:00'] })).toEqual(['times.0']);
    expect(bad({ type: 'yearly', month: 2, day: 30, times: ['08:00'] })).toEqual(['day']);
    expect(bad({ type: 'daily', times: ['08:00'], startDate: '2026-12-01', endDate: '2026-11-01' })).toEqual([
      'endDate',
    ]);
    expect(bad({ type: 'once', date: '2026-02-30', time: '08:00' })).toEqual(['date']);
  });

  describe('across DST transitions (property)', () => {
    const zones = [
      'America/New_York',
      'Europe/Berlin',
      'Australia/Melbourne',
      'America/Santiago',
      'America/Sao_Paulo',
    ];
    const noHolidays = new BusinessCalendar({ closedOnCarnaval: false });
    it('daily and hourly-cron occurrences strictly increase, never repeat, and one per civil day/time', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...zones),
          fc.integer({ min: Date.UTC(2017, 0, 1), max: Date.UTC(2027, 11, 1) }),
          fc.constantFrom('00:00', '00:30', '01:30', '02:30', '03:00', '23:30'),
          (tz, start, time) => {
            const spec: ScheduleSpec = { type: 'daily', times: [time], nonBusinessDay: 'keep' };
            const s = new ParsedSchedule(spec, tz, noHolidays);
            const occ = s.preview(new Date(start), 40);
            expect(occ).toHaveLength(40);
            for (let i = 1; i < occ.length; i++) {
              const gap = occ[i]!.getTime() - occ[i - 1]!.getTime();
              // one per civil day: consecutive runs are 23–25 hours apart (never 0, never two in a day)
              expect(gap).toBeGreaterThanOrEqual(22 * 3_600_000);
              expect(gap).toBeLessThanOrEqual(26 * 3_600_000);
            }
            const hourly = new ParsedSchedule(
              { type: 'cron', expression: '30 * * * *', nonBusinessDay: 'keep' },
              tz,
              noHolidays,
            );
            const h = hourly.preview(new Date(start), 60);
            for (let i = 1; i < h.length; i++) expect(h[i]!.getTime()).toBeGreaterThan(h[i - 1]!.getTime());
          },
        ),
        { numRuns: 60 },
      );
    });
  });
});
