import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../br/index.js';
import {
  addBusinessMs,
  businessMsBetween,
  defaultBusinessHours,
  replaySla,
  type SlaState,
  signedBusinessMs,
  slaAfterMove,
  slaAfterResponse,
  slaView,
  startSla,
  type WorkCalendar,
} from './sla.js';

const H = 3_600_000;
/** São Paulo, 08:00–18:00; 2026-11-20 (Friday) is Consciência Negra, 2026-11-02 (Monday) is Finados. */
const sp: WorkCalendar = {
  calendar: new BusinessCalendar({ state: 'SP', city: 'São Paulo' }),
  timeZone: 'America/Sao_Paulo',
  hours: defaultBusinessHours,
};
/** A local São Paulo time (UTC-3, no daylight saving since 2019) as a Date. */
const brt = (local: string) => new Date(`${local}-03:00`);

describe('businessMsBetween', () => {
  it('counts only opening hours within a day', () => {
    expect(businessMsBetween(sp, brt('2026-11-23T09:00'), brt('2026-11-23T11:30'))).toBe(2.5 * H);
    expect(businessMsBetween(sp, brt('2026-11-23T06:00'), brt('2026-11-23T20:00'))).toBe(10 * H);
    expect(businessMsBetween(sp, brt('2026-11-23T18:30'), brt('2026-11-23T23:00'))).toBe(0);
  });

  it('skips the weekend', () => {
    // Fri 27 17:00 → Mon 30 09:00: Fri 17–18 + Mon 8–9.
    expect(businessMsBetween(sp, brt('2026-11-27T17:00'), brt('2026-11-30T09:00'))).toBe(2 * H);
  });

  it('skips a holiday (Consciência Negra, Friday 2026-11-20)', () => {
    // Thu 19 17:00 → Mon 23 09:00: Thu 17–18 + Mon 8–9; Friday is a holiday.
    expect(businessMsBetween(sp, brt('2026-11-19T17:00'), brt('2026-11-23T09:00'))).toBe(2 * H);
    expect(businessMsBetween(sp, brt('2026-11-20T08:00'), brt('2026-11-20T18:00'))).toBe(0);
  });

  it('is 0 when the end is not after the start, and signed when asked', () => {
    expect(businessMsBetween(sp, brt('2026-11-23T11:00'), brt('2026-11-23T09:00'))).toBe(0);
    expect(signedBusinessMs(sp, brt('2026-11-23T11:00'), brt('2026-11-23T09:00'))).toBe(-2 * H);
  });
});

