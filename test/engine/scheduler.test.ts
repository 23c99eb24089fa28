import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DialectName, openDatabase } from '../../src/server/db/database.js';
import type { AppError } from '../../src/server/http/errors.js';
import { Worker } from '../../src/server/modules/engine/index.js';
import { schedulerTick } from '../../src/server/modules/engine/schedules/scheduler.js';
import {
  createSchedule,
  getSchedule,
  scheduleInput,
  setSchedulePaused,
} from '../../src/server/modules/engine/schedules/schedules.service.js';
import { updateOffice } from '../../src/server/modules/platform/index.js';
import { useOffice } from '../support/fixtures.js';
import { dialects, useTestContext } from '../support/test-db.js';
import { scheduledJob } from './fixtures/scheduled.job.js';

void scheduledJob; // registers the kind

const MIN = 60_000;

/** A migrated database with an office, and `schedule(spec, extra)` saving a `test.scheduled` schedule in it. */
function useScheduleWorld(dialect: DialectName) {
  const ctx = useTestContext(dialect);
  const seed = useOffice(ctx);
  const schedule = (spec: unknown, extra: Record<string, unknown> = {}) =>
    createSchedule(
      ctx,
      seed.actor,
      scheduleInput.parse({
        name: 'Agenda',
        kind: 'test.scheduled',
        payload: { label: 'x' },
        spec,
        ...extra,
      }),
    );
  return { ctx, seed, schedule };
}

