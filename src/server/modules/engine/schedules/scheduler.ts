import { sql } from 'kysely';
import type { AppContext } from '../../../context.js';
import { writeTransaction } from '../../../db/group-commit.js';
import type { JobRow, ScheduleRow } from '../../../db/schema.js';
import { BusinessCalendar } from '../../br/index.js';
import type { Office } from '../../platform/index.js';
import { getOffice } from '../../platform/index.js';
import { enqueueRows, prepareJob } from '../engine.service.js';
import { engineEvents } from '../engine-events.js';
import { moveSchedules, type ScheduleMove } from '../sql/move-schedules.js';
import { ParsedSchedule } from './occurrences.js';
import { scheduleSpec } from './schedule.schema.js';

/** Calendars by their options: the holidays of a year and place are computed once per process. */
const calendars = new Map<string, BusinessCalendar>();

/**
 * The office's business calendar: national, state and municipal holidays plus its own choices. Offices
 * with the same place and choices share one calendar (kept for up to 500 distinct options).
 */
export function calendarOf(office: Pick<Office, 'state' | 'city' | 'calendar'>): BusinessCalendar {
  const key = JSON.stringify([office.state, office.city, office.calendar]);
  let calendar = calendars.get(key);
  if (!calendar) {
    if (calendars.size >= 500) calendars.clear();
    calendar = new BusinessCalendar({ state: office.state, city: office.city, ...office.calendar });
    calendars.set(key, calendar);
  }
  return calendar;
}

export function parsedScheduleOf(
  row: Pick<ScheduleRow, 'spec' | 'time_zone'>,
  office: Office,
  calendar: BusinessCalendar = calendarOf(office),
): ParsedSchedule {
  return new ParsedSchedule(scheduleSpec.parse(JSON.parse(row.spec)), row.time_zone, calendar);
}

export interface TickOptions {
  /** Schedules handled per tick (default 1000). */
  batch?: number;
  /** An occurrence seen later than this is a misfire (default 60 s). */
  graceMs?: number;
  /** Occurrences recorded per schedule per tick, so a long outage is caught up over several ticks. */
  maxOccurrences?: number;
}

export interface TickResult {
  schedules: number;
  enqueued: number;
  missed: number;
}

/** What one due schedule does this tick, worked out before any write. */
interface Plan {
  schedule: ScheduleRow;
  move: ScheduleMove;
  /** Every occurrence this tick records: the ones to run carry their prepared job. */
  occurrences: { fireAt: string; job: JobRow | null }[];
}

/** Due schedules fired per transaction. */
const CHUNK = 100;

/**
 * One scheduler pass: for every active schedule whose next occurrence is due, records each due occurrence
 * once — enqueuing its job, or marking it missed per the misfire policy — and moves `next_fire_at` on.
 *
 * Safe to run in any number of processes at once: the move of `next_fire_at` is guarded by its old value
 * (the row lock makes racing schedulers wait, then find nothing to do), and the primary key of
 * `schedule_occurrences` allows one row, hence one job, per (schedule, occurrence).
 *
 * The due schedules are planned first (occurrence arithmetic, job rows), then fired a hundred per
 * transaction in a handful of statements: one guarded move of them all, one insert of their occurrences,
 * one insert of their jobs. A schedule whose plan fails (its kind was removed, say) is logged and left due.
 * Its duration is reported to the engine's observers (`/metrics`).
 */
export async function schedulerTick(ctx: AppContext, options: TickOptions = {}): Promise<TickResult> {
  const started = performance.now();
  let ok = false;
  try {
    const result = await tick(ctx, options);
    ok = true;
    return result;
  } finally {
    engineEvents.schedulerTick(performance.now() - started, ok);
  }
}

async function tick(ctx: AppContext, options: TickOptions): Promise<TickResult> {
  const batch = options.batch ?? 1000;
  const graceMs = options.graceMs ?? 60_000;
  const maxOccurrences = options.maxOccurrences ?? 1000;
  const now = ctx.clock.now();
  const due = await ctx.db
    .selectFrom('schedules')
    .selectAll()
    .where('paused', '=', 0)
    .where('next_fire_at', '<=', now.toISOString())
    .orderBy('next_fire_at')
    .limit(batch)
    .execute();
  const result: TickResult = { schedules: 0, enqueued: 0, missed: 0 };
  // One office and one business calendar per office per tick, however many of its schedules are due.
  const offices = new Map<string, { office: Office; calendar: BusinessCalendar }>();
  const plans: Plan[] = [];
  for (const s of due) {
    try {
      let entry = offices.get(s.office_id);
      if (!entry) {
        const office = await getOffice(ctx, s.office_id);
        entry = { office, calendar: calendarOf(office) };
        offices.set(s.office_id, entry);
      }
      const parsed = parsedScheduleOf(s, entry.office, entry.calendar);
      plans.push(planSchedule(ctx, s, parsed, now, graceMs, maxOccurrences));
    } catch (err) {
      ctx.log.error({ err, scheduleId: s.id }, 'schedule could not fire');
    }
  }
  for (let i = 0; i < plans.length; i += CHUNK) {
    const r = await firePlans(ctx, plans.slice(i, i + CHUNK), now);
    result.schedules += r.schedules;
    result.enqueued += r.enqueued;
    result.missed += r.missed;
  }
  return result;
}

