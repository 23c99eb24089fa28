/**
 * SLA maths in business hours: pure functions, no clock, no I/O (sla.test.ts).
 *
 * - Business time is the office's opening hours (08:00–18:00 by default) on the business days of its
 *   calendar (weekends, national/state/municipal holidays and the office's own closed days excluded),
 *   in the office's time zone.
 * - A ticket's policy comes from its service: a first-response target and a resolution target, in
 *   business minutes, snapshotted on the ticket when it is opened (or when its service changes).
 * - First response: the first status move or the first non-internal staff chat message. Its clock never
 *   pauses.
 * - Resolution: the clock runs in Aberto, Reaberto and Analisando, and stops in Aguardando and in the closed
 *   statuses. When it stops, the business time left (`remainingMs`, negative when already overdue) is kept;
 *   when it restarts, the due date is moved to "now + what was left" (an overdue ticket stays overdue with
 *   its original due date).
 */
import { DateTime } from 'luxon';
import type { CivilDate } from '../br/index.js';
import { clockRuns, isClosed } from './status-machine.js';
import type { TicketSla, TicketStatus } from './tickets.schema.js';

/** Opening hours, in minutes after midnight (local time). */
export interface BusinessHours {
  start: number;
  end: number;
}

/** 08:00–18:00. */
export const defaultBusinessHours: BusinessHours = { start: 8 * 60, end: 18 * 60 };

/** What business-time maths needs: which days are business days, the time zone and the opening hours. */
export interface WorkCalendar {
  calendar: { isBusinessDay(date: CivilDate): boolean };
  timeZone: string;
  hours: BusinessHours;
}

/** The longest span walked day by day (about 20 years): a guard against runaway loops. */
const MAX_DAYS = 7300;
const DAY_MS = 86_400_000;

// Business-time maths walks day by day; both per-day answers are memoised, so a span of two years costs
// a few hundred map look-ups rather than a few hundred time-zone conversions.
// A walk looks both memos up once (`dayWindows`), then reads them by day number: a move of a ticket two
// years overdue walks 700 days, and building a string key per day cost more than the rest of the move's
// SLA maths.
const businessDays = new WeakMap<WorkCalendar['calendar'], Map<number, boolean>>();
const windows = new Map<string, Map<number, [number, number]>>();

/** The opening window of a civil day (epoch ms), or null when it is not a business day. */
type DayWindow = (day: number) => [number, number] | null;

/** The civil day (days since 1970-01-01) of an instant in a time zone. */
function localDay(ms: number, zone: string): number {
  const d = DateTime.fromMillis(ms, { zone });
  return Date.UTC(d.year, d.month - 1, d.day) / DAY_MS;
}

/** The opening windows of `wc`'s days, memoised per calendar, time zone and opening hours. */
function dayWindows(wc: WorkCalendar): DayWindow {
  let open = businessDays.get(wc.calendar);
  if (!open) {
    open = new Map();
    businessDays.set(wc.calendar, open);
  }
  const key = `${wc.timeZone}|${wc.hours.start}|${wc.hours.end}`;
  let spans = windows.get(key);
  if (!spans) {
    spans = new Map();
    windows.set(key, spans);
  }
  const days = open;
  const memo = spans;
  return (day) => {
    let isOpen = days.get(day);
    if (isOpen === undefined) {
      isOpen = wc.calendar.isBusinessDay(new Date(day * DAY_MS).toISOString().slice(0, 10));
      days.set(day, isOpen);
    }
    if (!isOpen) return null;
    let w = memo.get(day);
    if (!w) {
      const civil = new Date(day * DAY_MS);
      const at = (minutes: number) =>
        DateTime.fromObject(
          {
            year: civil.getUTCFullYear(),
            month: civil.getUTCMonth() + 1,
            day: civil.getUTCDate(),
            hour: Math.floor(minutes / 60),
            minute: minutes % 60,
          },
          { zone: wc.timeZone },
        ).toMillis();
      w = [at(wc.hours.start), at(wc.hours.end)];
      if (memo.size >= 200_000) memo.clear();
      memo.set(day, w);
    }
    return w;
  };
}

/**
 * Business milliseconds between two instants (0 when `to` is not after `from`).
 * @example businessMsBetween(wc, fri17h, mon09h) // 2 h = 7_200_000 (Fri 17–18, Mon 8–9)
 */
export function businessMsBetween(wc: WorkCalendar, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  let total = 0;
  const last = localDay(b, wc.timeZone);
  let day = localDay(a, wc.timeZone);
  if (last - day > MAX_DAYS) throw new RangeError(`businessMsBetween: more than ${MAX_DAYS} days`);
  const windowOf = dayWindows(wc);
  for (; day <= last; day++) {
    const w = windowOf(day);
    if (!w) continue;
    const s = Math.max(w[0], a);
    const e = Math.min(w[1], b);
    if (e > s) total += e - s;
  }
  return total;
}

/** `businessMsBetween(from, to)`, negative when `to` is before `from`. */
export function signedBusinessMs(wc: WorkCalendar, from: Date, to: Date): number {
  return to >= from ? businessMsBetween(wc, from, to) : -businessMsBetween(wc, to, from);
}

