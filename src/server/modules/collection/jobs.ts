import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { officeRow } from '../../db/office-row.js';
import { defineJob, enqueue, localizedSummary, occurrenceOfJob, PermanentJobError } from '../engine/index.js';
import { getOffice } from '../platform/index.js';
import { CollectionError } from './collection.errors.js';
import { type Audience, audienceInput } from './collection.schema.js';
import { addMonths } from './due-date.js';
import { audienceClientIds, type GenerateInput, generateRequests } from './generate.js';
import { runReminders, sendPendingRequests } from './messages.js';
import { actorName, officeToday, programCovers } from './program-rules.js';

const keptBy = { 'pt-BR': 'Cobrança de Arquivos', en: 'Document collection', path: '/collection' };

/**
 * A recurring program's occurrence: generates the competência after the occurrence's month (a program
 * generating on the 20th of October makes November's). A quarterly or yearly program does nothing in the
 * months it does not cover. Retried or raced, it creates each request once (generate.ts); a retry skips
 * the clients already done.
 */
export const collectionGenerate = defineJob({
  kind: 'collection.generate',
  title: {
    'pt-BR': 'Cobrança de Arquivos: gerar programações',
    en: 'Document collection: generate requests',
  },
  payload: z.strictObject({
    programId: z.uuid(),
    competencia: z
      .string()
      .regex(/^\d{4}-\d{2}$/)
      .optional(),
  }),
  maxAttempts: 5,
  leaseMs: 120_000,
  schedulesKeptBy: keptBy,
  async run({ programId, competencia }, ctx) {
    const officeId = ctx.job.officeId;
    if (!officeId) throw new PermanentJobError(new CollectionError('program_not_found'));
    const p = await ctx.app.db
      .selectFrom('collection_programs')
      .selectAll()
      .where(officeRow(officeId, programId))
      .executeTakeFirstOrThrow(() => new PermanentJobError(new CollectionError('program_not_found')));
    if (p.active !== 1) return { skipped: true, reason: 'stopped' };
    const office = await getOffice(ctx.app, officeId);
    let target = competencia;
    if (!target) {
      const at =
        (ctx.job.scheduleId && (await occurrenceOfJob(ctx.app.db, ctx.job.scheduleId, ctx.job.id))) ||
        ctx.job.runAt;
      target = addMonths(officeToday(ctx.app, office.timeZone, at).slice(0, 7), 1);
    }
    if (!programCovers(p, target)) return { skipped: true, competencia: target };
    const clientIds = await audienceClientIds(ctx.app.db, officeId, JSON.parse(p.audience) as Audience);
    const actor = { officeId, userId: p.created_by };
    const r = await generateRequests(ctx.app, {
      officeId,
      templateId: p.template_id,
      competencia: target,
      clientIds,
      programId,
      actor: { officeId, userId: null },
      actorName: await actorName(ctx.app.db, officeId, null),
      signal: ctx.signal,
      onChunk: (done, total) => ctx.progress(Math.round((done / Math.max(total, 1)) * 100)),
    });
    if (r.created) await enqueueSendRequests(ctx.app, ctx.app.db, actor.officeId);
    return { competencia: target, ...r };
  },
});

/**
 * Generates one competência of a model for some clients on behalf of a user (Programar), then queues the
 * request messages: the one code path of an avulsa and of a recorrente's first competência, whether it
 * runs inside the request (a small audience) or in {@link collectionGenerateOnce}.
 */
export async function generateForUser(
  ctx: AppContext,
  input: Omit<GenerateInput, 'actor' | 'actorName'> & { userId: string | null },
) {
  const { userId, ...rest } = input;
  const r = await generateRequests(ctx, {
    ...rest,
    actor: { officeId: input.officeId, userId },
    actorName: await actorName(ctx.db, input.officeId, userId),
  });
  if (r.created) await enqueueSendRequests(ctx, ctx.db, input.officeId);
  return r;
}

