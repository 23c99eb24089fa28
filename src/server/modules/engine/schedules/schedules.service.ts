import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import type { Db } from '../../../db/database.js';
import { writeTransaction } from '../../../db/group-commit.js';
import { officeRow } from '../../../db/office-row.js';
import type { Database, ScheduleRow } from '../../../db/schema.js';
import { HttpError } from '../../../http/errors.js';
import { found } from '../../../http/found.js';
import { out, text } from '../../../http/schemas.js';
import { fieldMessages, fieldsError, toFieldIssues } from '../../../http/validation.js';
import { newId } from '../../../ids.js';
import { type Actor, auditTrail, findOffice, getOffice, type Office } from '../../platform/index.js';
import { jobDefinition } from '../define-job.js';
import { EngineError } from '../engine.errors.js';
import { poolName } from '../engine.schema.js';
import { assertPool } from '../engine.service.js';
import { civilToInstant, instantToCivil } from './civil-time.js';
import { ParsedSchedule } from './occurrences.js';
import { misfirePolicy, type ScheduleSpec, scheduleSpec } from './schedule.schema.js';
import { calendarOf, parsedScheduleOf } from './scheduler.js';

export const scheduleInput = z.strictObject({
  name: text(120).min(2),
  kind: z.string().min(1).max(80),
  payload: z.unknown().default({}),
  pool: poolName.default('default'),
  spec: scheduleSpec,
  misfirePolicy: misfirePolicy.default('once'),
  misfireCap: z.number().int().min(1).max(1000).default(10),
});
export type ScheduleInput = z.output<typeof scheduleInput>;

export const scheduleSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  payload: z.unknown(),
  pool: z.string(),
  spec: scheduleSpec,
  timeZone: z.string(),
  misfirePolicy: misfirePolicy,
  misfireCap: z.number().int(),
  paused: z.boolean(),
  nextFireAt: out.dateTime.nullable(),
  lastFireAt: out.dateTime.nullable(),
  createdAt: out.dateTime,
  /** Set when another module keeps this schedule (a routine's): the page to change it on. */
  keptBy: z.object({ 'pt-BR': z.string(), en: z.string(), path: z.string() }).nullable(),
});
export type Schedule = z.infer<typeof scheduleSchema>;

/** A schedule with its next occurrences (`preview`) and the last 100 recorded ones, missed included. */
export const scheduleDetailSchema = scheduleSchema.extend({
  preview: z.array(out.dateTime),
  occurrences: z.array(
    z.object({ fireAt: out.dateTime, status: z.enum(['enqueued', 'missed']), jobId: z.string().nullable() }),
  ),
});

const toSchedule = (r: ScheduleRow): Schedule => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  payload: JSON.parse(r.payload),
  pool: r.pool,
  spec: JSON.parse(r.spec),
  timeZone: r.time_zone,
  misfirePolicy: r.misfire_policy,
  misfireCap: r.misfire_cap,
  paused: r.paused === 1,
  nextFireAt: r.next_fire_at,
  lastFireAt: r.last_fire_at,
  createdAt: r.created_at,
  keptBy: jobDefinition(r.kind)?.schedulesKeptBy ?? null,
});

/**
 * Refuses a change made in Execuções → Agendas (the /api/schedules routes) to a schedule another module
 * keeps beside its own rows; that module calls the functions below directly.
 */
export async function assertUserManaged(db: Db, officeId: string, input: { id?: string; kind?: string }) {
  const row = input.id ? await findRow(db, officeId, input.id) : undefined;
  for (const kind of [row?.kind, input.kind]) {
    const keptBy = kind ? jobDefinition(kind)?.schedulesKeptBy : undefined;
    if (keptBy) {
      throw new EngineError('schedule_kept', {
        params: { name: row?.name ?? kind ?? '', ownerPt: keptBy['pt-BR'], ownerEn: keptBy.en },
      });
    }
  }
}

/**
 * Checks what a schema cannot: the kind exists and accepts the payload, the pool exists, and a one-off
 * local time exists on its day (not inside a daylight-saving gap) and is in the future.
 */