/**
 * The instant `ms` business milliseconds after `from`. Outside opening hours the count starts at the next
 * opening; a due date that falls exactly on a closing time stays there (18:00, not 08:00 next day).
 * @example addBusinessMs(wc, fri17h, 3 * 3_600_000) // Monday 10:00 (Fri 17–18, Mon 8–10)
 */
export function addBusinessMs(wc: WorkCalendar, from: Date, ms: number): Date {
  const a = from.getTime();
  if (ms <= 0) return new Date(a);
  let left = ms;
  const first = localDay(a, wc.timeZone);
  const windowOf = dayWindows(wc);
  for (let day = first; day < first + MAX_DAYS; day++) {
    const w = windowOf(day);
    if (!w) continue;
    const s = Math.max(w[0], a);
    if (s >= w[1]) continue;
    const available = w[1] - s;
    if (left <= available) return new Date(s + left);
    left -= available;
  }
  throw new RangeError(`addBusinessMs: no business time found within ${MAX_DAYS} days`);
}

/** A ticket's SLA targets, in business minutes (null: no target of that kind). */
export interface SlaTargets {
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
}

/** The stored SLA state of a ticket (columns `sla_*` and `first_responded_at`). Instants are ISO strings. */
export interface SlaState {
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  /** Business ms left on the resolution clock while it is stopped (negative: it stopped overdue); null while it runs. */
  remainingMs: number | null;
  firstRespondedAt: string | null;
}

const iso = (d: Date) => d.toISOString();

/** The SLA of a ticket opened at `openedAt` (status `open`: both clocks run). */
export function startSla(wc: WorkCalendar, targets: SlaTargets, openedAt: Date): SlaState {
  return {
    firstResponseDueAt:
      targets.firstResponseMinutes === null
        ? null
        : iso(addBusinessMs(wc, openedAt, targets.firstResponseMinutes * 60_000)),
    resolutionDueAt:
      targets.resolutionMinutes === null
        ? null
        : iso(addBusinessMs(wc, openedAt, targets.resolutionMinutes * 60_000)),
    remainingMs: null,
    firstRespondedAt: null,
  };
}

/** The first response happened at `at` (kept when one already did). */
export function slaAfterResponse(state: SlaState, at: Date): SlaState {
  return state.firstRespondedAt ? state : { ...state, firstRespondedAt: iso(at) };
}

/** The SLA after a move `from` → `to` at `at`: a move is a response, and it may stop or restart the clock. */
export function slaAfterMove(
  wc: WorkCalendar,
  state: SlaState,
  at: Date,
  from: TicketStatus,
  to: TicketStatus,
): SlaState {
  const next = slaAfterResponse(state, at);
  if (next.resolutionDueAt === null) return next;
  const ranBefore = clockRuns(from);
  const runsAfter = clockRuns(to);
  if (ranBefore && !runsAfter) {
    return { ...next, remainingMs: signedBusinessMs(wc, at, new Date(next.resolutionDueAt)) };
  }
  if (!ranBefore && runsAfter) {
    const left = next.remainingMs ?? 0;
    return {
      ...next,
      resolutionDueAt: left > 0 ? iso(addBusinessMs(wc, at, left)) : next.resolutionDueAt,
      remainingMs: null,
    };
  }
  return next;
}

/**
 * The SLA recomputed from the start (when the ticket's service, hence its targets, changes): the ticket's
 * moves are replayed in order; the first response stays when it already happened.
 */
export function replaySla(
  wc: WorkCalendar,
  targets: SlaTargets,
  openedAt: Date,
  moves: readonly { at: Date; from: TicketStatus; to: TicketStatus }[],
  firstRespondedAt: string | null,
): SlaState {
  let state = startSla(wc, targets, openedAt);
  for (const m of moves) state = slaAfterMove(wc, state, m.at, m.from, m.to);
  return { ...state, firstRespondedAt: firstRespondedAt ?? state.firstRespondedAt };
}

/**
 * What the grid and the ticket page show at `now`: the due dates (while paused, the resolution date the
 * ticket would have if the clock restarted now), whether the clock is paused (Aguardando) and whether the
 * ticket is overdue (a closed ticket: whether it was closed after its resolution due date).
 */
export function slaView(wc: WorkCalendar, state: SlaState, status: TicketStatus, now: Date): TicketSla {
  const base = {
    firstResponseDueAt: state.firstResponseDueAt,
    resolutionDueAt: state.resolutionDueAt,
    firstRespondedAt: state.firstRespondedAt,
  };
  const stoppedLate = state.remainingMs !== null && state.remainingMs < 0;
  if (isClosed(status)) return { ...base, paused: false, overdue: stoppedLate };
  const firstResponseLate =
    !state.firstRespondedAt &&
    state.firstResponseDueAt !== null &&
    now.getTime() > Date.parse(state.firstResponseDueAt);
  if (!clockRuns(status)) {
    const left = state.remainingMs;
    return {
      ...base,
      resolutionDueAt: left !== null && left > 0 ? iso(addBusinessMs(wc, now, left)) : state.resolutionDueAt,
      paused: true,
      overdue: stoppedLate || firstResponseLate,
    };
  }
  const resolutionLate = state.resolutionDueAt !== null && now.getTime() > Date.parse(state.resolutionDueAt);
  return { ...base, paused: false, overdue: resolutionLate || firstResponseLate };
}
