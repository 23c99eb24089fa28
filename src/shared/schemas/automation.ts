/**
 * Automações: a rule's definition (action, delay, condition, sequence or parallel) and a trigger's, as the
 * server stores and checks them and the editor builds them. One schema each, shared by the route bodies and
 * the web's forms, so a field's error reads the same on both sides.
 */
import { z } from 'zod';
import { text, timeOfDay } from './fields.js';

/** In sequence: after the previous rule of the stage finished. In parallel: alongside the previous one. */
export const ruleModes = ['sequence', 'parallel'] as const;

export const delayUnits = ['minutes', 'hours', 'days', 'business_days'] as const;
export type DelayUnit = (typeof delayUnits)[number];

/** The largest delay per unit (a year): a longer wait is a mistake more often than a plan. */
export const delayMax: Record<DelayUnit, number> = {
  minutes: 525_600,
  hours: 8_760,
  days: 365,
  business_days: 250,
};

/**
 * When a rule runs after its item entered the stage (and, in sequence, after the previous rule):
 * - `none`: at once;
 * - `after`: N minutes, hours, days or business days of the office calendar;
 * - `field`: relative to one of the item's date fields, ± N days (business days if asked), at a time of day;
 * `businessHours`: a time that falls outside the office's hours waits for the next opening.
 * (Each branch lists `businessHours` itself rather than an intersection, so that the OpenAPI document renders
 * one object per kind instead of an `allOf`.)
 */
const businessHours = z.boolean().optional();

export const ruleDelay = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('none'), businessHours }),
    z.strictObject({
      kind: z.literal('after'),
      amount: z.number().int().min(1),
      unit: z.enum(delayUnits),
      businessHours,
    }),
    z.strictObject({
      kind: z.literal('field'),
      field: text(100).min(1),
      offsetDays: z.number().int().min(-365).max(365),
      businessDays: z.boolean().default(false),
      /** The time of day (`HH:MM`, the office's zone); none: the office's opening hour. */
      time: timeOfDay.nullish().transform((v) => v ?? null),
      businessHours,
    }),
  ])
  .superRefine((d, ctx) => {
    if (d.kind === 'after' && d.amount > delayMax[d.unit])
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        message: 'delay_too_long',
        params: { i18n: 'delay_too_long' },
      });
  });

/** The JSON Logic operators a condition may use (the visual editor builds only these). */
export const conditionOperators = [
  'and',
  'or',
  '!',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'in',
  'var',
  '!!',
] as const;

/**
 * A condition: a JSON Logic expression over `{ item: { <field>: … }, vars: { … } }`, or null (always).
 * Its operators and field names are checked by the server against the pipeline's fields when saved.
 */
export const ruleCondition = z.record(z.string(), z.unknown()).nullable();

/** A rule as saved (a draft) and published (a version). `input` is checked by the action's own schema. */
export const ruleDefinition = z.strictObject({
  /** An optional name for the card ("SMS de boas-vindas"); the action's description otherwise. */
  name: text(120)
    .nullish()
    .transform((v) => v || null),
  action: text(100).min(1),
  input: z.record(z.string(), z.unknown()),
  mode: z.enum(ruleModes).default('sequence'),
  delay: ruleDelay.default({ kind: 'none' }),
  condition: ruleCondition.default(null),
});

/** A trigger as saved: its kind's configuration is checked by the kind's own schema. */
export const triggerDefinition = z.strictObject({
  kind: text(100).min(1),
  config: z.record(z.string(), z.unknown()).default({}),
  /** Whether it may move an item back to this stage from a later one. */
  allowBack: z.boolean().default(false),
  enabled: z.boolean().default(true),
});

/** A rule run's states, as the item's automation history shows them. */
export const ruleRunStatuses = [
  /** In sequence, waiting for the previous rule. */
  'waiting',
  /** Due at `dueAt` (a delay), or now. */
  'pending',
  'running',
  'done',
  /** The condition was false. */
  'skipped',
  'failed',
  /** The item left the stage before it ran, or a person cancelled it. */
  'cancelled',
  /** Stopped by the loop guard (a chain deeper than 5, or more than 20 moves of an item in a minute). */
  'loop',
] as const;