function planSchedule(
  ctx: AppContext,
  s: ScheduleRow,
  parsed: ParsedSchedule,
  now: Date,
  graceMs: number,
  maxOccurrences: number,
): Plan {
  const first = new Date(s.next_fire_at!);
  const occurrences = [first, ...parsed.between(first, now, maxOccurrences - 1)];
  const caughtUp = occurrences.length < maxOccurrences;
  const last = occurrences[occurrences.length - 1]!;
  const next = parsed.nextAfter(caughtUp ? now : last);

  const late = occurrences.filter((o) => now.getTime() - o.getTime() > graceMs);
  const onTime = occurrences.filter((o) => now.getTime() - o.getTime() <= graceMs);
  const run = new Set(onTime.map((o) => o.getTime()));
  if (s.misfire_policy === 'once' && late.length && onTime.length === 0)
    run.add(late[late.length - 1]!.getTime());
  if (s.misfire_policy === 'all') for (const o of late.slice(-s.misfire_cap)) run.add(o.getTime());

  const payload = JSON.parse(s.payload);
  return {
    schedule: s,
    move: { id: s.id, from: s.next_fire_at!, next: next?.toISOString() ?? null, last: last.toISOString() },
    occurrences: occurrences.map((o) => {
      const fireAt = o.toISOString();
      return {
        fireAt,
        job: run.has(o.getTime())
          ? prepareJob(ctx, s.kind, payload, {
              officeId: s.office_id,
              pool: s.pool,
              runAt: o,
              uniqueKey: `schedule:${s.id}:${fireAt}`,
              requestedBy: s.created_by,
              scheduleId: s.id,
            })
          : null,
      };
    }),
  };
}

async function firePlans(ctx: AppContext, plans: Plan[], now: Date): Promise<TickResult> {
  return writeTransaction(ctx, async (trx) => {
    const moved = await moveSchedules(
      trx,
      ctx.dialect,
      plans.map((p) => p.move),
      now,
    );
    const mine = plans.filter((p) => moved.has(p.schedule.id)); // the rest another scheduler fired
    const rows = mine.flatMap((p) =>
      p.occurrences.map((o) => ({
        schedule_id: p.schedule.id,
        fire_at: o.fireAt,
        status: o.job ? ('enqueued' as const) : ('missed' as const),
        job_id: o.job?.id ?? null,
        recorded_at: now.toISOString(),
      })),
    );
    const recorded = new Set<string>();
    for (let i = 0; i < rows.length; i += 500) {
      const out = await trx
        .insertInto('schedule_occurrences')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.columns(['schedule_id', 'fire_at']).doNothing())
        .returning(['schedule_id', 'fire_at'])
        .execute();
      for (const r of out) recorded.add(`${r.schedule_id}|${r.fire_at}`);
    }
    const isNew = (p: Plan, fireAt: string) => recorded.has(`${p.schedule.id}|${fireAt}`);
    const jobs = mine.flatMap((p) =>
      p.occurrences.filter((o) => o.job && isNew(p, o.fireAt)).map((o) => o.job!),
    );
    const inserted = await enqueueRows(ctx, trx, jobs);
    // A live job already held the key (an occurrence recorded, its job kept): point at that job instead.
    for (const job of jobs.filter((j) => !inserted.has(j.id))) {
      const live = await trx
        .selectFrom('jobs')
        .select('id')
        .where('unique_key', '=', job.unique_key)
        .where(sql<boolean>`state in ('queued', 'running')`)
        .executeTakeFirst();
      await trx
        .updateTable('schedule_occurrences')
        .set({ job_id: live?.id ?? null })
        .where('schedule_id', '=', job.schedule_id!)
        .where('fire_at', '=', job.run_at)
        .execute();
    }
    const missed = mine.reduce(
      (n, p) => n + p.occurrences.filter((o) => !o.job && isNew(p, o.fireAt)).length,
      0,
    );
    return { schedules: mine.length, enqueued: jobs.length, missed };
  });
}

/** Runs `schedulerTick` every `intervalMs` until stopped. */
export class Scheduler {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> = Promise.resolve();
  constructor(
    private readonly ctx: AppContext,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.#running = this.#running
        .then(() => schedulerTick(this.ctx))
        .catch((err) => this.ctx.log.error({ err }, 'scheduler tick failed'));
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }
}
