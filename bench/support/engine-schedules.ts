/**
 * 10,000 active schedules for the scheduler tick: a few made by `createSchedule`, the rest bulk-inserted
 * with the same shape (daily schedules of ten offices, each with a genuine next occurrence).
 */
import type { AppContext } from '../../src/server/context.js';
import type { ScheduleRow } from '../../src/server/db/schema.js';
import { newId } from '../../src/server/ids.js';
import { civilToInstant, instantToCivil } from '../../src/server/modules/engine/schedules/civil-time.js';
import {
  parsedScheduleOf,
  schedulerTick,
  type TickResult,
} from '../../src/server/modules/engine/schedules/scheduler.js';
import {
  createSchedule,
  scheduleInput,
} from '../../src/server/modules/engine/schedules/schedules.service.js';
import { createOffice, getOffice } from '../../src/server/modules/platform/index.js';
import { noopJob } from './engine-ours.js';

const OFFICES = 10;
const REPEATS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Schedules made through `createSchedule` (one per office); the rest are bulk-inserted copies. */
const VIA_SERVICE = OFFICES;

export interface TickFigures {
  /** One tick with `due` schedules due among `total` active ones: the median of five. */
  dueMs: number;
  /** The same ticks' CPU time in this process (the database's too, on SQLite): the median of five. */
  dueCpuMs: number;
  dueResult: TickResult;
  /** One tick with none due. */
  idleMs: number;
  /**
   * Of the due tick, about this much is the occurrence arithmetic the scheduler does per due schedule (its
   * business calendar, built afresh for each, and the next occurrences), timed apart on the same rows.
   */
  calendarMs: number;
  total: number;
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * Seeds `total` active daily schedules, `due` of which (plus a warm-up set of 10) fire at the current civil
 * minute; their next occurrence is first tomorrow's, and is moved to today's (a minute or less ago) just
 * before their tick, as if that time had come. Every other schedule fires at least 30 minutes from now.
 * Then: an untimed warm-up tick (10 due), the timed tick (`due` due) and a timed tick with none due.
 */
export async function benchTick(
  ctx: AppContext,
  total: number,
  due: number,
  /** Wraps the timed due tick (to profile it, for instance). */
  around: <T>(tick: () => Promise<T>) => Promise<T> = (tick) => tick(),
): Promise<TickFigures> {
  const now = new Date();
  const offices = [];
  for (let i = 0; i < OFFICES; i++) {
    offices.push(await createOffice(ctx, { name: `Escritório Agenda ${i}`, state: 'SP', city: 'São Paulo' }));
  }
  const tz = offices[0]!.timeZone;
  const nowCivil = instantToCivil(now, tz);
  const [h, m] = nowCivil.time.split(':').map(Number) as [number, number];
  const nowMinute = h * 60 + m;
  // Times of day at least 30 minutes away from now, every 7 minutes.
  const quietTimes: string[] = [];
  for (let t = 0; t < 24 * 60; t += 7) {
    const distance = Math.min(Math.abs(t - nowMinute), 24 * 60 - Math.abs(t - nowMinute));
    if (distance >= 30) quietTimes.push(hhmm(t));
  }
  const dueTime = nowCivil.time;

  // A few through the service (validation, audit), then copies of their shape.
  const templates: ScheduleRow[] = [];
  for (const office of offices.slice(0, VIA_SERVICE)) {
    const s = await createSchedule(
      ctx,
      { officeId: office.id, userId: null },
      scheduleInput.parse({
        name: 'Agenda de referência',
        kind: noopJob.kind,
        payload: { n: 0 },
        spec: { type: 'daily', times: [quietTimes[0]!] },
      }),
    );
    templates.push(
      await ctx.db.selectFrom('schedules').selectAll().where('id', '=', s.id).executeTakeFirstOrThrow(),
    );
  }

  const nextCache = new Map<string, string>();
  const warm = 10;
  const rows: ScheduleRow[] = [];
  for (let i = 0; rows.length + VIA_SERVICE < total; i++) {
    const office = offices[i % OFFICES]!;
    const template = templates[i % OFFICES]!;
    const fires = i < due + warm ? dueTime : quietTimes[i % quietTimes.length]!;
    const spec = JSON.stringify({ type: 'daily', times: [fires], nonBusinessDay: 'keep' });
    const key = `${office.id}|${spec}`;
    let next = nextCache.get(key);
    if (!next) {
      next = parsedScheduleOf({ spec, time_zone: tz }, office).nextAfter(now)!.toISOString();
      nextCache.set(key, next);
    }
    rows.push({
      ...template,
      id: newId(),
      name: `Agenda ${i}`,
      payload: JSON.stringify({ n: i }),
      spec,
      next_fire_at: next,
    });
  }
  const perStatement = ctx.dialect === 'sqlite' ? 1000 : 2000;
  await ctx.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += perStatement) {
      await trx
        .insertInto('schedules')
        .values(rows.slice(i, i + perStatement))
        .execute();
    }
  });
  const active = await ctx.db
    .selectFrom('schedules')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('paused', '=', 0)
    .executeTakeFirstOrThrow();

  // Today's occurrence of the due time: a genuine occurrence, a minute or less ago.
  const today = civilToInstant(nowCivil.date, dueTime, tz).toISOString();
  const makeDue = (ids: string[]) =>
    ctx.db.updateTable('schedules').set({ next_fire_at: today }).where('id', 'in', ids).execute();

  await getOffice(ctx, offices[0]!.id);
  await makeDue(rows.slice(due, due + warm).map((r) => r.id));
  const w = await schedulerTick(ctx);
  if (w.schedules !== warm) throw new Error(`warm-up tick fired ${w.schedules} schedules, expected ${warm}`);

  // The due tick, five times over the same rows (their occurrences and jobs removed in between, untimed):
  // one tick is a few tens of milliseconds, so a single sample says more about the VM than the code.
  const dueIds = rows.slice(0, due).map((r) => r.id);
  const walls: number[] = [];
  const cpus: number[] = [];
  let dueResult: TickResult | null = null;
  for (let rep = 0; rep < REPEATS; rep++) {
    if (rep > 0) {
      await ctx.db.deleteFrom('schedule_occurrences').where('schedule_id', 'in', dueIds).execute();
      await ctx.db.deleteFrom('jobs').where('schedule_id', 'in', dueIds).execute();
    }
    await makeDue(dueIds);
    const cpu0 = process.cpuUsage();
    const w0 = performance.now();
    const r = await (rep === 0 ? around(() => schedulerTick(ctx)) : schedulerTick(ctx));
    walls.push(performance.now() - w0);
    const cpu = process.cpuUsage(cpu0);
    cpus.push((cpu.user + cpu.system) / 1000);
    if (r.schedules !== due || r.enqueued !== due) {
      throw new Error(`tick fired ${JSON.stringify(r)}, expected ${due} schedules and jobs`);
    }
    dueResult = r;
  }
  const dueMs = median(walls);
  const dueCpuMs = median(cpus);
  let t0 = performance.now();
  t0 = performance.now();
  const idle = await schedulerTick(ctx);
  const idleMs = performance.now() - t0;
  if (idle.schedules !== 0) throw new Error(`idle tick fired ${idle.schedules} schedules`);

  // What `fireSchedule` computes before it writes anything, for the same due rows.
  const at = new Date();
  t0 = performance.now();
  for (const [i, row] of rows.slice(0, due).entries()) {
    const parsed = parsedScheduleOf(row, offices[i % OFFICES]!);
    parsed.between(new Date(today), at, 999);
    parsed.nextAfter(at);
  }
  const calendarMs = performance.now() - t0;
  return { dueMs, dueCpuMs, dueResult: dueResult!, idleMs, calendarMs, total: Number(active.n) };
}
