import type { AppContext } from '../../../context.js';
import type { ScheduleRow } from '../../../db/schema.js';
import { BusinessCalendar } from '../../br/index.js';
import type { Office } from '../../platform/index.js';
import { getOffice } from '../../platform/index.js';
import { enqueueKind } from '../engine.service.js';
import { ParsedSchedule } from './occurrences.js';
import { scheduleSpec } from './schedule.schema.js';

/** The office's business calendar: national, state and municipal holidays plus its own choices. */
export function calendarOf(office: Office): BusinessCalendar {
  return new BusinessCalendar({ state: office.state, city: office.city, ...office.calendar });
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

/**
 * One scheduler pass: for every active schedule whose next occurrence is due, records each due occurrence
 * once — enqueuing its job, or marking it missed per the misfire policy — and moves `next_fire_at` on.
 *
 * Safe to run in any number of processes at once: the move of `next_fire_at` is guarded by its old value
 * (the row lock makes racing schedulers wait, then find nothing to do), and the primary key of
 * `schedule_occurrences` allows one row, hence one job, per (schedule, occurrence).
 */
export async function schedulerTick(app: AppContext, options: TickOptions = {}): Promise<TickResult> {
  const batch = options.batch ?? 1000;
  const graceMs = options.graceMs ?? 60_000;
  const maxOccurrences = options.maxOccurrences ?? 1000;
  const now = app.clock.now();
  const due = await app.db
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
  for (const s of due) {
    try {
      let entry = offices.get(s.office_id);
      if (!entry) {
        const office = await getOffice(app, s.office_id);
        entry = { office, calendar: calendarOf(office) };
        offices.set(s.office_id, entry);
      }
      const r = await fireSchedule(
        app,
        s,
        parsedScheduleOf(s, entry.office, entry.calendar),
        now,
        graceMs,
        maxOccurrences,
      );
      result.schedules += r ? 1 : 0;
      result.enqueued += r?.enqueued ?? 0;
      result.missed += r?.missed ?? 0;
    } catch (err) {
      app.log.error({ err, scheduleId: s.id }, 'schedule could not fire');
    }
  }
  return result;
}

async function fireSchedule(
  app: AppContext,
  s: ScheduleRow,
  parsed: ParsedSchedule,
  now: Date,
  graceMs: number,
  maxOccurrences: number,
): Promise<{ enqueued: number; missed: number } | null> {
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

  return app.db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('schedules')
      .set({
        next_fire_at: next?.toISOString() ?? null,
        last_fire_at: last.toISOString(),
        updated_at: now.toISOString(),
      })
      .where('id', '=', s.id)
      .where('next_fire_at', '=', s.next_fire_at)
      .where('paused', '=', 0)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return null; // another scheduler fired it
    let missed = 0;
    const missedRows = occurrences
      .filter((o) => !run.has(o.getTime()))
      .map((o) => ({
        schedule_id: s.id,
        fire_at: o.toISOString(),
        status: 'missed' as const,
        job_id: null,
        recorded_at: now.toISOString(),
      }));
    for (let i = 0; i < missedRows.length; i += 500) {
      const r = await trx
        .insertInto('schedule_occurrences')
        .values(missedRows.slice(i, i + 500))
        .onConflict((oc) => oc.columns(['schedule_id', 'fire_at']).doNothing())
        .executeTakeFirst();
      missed += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    let enqueued = 0;
    for (const o of occurrences.filter((x) => run.has(x.getTime()))) {
      const fireAt = o.toISOString();
      const inserted = await trx
        .insertInto('schedule_occurrences')
        .values({
          schedule_id: s.id,
          fire_at: fireAt,
          status: 'enqueued',
          job_id: null,
          recorded_at: now.toISOString(),
        })
        .onConflict((oc) => oc.columns(['schedule_id', 'fire_at']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) continue;
      const job = await enqueueKind(app, trx, s.kind, JSON.parse(s.payload), {
        officeId: s.office_id,
        pool: s.pool,
        runAt: o,
        uniqueKey: `schedule:${s.id}:${fireAt}`,
        requestedBy: s.created_by,
        scheduleId: s.id,
      });
      await trx
        .updateTable('schedule_occurrences')
        .set({ job_id: job.id })
        .where('schedule_id', '=', s.id)
        .where('fire_at', '=', fireAt)
        .execute();
      enqueued++;
    }
    return { enqueued, missed };
  });
}

/** Runs `schedulerTick` every `intervalMs` until stopped. */
export class Scheduler {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> = Promise.resolve();
  constructor(
    private readonly app: AppContext,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.#running = this.#running
        .then(() => schedulerTick(this.app))
        .catch((err) => this.app.log.error({ err }, 'scheduler tick failed'));
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }
}