/**
 * Programar for an audience too large to generate inside the HTTP request (programs.service.ts,
 * `GENERATE_INLINE_MAX`): the same generation as a run in Execuções, with its progress, cancellable, and
 * the user who asked told when it ends. The audience is read when the run starts. Retried or raced, each
 * (client, model, competência) is created once (generate.ts); a retry skips the clients already done.
 */
export const collectionGenerateOnce = defineJob({
  kind: 'collection.generate-once',
  title: {
    'pt-BR': 'Cobrança de Arquivos: gerar programações (Programar)',
    en: 'Document collection: generate requests (Programar)',
  },
  payload: z.strictObject({
    templateId: z.uuid(),
    competencia: z.string().regex(/^\d{4}-\d{2}$/),
    audience: audienceInput,
    /** The recurring program whose first competência this is; null for an avulsa. */
    programId: z.uuid().nullable(),
  }),
  maxAttempts: 5,
  leaseMs: 120_000,
  async run({ templateId, competencia, audience, programId }, ctx) {
    const officeId = ctx.job.officeId;
    if (!officeId) throw new PermanentJobError(new CollectionError('template_not_found'));
    const clientIds = await audienceClientIds(ctx.app.db, officeId, audience);
    const r = await generateForUser(ctx.app, {
      officeId,
      templateId,
      competencia,
      clientIds,
      programId,
      userId: ctx.job.requestedBy,
      signal: ctx.signal,
      onChunk: (done, total) => ctx.progress(Math.round((done / Math.max(total, 1)) * 100)),
    }).catch((err: unknown) => {
      // The model deactivated or deleted since Programar: a retry would fail alike.
      if (err instanceof CollectionError) throw new PermanentJobError(err);
      throw err;
    });
    const month = `${competencia.slice(5, 7)}/${competencia.slice(0, 4)}`;
    return {
      ...localizedSummary({
        'pt-BR': `${r.created} programações criadas para ${month} (${r.existing} já existiam)`,
        en: `${r.created} requests created for ${month} (${r.existing} existed already)`,
      }),
      competencia,
      ...r,
    };
  },
});

/** Sends the request message of every programação not yet sent. */
export const collectionSendRequests = defineJob({
  kind: 'collection.send-requests',
  title: { 'pt-BR': 'Cobrança de Arquivos: enviar solicitações', en: 'Document collection: send requests' },
  payload: z.strictObject({}),
  maxAttempts: 5,
  async run(_payload, ctx) {
    if (!ctx.job.officeId) throw new PermanentJobError(new CollectionError('program_not_found'));
    return { messages: await sendPendingRequests(ctx.app, ctx.job.officeId) };
  },
});

/**
 * The office's daily reminders (messages.ts `runReminders`), for the civil date of the occurrence: a run
 * caught up after an outage reminds for the day it was meant for, and its outbox keys make a retry or a
 * second run of the same day send nothing again.
 */
export const collectionReminders = defineJob({
  kind: 'collection.reminders',
  title: { 'pt-BR': 'Cobrança de Arquivos: lembretes diários', en: 'Document collection: daily reminders' },
  payload: z.strictObject({}),
  maxAttempts: 5,
  schedulesKeptBy: keptBy,
  async run(_payload, ctx) {
    const officeId = ctx.job.officeId;
    if (!officeId) throw new PermanentJobError(new CollectionError('program_not_found'));
    const office = await getOffice(ctx.app, officeId);
    const at =
      (ctx.job.scheduleId && (await occurrenceOfJob(ctx.app.db, ctx.job.scheduleId, ctx.job.id))) ||
      ctx.job.runAt;
    return runReminders(ctx.app, officeId, officeToday(ctx.app, office.timeZone, at));
  },
});

/** Queues the job that sends the request of every programação not yet sent. */
export async function enqueueSendRequests(ctx: AppContext, db: Db, officeId: string) {
  await enqueue(ctx, db, collectionSendRequests, {}, { officeId, uniqueKey: `collection-send:${officeId}` });
}