async function validate(ctx: AppContext, db: Db, timeZone: string, input: ScheduleInput): Promise<void> {
  const def = jobDefinition(input.kind);
  if (!def) throw new EngineError('unknown_kind', { params: { kind: input.kind } });
  const parsed = def.payload.safeParse(input.payload, { reportInput: true });
  if (!parsed.success)
    throw new EngineError('invalid_payload', { fields: toFieldIssues(parsed.error.issues, ['payload']) });
  await assertPool(db, input.pool);
  if (input.spec.type === 'once') {
    const at = civilToInstant(input.spec.date, input.spec.time, timeZone);
    const back = instantToCivil(at, timeZone);
    if (back.date !== input.spec.date || back.time !== input.spec.time) {
      throw fieldsError({
        field: 'spec.time',
        code: 'nonexistent_local_time',
        message: fieldMessages.nonexistent_local_time,
      });
    }
    if (at <= ctx.clock.now()) {
      throw fieldsError({
        field: 'spec.date',
        code: 'in_the_past',
        message: { 'pt-BR': 'A data e hora já passaram.', en: 'The date and time are in the past.' },
      });
    }
  }
}

/**
 * A schedule's columns from the input, once it is checked (`validate`): in the office's time zone, with
 * its next occurrence after `now`.
 */
async function columnsOf(ctx: AppContext, trx: Trx, officeId: string, input: ScheduleInput, now: Date) {
  const office = await officeIn(ctx, trx, officeId);
  await validate(ctx, trx ?? ctx.db, office.timeZone, input);
  const parsed = new ParsedSchedule(input.spec, office.timeZone, calendarOf(office));
  return {
    name: input.name,
    kind: input.kind,
    payload: JSON.stringify(input.payload ?? {}),
    pool: input.pool,
    spec: JSON.stringify(input.spec),
    time_zone: office.timeZone,
    misfire_policy: input.misfirePolicy,
    misfire_cap: input.misfireCap,
    next_fire_at: parsed.nextAfter(now)?.toISOString() ?? null,
    updated_at: now.toISOString(),
  };
}

/**
 * The functions below take an optional `trx`: given one, they read and write only through it and commit
 * with it (a module that keeps a schedule beside its own row — a routine — saves both at once); without
 * one, they use a transaction of their own.
 */
type Trx = Transaction<Database> | undefined;

const scheduleAudit = auditTrail('schedule');

const within = <T>(ctx: AppContext, trx: Trx, fn: (t: Transaction<Database>) => Promise<T>): Promise<T> =>
  trx ? fn(trx) : writeTransaction(ctx, fn);

const officeIn = (ctx: AppContext, trx: Trx, officeId: string): Promise<Office> =>
  trx ? found(findOffice(trx, officeId), () => new HttpError('not_found')) : getOffice(ctx, officeId);

export async function createSchedule(
  ctx: AppContext,
  actor: Actor,
  input: ScheduleInput,
  trx?: Transaction<Database>,
): Promise<Schedule> {
  const now = ctx.clock.now();
  const row: ScheduleRow = {
    id: newId(),
    office_id: actor.officeId,
    ...(await columnsOf(ctx, trx, actor.officeId, input, now)),
    paused: 0,
    last_fire_at: null,
    created_by: actor.userId,
    created_at: now.toISOString(),
  };
  await within(ctx, trx, async (trx) => {
    await trx.insertInto('schedules').values(row).execute();
    await scheduleAudit.create(trx, { ...actor, at: now }, row.id, toSchedule(row));
  });
  return toSchedule(row);
}

const findRow = (db: Db, officeId: string, id: string): Promise<ScheduleRow> =>
  db
    .selectFrom('schedules')
    .selectAll()
    .where(officeRow(officeId, id))
    .executeTakeFirstOrThrow(() => new EngineError('schedule_not_found'));

export async function updateSchedule(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: ScheduleInput,
  trx?: Transaction<Database>,
): Promise<Schedule> {
  const before = await findRow(trx ?? ctx.db, actor.officeId, id);
  const now = ctx.clock.now();
  const patch = await columnsOf(ctx, trx, actor.officeId, input, now);
  const after = toSchedule({ ...before, ...patch });
  await within(ctx, trx, async (trx) => {
    await trx.updateTable('schedules').set(patch).where('id', '=', id).execute();
    await scheduleAudit.update(trx, { ...actor, at: now }, id, toSchedule(before), after);
  });
  return after;
}

