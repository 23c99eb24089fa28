import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../br/index.js';
import { addMonths, billingSlots, daysBetween, dueDateFor, periodLabel, reminderDue } from './due-date.js';

const sp = new BusinessCalendar({ state: 'SP', city: 'São Paulo' });

describe('dueDateFor', () => {
  it('takes a fixed day, clamped to the last day of the month', () => {
    expect(dueDateFor({ dueRule: 'day', dueDay: 10 }, '2026-11', sp)).toBe('2026-11-10');
    expect(dueDateFor({ dueRule: 'day', dueDay: 31 }, '2026-02', sp)).toBe('2026-02-28');
    expect(dueDateFor({ dueRule: 'day', dueDay: 31 }, '2028-02', sp)).toBe('2028-02-29');
    expect(dueDateFor({ dueRule: 'day', dueDay: 31 }, '2026-04', sp)).toBe('2026-04-30');
    expect(dueDateFor({ dueRule: 'day', dueDay: 31 }, '2026-12', sp)).toBe('2026-12-31');
    // A fixed day on a Sunday stays: PIX settles every day.
    expect(dueDateFor({ dueRule: 'day', dueDay: 15 }, '2026-11', sp)).toBe('2026-11-15');
  });

  it('counts the Nth business day past weekends and the 02/11, 15/11 and 20/11 holidays', () => {
    // November 2026: Sun 1, Mon 2 Finados, Tue 3 … Fri 6, Mon 9; Sun 15 Proclamação; Fri 20 Consciência Negra.
    expect(dueDateFor({ dueRule: 'business_day', dueDay: 1 }, '2026-11', sp)).toBe('2026-11-03');
    expect(dueDateFor({ dueRule: 'business_day', dueDay: 5 }, '2026-11', sp)).toBe('2026-11-09');
    // 16–19 are the 10th–13th; the 20th is skipped, so the 14th is Monday the 23rd.
    expect(dueDateFor({ dueRule: 'business_day', dueDay: 13 }, '2026-11', sp)).toBe('2026-11-19');
    expect(dueDateFor({ dueRule: 'business_day', dueDay: 14 }, '2026-11', sp)).toBe('2026-11-23');
  });

  it("follows the office's own closed days", () => {
    const closed = new BusinessCalendar({ state: 'SP', closedDays: ['2026-11-04'] });
    expect(dueDateFor({ dueRule: 'business_day', dueDay: 5 }, '2026-11', closed)).toBe('2026-11-10');
  });

  it('gives the last business day when the month has fewer than N', () => {
    const manyClosed = new BusinessCalendar({
      closedDays: Array.from({ length: 20 }, (_, i) => `2026-11-${String(i + 3).padStart(2, '0')}`),
    });
    // Only 23–27 and 30 remain; the 15th business day does not exist.
    expect(dueDateFor({ dueRule: 'business_day', dueDay: 15 }, '2026-11', manyClosed)).toBe('2026-11-30');
  });

  it('always lands inside its month (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2020, max: 2040 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('day' as const, 'business_day' as const),
        fc.integer({ min: 1, max: 31 }),
        (year, month, dueRule, day) => {
          const period = `${year}-${String(month).padStart(2, '0')}`;
          const dueDay = dueRule === 'business_day' ? Math.min(day, 15) : day;
          const due = dueDateFor({ dueRule, dueDay }, period, sp);
          expect(due.slice(0, 7)).toBe(period);
          if (dueRule === 'business_day') expect(sp.isBusinessDay(due)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('billingSlots', () => {
  const contract = { dueRule: 'day' as const, dueDay: 10, startPeriod: '2026-01' };

  it('opens each month daysBeforeDue days before its due date', () => {
    expect(billingSlots(contract, '2026-11-04', 5, sp)).toEqual([]);
    expect(billingSlots(contract, '2026-11-05', 5, sp)).toEqual([
      { period: '2026-11', ruleDueDate: '2026-11-10', dueDate: '2026-11-10', late: false },
    ]);
    expect(billingSlots(contract, '2026-11-10', 5, sp)).toHaveLength(1);
  });

  it("reaches into next month when its window opens before this month's end", () => {
    const early = { dueRule: 'day' as const, dueDay: 3, startPeriod: '2026-01' };
    expect(billingSlots(early, '2026-11-28', 5, sp).map((s) => s.period)).toEqual(['2026-11', '2026-12']);
    expect(billingSlots(early, '2026-11-27', 5, sp).map((s) => s.period)).toEqual(['2026-11']);
    expect(billingSlots(early, '2026-12-31', 5, sp).map((s) => s.period)).toEqual(['2026-12', '2027-01']);
  });

  it('bills a missed or late window with date + daysBeforeDue as the due date', () => {
    expect(billingSlots(contract, '2026-11-20', 5, sp)).toEqual([
      { period: '2026-11', ruleDueDate: '2026-11-10', dueDate: '2026-11-25', late: true },
    ]);
  });

  it('never bills before the first competência', () => {
    const later = { ...contract, startPeriod: '2026-12' };
    expect(billingSlots(later, '2026-11-20', 5, sp)).toEqual([]);
    expect(billingSlots(later, '2026-12-05', 5, sp).map((s) => s.period)).toEqual(['2026-12']);
  });
});

describe('reminderDue', () => {
  it('sends the latest crossed day once, skipping the older ones after a missed run', () => {
    const days = [1, 5, 10];
    expect(reminderDue(days, 0, null)).toBeNull();
    expect(reminderDue(days, 1, null)).toBe(1);
    expect(reminderDue(days, 4, 1)).toBeNull();
    expect(reminderDue(days, 5, 1)).toBe(5);
    expect(reminderDue(days, 7, null)).toBe(5);
    expect(reminderDue(days, 40, 5)).toBe(10);
    expect(reminderDue(days, 40, 10)).toBeNull();
  });
});

describe('months and days', () => {
  it('adds months across years and labels competências', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', 14)).toBe('2028-01');
    expect(periodLabel('2026-03')).toBe('03/2026');
    expect(daysBetween('2026-11-30', '2026-12-01')).toBe(1);
    expect(daysBetween('2026-12-01', '2026-11-30')).toBe(-1);
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
  });
});
