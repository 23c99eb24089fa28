/**
 * Schedules — terminology:
 * - schedule (agenda automática): makes jobs at calendar times, in the office's time zone and business
 *   calendar. Its `spec` is what the office chose; `ParsedSchedule` is what the code computes with.
 * - occurrence: one fire time of a schedule (an instant). Exactly one job per (schedule, occurrence),
 *   enforced by the primary key of `schedule_occurrences`.
 * - misfire: an occurrence found more than the grace period late (the system was down). The policy says
 *   what to do: `skip` (record it, run nothing), `once` (run the latest missed one once), `all` (run each,
 *   up to a cap). Every missed occurrence is recorded either way.
 * - non-business-day policy: what a date-based occurrence does when it falls on a weekend or holiday:
 *   `keep`, `postpone` (next business day), `anticipate` (previous business day) or `skip`.
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { timeOfDay } from '../../../../shared/schemas/fields.js';
import { msg } from '../../../http/validation.js';
import { parseCivilDate } from '../../br/index.js';

/** `HH:mm`, 00:00–23:59; an empty or malformed time reads "Informe um horário no formato 08:30." */
const time = timeOfDay;
const civilDate = z
  .string()
  .meta({ format: 'date' })
  .refine((v) => {
    try {
      parseCivilDate(v);
      return true;
    } catch {
      return false;
    }
  }, msg('invalid_date'));
const times = z.array(time).min(1).max(24);

export const nonBusinessDayPolicy = z.enum(['keep', 'postpone', 'anticipate', 'skip']);

const common = {
  startDate: civilDate.optional(),
  endDate: civilDate.optional(),
  nonBusinessDay: nonBusinessDayPolicy.default('keep'),
};

export const scheduleSpec = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('once'),
      date: civilDate,
      time,
      nonBusinessDay: nonBusinessDayPolicy.default('keep'),
    }),
    z.strictObject({ type: z.literal('daily'), times, ...common }),
    z.strictObject({
      type: z.literal('weekly'),
      /** ISO weekdays: 1 = Monday … 7 = Sunday. */
      weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
      times,
      ...common,
    }),
    z.strictObject({
      type: z.literal('monthly'),
      day: z.discriminatedUnion('kind', [
        /** Day N of the month; in a shorter month, its last day. */
        z.strictObject({ kind: z.literal('day'), n: z.number().int().min(1).max(31) }),
        z.strictObject({ kind: z.literal('business-day'), n: z.number().int().min(1).max(23) }),
        z.strictObject({ kind: z.literal('last-business-day') }),
      ]),
      times,
      ...common,
    }),
    z.strictObject({
      type: z.literal('yearly'),
      month: z.number().int().min(1).max(12),
      /** 29 February runs on the 28th in common years. */
      day: z.number().int().min(1).max(31),
      times,
      ...common,
    }),
    z.strictObject({
      type: z.literal('cron'),
      /** Five fields (minute hour day-of-month month day-of-week), read in the office's civil time. */
      expression: z.string().trim().min(9).max(120),
      ...common,
    }),
  ])
  .superRefine((spec, ctx) => {
    if (spec.type === 'cron') {
      const fields = spec.expression.split(/\s+/);
      if (fields.length !== 5) {
        ctx.addIssue({
          code: 'custom',
          path: ['expression'],
          message: 'cron needs exactly five fields',
          params: { i18n: 'invalid_cron' },
        });
        return;
      }
      try {
        new Cron(spec.expression, { timezone: 'Etc/UTC', paused: true });
      } catch (err) {
        ctx.addIssue({
          code: 'custom',
          path: ['expression'],
          message: (err as Error).message,
          params: { i18n: 'invalid_cron' },
        });
      }
    }
    if (spec.type === 'yearly') {
      const max = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][spec.month - 1]!;
      if (spec.day > max)
        ctx.addIssue({
          code: 'custom',
          path: ['day'],
          message: `month ${spec.month} has ${max} days`,
          params: { i18n: 'invalid_date' },
        });
    }
    if ('startDate' in spec && spec.startDate && spec.endDate && spec.endDate < spec.startDate) {
      ctx.addIssue({
        code: 'custom',
        path: ['endDate'],
        message: 'ends before it starts',
        params: { i18n: 'end_before_start' },
      });
    }
  });

export type ScheduleSpec = z.output<typeof scheduleSpec>;

export const misfirePolicy = z.enum(['skip', 'once', 'all']);
