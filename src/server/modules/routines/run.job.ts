import { z } from 'zod';
import { interpolate, type Localized } from '../../http/i18n.js';
import { formatDateBR } from '../br/index.js';
import {
  calendarOf,
  defineJob,
  localizedSummary,
  occurrenceOfJob,
  PermanentJobError,
} from '../engine/index.js';
import { getOffice } from '../platform/index.js';
import { routineDefinition } from './define-routine.js';
import { readSettings, referenceDate, revealSecrets, storedConfig } from './routine-config.js';
import { RoutinesError } from './routines.errors.js';
import { findRoutineById, listRoutineRows } from './routines.repo.js';
import { runRoutine } from './run-routine.js';

/** The texts a routine's run writes besides its errors (those are in routines.errors.ts). */
const runJobTexts = {
  /** The run's title; `{title}` is the routine's. */
  title: { 'pt-BR': 'Rotina: {title}', en: 'Routine: {title}' },
  inactive: { 'pt-BR': 'Rotina inativa: nada foi feito.', en: 'Routine inactive: nothing was done.' },
  inactiveLog: {
    'pt-BR': 'Rotina inativa: a execução agendada não fez nada.',
    en: 'Routine inactive: the scheduled run did nothing.',
  },
  /** `{title}` is the routine's, `{date}` the reference date (dd/mm/aaaa). */
  started: {
    'pt-BR': '{title} — data de referência {date}.',
    en: '{title} — reference date {date}.',
  },
} satisfies Record<string, Localized>;

/** "Rotina: Aniversariantes do dia" — the one name of a routine's run (`runTitles`), wherever it is shown. */
const runTitleOf = (def: { title: Localized }): Localized => ({
  'pt-BR': interpolate(runJobTexts.title['pt-BR'], { title: def.title['pt-BR'] }),
  en: interpolate(runJobTexts.title.en, { title: def.title.en }),
});

/**
 * One run of an office's routine (Executar, or an occurrence of its schedule). The reference date is the
 * civil date of the job's due time in the office's time zone, so a run caught up after an outage works on
 * the day it was meant for. The requester (the user who clicked Executar, or who set the schedule up) gets
 * the summary e-mail.
 */
export const routinesRun = defineJob({
  kind: 'routines.run',
  title: { 'pt-BR': 'Rotina automatizada', en: 'Automated routine' },
  payload: z.strictObject({
    // Executar in Execuções offers the office's routines for it (`source`).
    routineId: z.uuid().meta({ label: { 'pt-BR': 'Rotina', en: 'Routine' }, source: 'routines' }),
  }),
  maxAttempts: 3,
  schedulesKeptBy: { 'pt-BR': 'Rotinas', en: 'Routines', path: '/routines' },
  async runTitles(db, officeId, payloads) {
    const kinds = new Map((await listRoutineRows(db, officeId)).map((r) => [r.id, r.kind]));
    return payloads.map((p) => {
      const id = p && typeof p === 'object' && 'routineId' in p ? p.routineId : null;
      const def = typeof id === 'string' ? routineDefinition(kinds.get(id) ?? '') : undefined;
      return def ? runTitleOf(def) : null;
    });
  },
  async run({ routineId }, ctx) {
    const officeId = ctx.job.officeId;
    if (!officeId) throw new PermanentJobError(new RoutinesError('run_without_office'));
    const row = await findRoutineById(ctx.app.db, officeId, routineId);
    if (!row) throw new PermanentJobError(new RoutinesError('run_routine_missing'));
    const def = routineDefinition(row.kind);
    if (!def)
      throw new PermanentJobError(new RoutinesError('run_unknown_kind', { params: { kind: row.kind } }));

    // A schedule's job queued before the routine was switched off does nothing.
    if (ctx.job.scheduleId && row.active !== 1) {
      await ctx.logLine('info', runJobTexts.inactiveLog);
      return {
        kind: def.kind,
        routineId,
        ...localizedSummary(runJobTexts.inactive),
        skipped: true,
      };
    }

    const office = await getOffice(ctx.app, officeId);
    const parsed = def.config.safeParse(revealSecrets(ctx.app, def, storedConfig(row)));
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => i.path.join('.') || '(config)').join(', ');
      throw new PermanentJobError(new RoutinesError('run_invalid_config', { params: { fields: where } }));
    }
    // A scheduled run works on its occurrence, even when a retry or a restart runs it later.
    const at =
      (ctx.job.scheduleId && (await occurrenceOfJob(ctx.app.db, ctx.job.scheduleId, ctx.job.id))) ||
      ctx.job.runAt;
    const date = referenceDate(at, office.timeZone);
    await ctx.logLine('info', {
      'pt-BR': interpolate(runJobTexts.started['pt-BR'], {
        title: def.title['pt-BR'],
        date: formatDateBR(date),
      }),
      en: interpolate(runJobTexts.started.en, { title: def.title.en, date: formatDateBR(date) }),
    });

    const result = await runRoutine({
      app: ctx.app,
      definition: def,
      officeId,
      routineId,
      settings: readSettings(row, def),
      config: parsed.data,
      date,
      at,
      timeZone: office.timeZone,
      calendar: calendarOf(office),
      dryRun: false,
      runId: ctx.job.id,
      requestedBy: ctx.job.requestedBy,
      log: (level, message) => ctx.logLine(level, message),
      progress: (percent, message) => ctx.progress(percent, message),
      tx: (fn) => ctx.tx(fn),
      signal: ctx.signal,
    });
    await ctx.logLine(result.failed ? 'warn' : 'info', { 'pt-BR': result.summary, en: result.summaryEn });
    return {
      kind: def.kind,
      routineId,
      date,
      ...localizedSummary({ 'pt-BR': result.summary, en: result.summaryEn }),
      records: result.records,
      failed: result.failed,
      messages: result.messages,
      outcomes: result.outcomes,
    };
  },
});