describe('addBusinessMs', () => {
  it('adds within the day, and stays on the closing time when it lands there', () => {
    expect(addBusinessMs(sp, brt('2026-11-23T09:00'), 3 * H)).toEqual(brt('2026-11-23T12:00'));
    expect(addBusinessMs(sp, brt('2026-11-23T08:00'), 10 * H)).toEqual(brt('2026-11-23T18:00'));
  });

  it('starts counting at the next opening when outside hours', () => {
    expect(addBusinessMs(sp, brt('2026-11-23T06:00'), 1 * H)).toEqual(brt('2026-11-23T09:00'));
    expect(addBusinessMs(sp, brt('2026-11-23T19:00'), 1 * H)).toEqual(brt('2026-11-24T09:00'));
    expect(addBusinessMs(sp, brt('2026-11-28T10:00'), 1 * H)).toEqual(brt('2026-11-30T09:00')); // Saturday
  });

  it('jumps a holiday and a weekend', () => {
    // Thu 19 17:00 + 4 h: Thu 17–18 (1 h), Fri holiday, weekend, Mon 8–11 (3 h).
    expect(addBusinessMs(sp, brt('2026-11-19T17:00'), 4 * H)).toEqual(brt('2026-11-23T11:00'));
    // Fri 30 Oct 16:00 + 5 h: Fri 16–18, Mon 2 Nov is Finados, Tue 8–11.
    expect(addBusinessMs(sp, brt('2026-10-30T16:00'), 5 * H)).toEqual(brt('2026-11-03T11:00'));
  });

  it("honours the office's own closed and open days", () => {
    const office: WorkCalendar = {
      ...sp,
      calendar: new BusinessCalendar({ state: 'SP', closedDays: ['2026-11-24'], openDays: ['2026-11-28'] }),
    };
    // Mon 23 17:00 + 2 h: Mon 17–18, Tue closed, Wed 8–9.
    expect(addBusinessMs(office, brt('2026-11-23T17:00'), 2 * H)).toEqual(brt('2026-11-25T09:00'));
    // Fri 27 17:00 + 2 h: Fri 17–18, Saturday 28 is an open day: 8–9.
    expect(addBusinessMs(office, brt('2026-11-27T17:00'), 2 * H)).toEqual(brt('2026-11-28T09:00'));
  });

  it('uses the office time zone and opening hours', () => {
    const manaus: WorkCalendar = {
      calendar: new BusinessCalendar({}),
      timeZone: 'America/Manaus',
      hours: { start: 9 * 60, end: 17 * 60 + 30 },
    };
    // 2026-11-23 16:00 in Manaus (UTC-4) + 2 h: 16:00–17:30, next day 09:00–09:30.
    expect(addBusinessMs(manaus, new Date('2026-11-23T16:00-04:00'), 2 * H)).toEqual(
      new Date('2026-11-24T09:30-04:00'),
    );
  });

  it('is the inverse of businessMsBetween (property)', () => {
    const start = brt('2026-01-01T00:00').getTime();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 366 * 24 * 60 }),
        fc.integer({ min: 1, max: 200 * 60 }),
        (offsetMin, minutes) => {
          const from = new Date(start + offsetMin * 60_000);
          const due = addBusinessMs(sp, from, minutes * 60_000);
          expect(businessMsBetween(sp, from, due)).toBe(minutes * 60_000);
          // And the due instant is the earliest one: a minute earlier is not enough.
          expect(businessMsBetween(sp, from, new Date(due.getTime() - 60_000))).toBe(
            minutes * 60_000 - 60_000,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('ticket SLA', () => {
  const targets = { firstResponseMinutes: 2 * 60, resolutionMinutes: 8 * 60 };
  const opened = brt('2026-11-23T09:00'); // Monday

  it('starts with both due dates in business hours', () => {
    const s = startSla(sp, targets, opened);
    expect(s).toEqual({
      firstResponseDueAt: brt('2026-11-23T11:00').toISOString(),
      resolutionDueAt: brt('2026-11-23T17:00').toISOString(),
      remainingMs: null,
      firstRespondedAt: null,
    });
    expect(startSla(sp, { firstResponseMinutes: null, resolutionMinutes: null }, opened)).toMatchObject({
      firstResponseDueAt: null,
      resolutionDueAt: null,
    });
  });

  it('flags a missed first response, and a move counts as the response', () => {
    const s = startSla(sp, targets, opened);
    expect(slaView(sp, s, 'open', brt('2026-11-23T10:59')).overdue).toBe(false);
    expect(slaView(sp, s, 'open', brt('2026-11-23T11:01')).overdue).toBe(true);
    const moved = slaAfterMove(sp, s, brt('2026-11-23T10:00'), 'open', 'analyzing');
    expect(moved.firstRespondedAt).toBe(brt('2026-11-23T10:00').toISOString());
    expect(slaView(sp, moved, 'analyzing', brt('2026-11-23T11:01')).overdue).toBe(false);
    // A chat answer is a response too, and the first one stays.
    const answered = slaAfterResponse(slaAfterResponse(s, brt('2026-11-23T09:30')), brt('2026-11-23T10:30'));
    expect(answered.firstRespondedAt).toBe(brt('2026-11-23T09:30').toISOString());
  });

  it('Aguardando pauses the resolution clock; resuming moves the due date by the time paused', () => {
    let s = startSla(sp, targets, opened);
    s = slaAfterMove(sp, s, brt('2026-11-23T11:00'), 'open', 'waiting'); // 2 h used, 6 h left
    expect(s.remainingMs).toBe(6 * H);
    // Paused on Tuesday 10:00, well past the original 17:00 Monday due date: not overdue.
    const paused = slaView(sp, s, 'waiting', brt('2026-11-24T10:00'));
    expect(paused).toMatchObject({ paused: true, overdue: false });
    expect(paused.resolutionDueAt).toBe(brt('2026-11-24T16:00').toISOString()); // projected: now + 6 h
    s = slaAfterMove(sp, s, brt('2026-11-25T10:00'), 'waiting', 'analyzing'); // Wednesday
    expect(s.resolutionDueAt).toBe(brt('2026-11-25T16:00').toISOString());
    expect(s.remainingMs).toBeNull();
    expect(slaView(sp, s, 'analyzing', brt('2026-11-25T15:59')).overdue).toBe(false);
    expect(slaView(sp, s, 'analyzing', brt('2026-11-25T16:01')).overdue).toBe(true);
  });

  it('a pause over a holiday costs nothing, and the resumed clock skips the holiday', () => {
    const thu = brt('2026-11-19T09:00');
    let s = startSla(sp, targets, thu); // due Thu 17:00
    s = slaAfterMove(sp, s, brt('2026-11-19T16:00'), 'open', 'waiting'); // 1 h left
    s = slaAfterMove(sp, s, brt('2026-11-19T17:30'), 'waiting', 'analyzing');
    // Thu 17:30–18:00 (30 min), Fri 20 holiday, Mon 08:00–08:30.
    expect(s.resolutionDueAt).toBe(brt('2026-11-23T08:30').toISOString());
  });

  it('a ticket paused after its due date stays overdue, with its original due date', () => {
    let s = startSla(sp, targets, opened);
    s = slaAfterMove(sp, s, brt('2026-11-24T09:00'), 'open', 'waiting'); // due Mon 17:00; 2 h late
    expect(s.remainingMs).toBe(-2 * H);
    expect(slaView(sp, s, 'waiting', brt('2026-11-24T10:00'))).toMatchObject({
      paused: true,
      overdue: true,
      resolutionDueAt: brt('2026-11-23T17:00').toISOString(),
    });
    s = slaAfterMove(sp, s, brt('2026-11-25T09:00'), 'waiting', 'analyzing');
    expect(s.resolutionDueAt).toBe(brt('2026-11-23T17:00').toISOString());
    expect(slaView(sp, s, 'analyzing', brt('2026-11-25T09:00')).overdue).toBe(true);
  });

  it('a closed ticket is overdue only when it was closed late; reopening resumes the clock', () => {
    const s = startSla(sp, targets, opened);
    const onTime = slaAfterMove(sp, s, brt('2026-11-23T16:00'), 'open', 'done');
    expect(slaView(sp, onTime, 'done', brt('2026-12-01T10:00'))).toMatchObject({
      paused: false,
      overdue: false,
    });
    const late = slaAfterMove(sp, s, brt('2026-11-24T10:00'), 'open', 'done');
    expect(slaView(sp, late, 'done', brt('2026-12-01T10:00')).overdue).toBe(true);
    // Reopened on Friday 27 at 09:00 with 1 h left: due 10:00.
    const reopened = slaAfterMove(sp, onTime, brt('2026-11-27T09:00'), 'done', 'reopened');
    expect(reopened.resolutionDueAt).toBe(brt('2026-11-27T10:00').toISOString());
  });

  it('replaying the moves gives the same state as applying them one by one', () => {
    const moves = [
      { at: brt('2026-11-23T10:00'), from: 'open', to: 'analyzing' },
      { at: brt('2026-11-23T12:00'), from: 'analyzing', to: 'waiting' },
      { at: brt('2026-11-26T09:00'), from: 'waiting', to: 'analyzing' },
      { at: brt('2026-11-26T11:00'), from: 'analyzing', to: 'done' },
    ] as const;
    let step: SlaState = startSla(sp, targets, opened);
    for (const m of moves) step = slaAfterMove(sp, step, m.at, m.from, m.to);
    expect(replaySla(sp, targets, opened, moves, null)).toEqual(step);
    // Different targets (the service changed): the same moves, new dates.
    const longer = replaySla(
      sp,
      { firstResponseMinutes: 60, resolutionMinutes: 20 * 60 },
      opened,
      moves,
      null,
    );
    expect(longer.firstResponseDueAt).toBe(brt('2026-11-23T10:00').toISOString());
    expect(longer.remainingMs).toBeGreaterThan(0);
  });
});