/** Pausing stops new occurrences; resuming starts again from now (the paused time is not a misfire). */
export async function setSchedulePaused(
  ctx: AppContext,
  actor: Actor,
  id: string,
  paused: boolean,
  trx?: Transaction<Database>,
): Promise<Schedule> {
  const row = await findRow(trx ?? ctx.db, actor.officeId, id);
  const now = ctx.clock.now();
  const office = await officeIn(ctx, trx, actor.officeId);
  const next = paused
    ? row.next_fire_at
    : (parsedScheduleOf(row, office).nextAfter(now)?.toISOString() ?? null);
  await within(ctx, trx, async (trx) => {
    await trx
      .updateTable('schedules')
      .set({ paused: paused ? 1 : 0, next_fire_at: next, updated_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
    await scheduleAudit.record(trx, { ...actor, at: now }, id, paused ? 'pause' : 'resume');
  });
  return toSchedule({ ...row, paused: paused ? 1 : 0, next_fire_at: next });
}

export async function deleteSchedule(
  ctx: AppContext,
  actor: Actor,
  id: string,
  trx?: Transaction<Database>,
): Promise<void> {
  const row = await findRow(trx ?? ctx.db, actor.officeId, id);
  await within(ctx, trx, async (trx) => {
    await trx.deleteFrom('schedule_occurrences').where('schedule_id', '=', id).execute();
    await trx.deleteFrom('schedules').where('id', '=', id).execute();
    await scheduleAudit.delete(trx, { ...actor, at: ctx.clock.now() }, id, toSchedule(row));
  });
}

export async function listSchedules(ctx: AppContext, officeId: string): Promise<Schedule[]> {
  const rows = await ctx.db
    .selectFrom('schedules')
    .selectAll()
    .where('office_id', '=', officeId)
    .orderBy('name')
    .execute();
  return rows.map(toSchedule);
}

/** A schedule with the next ten occurrences and its recent occurrences, missed ones included. */
export async function getSchedule(ctx: AppContext, officeId: string, id: string) {
  const row = await findRow(ctx.db, officeId, id);
  const office = await getOffice(ctx, officeId);
  const preview = row.paused
    ? []
    : parsedScheduleOf(row, office).preview(new Date(ctx.clock.now().getTime()), 10);
  const occurrences = await ctx.db
    .selectFrom('schedule_occurrences')
    .select(['fire_at', 'status', 'job_id'])
    .where('schedule_id', '=', id)
    .orderBy('fire_at', 'desc')
    .limit(100)
    .execute();
  return {
    ...toSchedule(row),
    preview: preview.map((d) => d.toISOString()),
    occurrences: occurrences.map((o) => ({ fireAt: o.fire_at, status: o.status, jobId: o.job_id })),
  };
}

/** The next `n` occurrences of a spec in the office's calendar, for the editor, before saving. */
export async function previewSpec(
  ctx: AppContext,
  officeId: string,
  spec: ScheduleSpec,
  n = 10,
): Promise<string[]> {
  const office = await getOffice(ctx, officeId);
  return new ParsedSchedule(spec, office.timeZone, calendarOf(office))
    .preview(ctx.clock.now(), n)
    .map((d) => d.toISOString());
}

/**
 * A schedule's occurrences in (from, to], at most `limit`, in its time zone and the office's calendar — what
 * is coming (Próximos envios). A paused schedule has none.
 */
export async function occurrencesBetween(
  ctx: AppContext,
  officeId: string,
  schedule: Pick<Schedule, 'spec' | 'timeZone' | 'paused'>,
  from: Date,
  to: Date,
  limit = 100,
): Promise<Date[]> {
  if (schedule.paused) return [];
  const office = await getOffice(ctx, officeId);
  return new ParsedSchedule(schedule.spec, schedule.timeZone, calendarOf(office)).between(from, to, limit);
}

/**
 * The occurrence a schedule's job was enqueued for: the instant the handler should work on. A job's
 * `run_at` is its next due time, which a retry's backoff moves; the occurrence never moves.
 */
export async function occurrenceOfJob(db: Db, scheduleId: string, jobId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('schedule_occurrences')
    .select('fire_at')
    .where('schedule_id', '=', scheduleId)
    .where('job_id', '=', jobId)
    .executeTakeFirst();
  return row ? new Date(row.fire_at) : null;
}