describe.each(dialects)('scheduler on %s', (dialect) => {
  const { ctx, seed, schedule } = useScheduleWorld(dialect);
  const jobsOf = (scheduleId: string) =>
    ctx.db
      .selectFrom('jobs')
      .select(['id', 'run_at', 'unique_key'])
      .where('schedule_id', '=', scheduleId)
      .orderBy('run_at')
      .execute();

  it('makes exactly one job per occurrence, however often it ticks', async () => {
    ctx.clock.set('2026-11-23T11:00:00.000Z'); // 08:00 in São Paulo, a Monday
    const s = await schedule({ type: 'daily', times: ['09:00', '14:00'] });
    expect(s.nextFireAt).toBe('2026-11-23T12:00:00.000Z');
    await schedulerTick(ctx);
    expect(await jobsOf(s.id)).toHaveLength(0);
    ctx.clock.set('2026-11-23T12:00:10.000Z');
    await schedulerTick(ctx);
    await schedulerTick(ctx);
    ctx.clock.set('2026-11-23T17:00:30.000Z');
    await schedulerTick(ctx);
    await schedulerTick(ctx);
    const jobs = await jobsOf(s.id);
    expect(jobs.map((j) => j.run_at)).toEqual(['2026-11-23T12:00:00.000Z', '2026-11-23T17:00:00.000Z']);
    expect((await getSchedule(ctx, seed.office.id, s.id)).nextFireAt).toBe('2026-11-24T12:00:00.000Z');
    // Each finished run also queues its summary e-mail, whose delivery runOnce runs too.
    expect(await new Worker(ctx).runOnce()).toBeGreaterThanOrEqual(2);
    const states = await ctx.db.selectFrom('jobs').select('state').where('schedule_id', '=', s.id).execute();
    expect(states.map((j) => j.state)).toEqual(['succeeded', 'succeeded']);
  });

  it.each([
    ['skip', 0, 5],
    ['once', 1, 4],
    ['all', 3, 2],
  ] as const)(
    'downtime with misfire policy %s: %i jobs, %i missed, all recorded',
    async (policy, jobs, missed) => {
      ctx.clock.set('2026-11-23T11:00:00.000Z');
      const s = await schedule(
        { type: 'cron', expression: '0 * * * *' },
        { misfirePolicy: policy, misfireCap: 3 },
      );
      ctx.clock.set('2026-11-23T16:30:00.000Z'); // down from 08:00 to 13:30 local: 5 hourly occurrences missed
      const tick = await schedulerTick(ctx);
      expect(tick).toMatchObject({ enqueued: jobs, missed });
      const detail = await getSchedule(ctx, seed.office.id, s.id);
      expect(detail.occurrences).toHaveLength(5);
      expect(detail.occurrences.filter((o) => o.status === 'missed')).toHaveLength(missed);
      expect(await jobsOf(s.id)).toHaveLength(jobs);
      if (policy === 'once') expect((await jobsOf(s.id))[0]!.run_at).toBe('2026-11-23T16:00:00.000Z');
      expect(detail.nextFireAt).toBe('2026-11-23T17:00:00.000Z');
    },
  );

  it('catches up a long outage over several ticks, recording every occurrence once', async () => {
    ctx.clock.set('2026-11-23T11:00:00.000Z');
    const s = await schedule({ type: 'cron', expression: '* * * * *' }, { misfirePolicy: 'skip' });
    ctx.clock.advance(2500 * MIN);
    const first = await schedulerTick(ctx, { maxOccurrences: 1000 });
    const second = await schedulerTick(ctx, { maxOccurrences: 1000 });
    const third = await schedulerTick(ctx, { maxOccurrences: 1000 });
    expect(first.missed).toBeGreaterThanOrEqual(1000);
    expect(first.missed + second.missed + third.missed).toBeGreaterThanOrEqual(2500);
    const n = await ctx.db
      .selectFrom('schedule_occurrences')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('schedule_id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(2500);
  });

  it('does not fire while paused and does not count the pause as a misfire', async () => {
    ctx.clock.set('2026-11-23T11:00:00.000Z');
    const s = await schedule({ type: 'cron', expression: '0 * * * *' }, { misfirePolicy: 'all' });
    await setSchedulePaused(ctx, seed.actor, s.id, true);
    ctx.clock.set('2026-11-23T15:30:00.000Z');
    await schedulerTick(ctx);
    const resumed = await setSchedulePaused(ctx, seed.actor, s.id, false);
    expect(resumed.nextFireAt).toBe('2026-11-23T16:00:00.000Z');
    expect((await getSchedule(ctx, seed.office.id, s.id)).occurrences).toEqual([]);
  });

  it('refuses bad input at save with a clear error, storing nothing', async () => {
    const count = async () => (await ctx.db.selectFrom('schedules').select('id').execute()).length;
    const before = await count();
    const cron = scheduleInput.safeParse({
      name: 'x y',
      kind: 'test.scheduled',
      spec: { type: 'cron', expression: '99 * * * *' },
    });
    expect(cron.success).toBe(false);
    expect(cron.error!.issues[0]!.path).toEqual(['spec', 'expression']);

    await updateOffice(ctx, seed.actor, { timeZone: 'America/New_York' });
    ctx.clock.set('2027-03-01T00:00:00.000Z');
    const gap = (await schedule({ type: 'once', date: '2027-03-14', time: '02:30' }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(gap.fields[0]).toMatchObject({ field: 'spec.time', code: 'nonexistent_local_time' });
    await updateOffice(ctx, seed.actor, { timeZone: 'America/Sao_Paulo' });

    const pool = (await schedule({ type: 'daily', times: ['09:00'] }, { pool: 'rpw-inexistente' }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(pool.code).toBe('engine.unknown_pool');
    const payload = (await createSchedule(
      ctx,
      seed.actor,
      scheduleInput.parse({
        name: 'Agenda',
        kind: 'test.scheduled',
        payload: { label: 3 },
        spec: { type: 'daily', times: ['09:00'] },
      }),
    ).catch((e: unknown) => e)) as AppError;
    expect(payload.code).toBe('engine.invalid_payload');
    expect(payload.fields[0]!.field).toBe('payload.label');
    const past = (await schedule({ type: 'once', date: '2020-01-01', time: '09:00' }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(past.fields[0]!.code).toBe('in_the_past');
    expect(await count()).toBe(before);
  });
});

describe('schedulers racing on postgres', () => {
  const { ctx, schedule } = useScheduleWorld('postgres');

  /** Ten every-minute schedules that fire every missed occurrence (up to 1,000); answers their ids. */
  const tenEveryMinute = async () => {
    await ctx.db.deleteFrom('schedules').execute();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const s = await schedule(
        { type: 'cron', expression: '* * * * *' },
        { misfirePolicy: 'all', misfireCap: 1000 },
      );
      ids.push(s.id);
    }
    return ids;
  };
  const expectOneJobPerOccurrence = async (ids: string[]) => {
    const jobs = await ctx.db
      .selectFrom('jobs')
      .select(['unique_key'])
      .where('schedule_id', 'in', ids)
      .execute();
    expect(jobs).toHaveLength(1000);
    expect(new Set(jobs.map((j) => j.unique_key)).size).toBe(1000);
  };

  it('three schedulers racing over 1,000 occurrences make exactly one job each', async () => {
    ctx.clock.set('2026-11-24T03:00:00.000Z');
    const ids = await tenEveryMinute();
    const others = [0, 1, 2].map(() => openDatabase({ databaseUrl: ctx.config.databaseUrl!, poolSize: 3 }));
    try {
      for (let step = 0; step < 10; step++) {
        ctx.clock.advance(10 * MIN);
        await Promise.all(others.map((h) => schedulerTick({ ...ctx, db: h.db }, { graceMs: 3_600_000 })));
      }
    } finally {
      await Promise.all(others.map((h) => h.destroy()));
    }
    await expectOneJobPerOccurrence(ids);
  });

  it('three scheduler processes racing over 1,000 occurrences make exactly one job each', async () => {
    ctx.clock.set('2026-11-25T03:00:00.000Z');
    const ids = await tenEveryMinute();
    const fixedNow = new Date(ctx.clock.now().getTime() + 100 * MIN).toISOString();
    const runs = [0, 1, 2].map(
      () =>
        new Promise<string>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            ['--import', 'tsx', join(import.meta.dirname, 'fixtures/scheduler-process.ts')],
            {
              env: { ...process.env, DATABASE_URL: ctx.config.databaseUrl!, FIXED_NOW: fixedNow },
              stdio: ['ignore', 'pipe', 'inherit'],
            },
          );
          let out = '';
          child.stdout!.on('data', (d: Buffer) => {
            out += d.toString();
          });
          child.on('error', reject);
          child.on('exit', (code) =>
            code === 0 ? resolve(out) : reject(new Error(`scheduler exited ${code}`)),
          );
        }),
    );
    const outputs = await Promise.all(runs);
    const fired = outputs.map((o) => Number(/FIRED (\d+)/.exec(o)?.[1] ?? -1));
    expect(fired.reduce((a, b) => a + b, 0)).toBe(10); // each schedule fired by exactly one process
    await expectOneJobPerOccurrence(ids);
  });
});
