import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { newId } from '../../ids.js';
import {
  calendarOf,
  createSchedule,
  deleteSchedule,
  listSchedules,
  type ScheduleSpec,
} from '../engine/index.js';
import { type Actor, appendAudit, getOffice } from '../platform/index.js';
import { CollectionError } from './collection.errors.js';
import type { Audience, Program, ScheduleBody } from './collection.schema.js';
import { addMonths, dueDateOf } from './due-date.js';
import { audienceClientIds, generateRequests } from './generate.js';
import { collectionGenerate, collectionReminders, enqueueSendRequests } from './jobs.js';
import { actorName, generationDate, officeToday, step } from './program-rules.js';
import { loadTemplate } from './templates.service.js';

/** Programar: avulsa (one competência now) or recorrente (a program with an engine schedule). */

async function existingCount(
  db: Db,
  officeId: string,
  templateId: string,
  competencia: string,
  clients: string[],
) {
  let n = 0;
  for (let i = 0; i < clients.length; i += 1000) {
    const r = await db
      .selectFrom('collection_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('office_id', '=', officeId)
      .where('template_id', '=', templateId)
      .where('competencia', '=', competencia)
      .where('client_id', 'in', clients.slice(i, i + 1000))
      .executeTakeFirstOrThrow();
    n += Number(r.n);
  }
  return n;
}

/** The competências a schedule would create, with their counts and due dates (nothing is written). */
export async function previewSchedule(ctx: AppContext, officeId: string, input: ScheduleBody) {
  const { def } = await loadTemplate(ctx.db, officeId, input.templateId);
  const office = await getOffice(ctx, officeId);
  const calendar = calendarOf(office);
  const clients = await audienceClientIds(ctx.db, officeId, input.audience);
  const competencias =
    input.mode === 'once'
      ? [input.competencia!]
      : [0, 1, 2].map((n) =>
          addMonths(input.recurrence!.startCompetencia, n * step[input.recurrence!.frequency]),
        );
  const months = [];
  for (const c of competencias) {
    months.push({
      competencia: c,
      requests: clients.length - (await existingCount(ctx.db, officeId, input.templateId, c, clients)),
      firstDueDates: [dueDateOf(c, def.due, calendar)],
      generatesOn: input.mode === 'once' ? null : generationDate(c, input.recurrence.generateDay),
    });
  }
  return { clients: clients.length, months };
}

/**
 * Programs a model. Avulsa: generates the competência now. Recorrente: saves the program and its engine
 * schedule (monthly on `generateDay`, 06:00 office time; the job skips the months a quarterly or yearly
 * program does not cover) and, when the first competência's generation day has already passed, generates
 * it now. Either way the office's daily reminder schedule is set up and the requests go out.
 */
export async function scheduleCollection(ctx: AppContext, actor: Actor, input: ScheduleBody) {
  const { row } = await loadTemplate(ctx.db, actor.officeId, input.templateId);
  if (row.active !== 1) throw new CollectionError('template_inactive', { params: { name: row.name } });
  const clientIds = await audienceClientIds(ctx.db, actor.officeId, input.audience);
  if (!clientIds.length) throw new CollectionError('audience_empty');
  const office = await getOffice(ctx, actor.officeId);
  const name = await actorName(ctx.db, actor.officeId, actor.userId);
  await ensureReminderSchedule(ctx, actor.officeId);

  let programId: string | null = null;
  let generateNow: string | null = input.mode === 'once' ? input.competencia : null;
  if (input.mode === 'recurring') {
    const rec = input.recurrence;
    programId = newId();
    const id = programId;
    const today = officeToday(ctx, office.timeZone);
    const firstDate = generationDate(rec.startCompetencia, rec.generateDay);
    if (firstDate <= today) generateNow = rec.startCompetencia;
    const spec: ScheduleSpec = {
      type: 'monthly',
      day: { kind: 'day', n: rec.generateDay },
      times: ['06:00'],
      nonBusinessDay: 'keep',
      // The first competência generated at once is not generated again by the schedule (once anyway).
      startDate: firstDate > today ? firstDate : undefined,
    };
    await ctx.db.transaction().execute(async (trx) => {
      const schedule = await createSchedule(
        ctx,
        actor,
        {
          name: `Cobrança de Arquivos: ${row.name}`.slice(0, 120),
          kind: collectionGenerate.kind,
          payload: { programId: id },
          pool: 'default',
          spec,
          misfirePolicy: 'once',
          misfireCap: 10,
        },
        trx,
      );
      await trx
        .insertInto('collection_programs')
        .values({
          id,
          office_id: actor.officeId,
          template_id: input.templateId,
          audience: JSON.stringify(input.audience),
          frequency: rec.frequency,
          generate_day: rec.generateDay,
          start_competencia: rec.startCompetencia,
          schedule_id: schedule.id,
          active: 1,
          created_by: actor.userId,
          created_at: ctx.clock.now().toISOString(),
          stopped_at: null,
        })
        .execute();
      await appendAudit(trx, {
        ...actor,
        at: ctx.clock.now(),
        entity: 'collection_program',
        entityId: id,
        action: 'create',
        after: { templateId: input.templateId, audience: input.audience, ...rec },
      });
    });
  }
  let created = 0;
  if (generateNow) {
    const r = await generateRequests(ctx, {
      officeId: actor.officeId,
      templateId: input.templateId,
      competencia: generateNow,
      clientIds,
      programId,
      actor,
      actorName: name,
    });
    created = r.created;
    if (created) await enqueueSendRequests(ctx, ctx.db, actor.officeId);
  }
  return { created, programId };
}

/** The office's daily reminder schedule (08:00 office time), created once. */
export async function ensureReminderSchedule(ctx: AppContext, officeId: string, trx?: Transaction<Database>) {
  const existing = (await listSchedules(ctx, officeId)).find((s) => s.kind === collectionReminders.kind);
  if (existing) return existing.id;
  const s = await createSchedule(
    ctx,
    { officeId, userId: null },
    {
      name: 'Cobrança de Arquivos: lembretes diários',
      kind: collectionReminders.kind,
      payload: {},
      pool: 'default',
      spec: { type: 'daily', times: ['08:00'], nonBusinessDay: 'keep' },
      misfirePolicy: 'once',
      misfireCap: 10,
    },
    trx,
  );
  return s.id;
}

export async function listPrograms(ctx: AppContext, officeId: string): Promise<{ items: Program[] }> {
  const rows = await ctx.db
    .selectFrom('collection_programs as p')
    .innerJoin('collection_templates as t', 't.id', 'p.template_id')
    .select([
      'p.id',
      'p.template_id',
      't.name as template_name',
      'p.audience',
      'p.frequency',
      'p.generate_day',
      'p.start_competencia',
      'p.active',
      'p.schedule_id',
      'p.created_at',
    ])
    .where('p.office_id', '=', officeId)
    .orderBy('p.created_at', 'desc')
    .execute();
  const schedules = new Map((await listSchedules(ctx, officeId)).map((s) => [s.id, s]));
  return {
    items: rows.map((r) => ({
      id: r.id,
      template: { id: r.template_id, name: r.template_name },
      audience: JSON.parse(r.audience) as Audience,
      frequency: r.frequency,
      generateDay: r.generate_day,
      startCompetencia: r.start_competencia,
      active: r.active === 1,
      nextRunAt: (r.active === 1 && r.schedule_id && schedules.get(r.schedule_id)?.nextFireAt) || null,
      createdAt: r.created_at,
    })),
  };
}

/** Stops a recurring program: its schedule is removed; the programações already made stay. */
export async function stopProgram(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const p = await ctx.db
    .selectFrom('collection_programs')
    .selectAll()
    .where('office_id', '=', actor.officeId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!p) throw new CollectionError('program_not_found');
  if (p.active !== 1) return;
  const scheduleExists =
    !!p.schedule_id && (await listSchedules(ctx, actor.officeId)).some((s) => s.id === p.schedule_id);
  await ctx.db.transaction().execute(async (trx) => {
    if (scheduleExists) await deleteSchedule(ctx, actor, p.schedule_id!, trx);
    await trx
      .updateTable('collection_programs')
      .set({ active: 0, stopped_at: ctx.clock.now().toISOString(), schedule_id: null })
      .where('id', '=', id)
      .execute();
    await appendAudit(trx, {
      ...actor,
      at: ctx.clock.now(),
      entity: 'collection_program',
      entityId: id,
      action: 'stop',
    });
  });
}
