/**
 * The delay editor's form and its conversion with a rule's `delay` (`ruleDelay`, src/shared/schemas/
 * automation.ts): none; after N minutes, hours, days or business days; relative to a date field of the
 * item, N days (or business days) before or after, at a time of day; and "within business hours".
 */
import type { z } from 'zod';
import { type DelayUnit, ruleDelay } from '../../../shared/schemas/automation.js';
import type { FieldErrors } from '../../lib/form-errors.js';
import { schemaErrors } from '../../lib/form-errors.js';

/** A delay as the server stores it (and sends back). */
export type RuleDelay = z.output<typeof ruleDelay>;

export interface DelayForm {
  kind: 'none' | 'after' | 'field';
  /** `after`: how many units. Text while typing (NumberInput hands back '' when cleared). */
  amount: number | '';
  unit: DelayUnit;
  /** `field`: the item's date field. */
  field: string | null;
  /** `field`: how many days from the date, and which way. */
  days: number | '';
  direction: 'before' | 'after';
  businessDays: boolean;
  /** `field`: the time of day (`hh:mm`), or '' for the engine's default (the start of the day). */
  at: string;
  businessHours: boolean;
}

export function delayToForm(delay: RuleDelay | null | undefined): DelayForm {
  const base: DelayForm = {
    kind: 'none',
    amount: 1,
    unit: 'business_days',
    field: null,
    days: 0,
    direction: 'before',
    businessDays: false,
    at: '',
    businessHours: delay?.businessHours ?? false,
  };
  if (!delay || delay.kind === 'none') return base;
  if (delay.kind === 'after') return { ...base, kind: 'after', amount: delay.amount, unit: delay.unit };
  return {
    ...base,
    kind: 'field',
    field: delay.field,
    days: Math.abs(delay.offsetDays),
    direction: delay.offsetDays < 0 ? 'before' : 'after',
    businessDays: delay.businessDays ?? false,
    at: delay.time ?? '',
  };
}

/**
 * The body's `delay` from the form — unchecked, so that `ruleDelay` answers what is wrong with the very
 * words the server would use (see {@link delayErrors}).
 */
export function formToDelay(form: DelayForm): unknown {
  const businessHours = form.businessHours;
  switch (form.kind) {
    case 'none':
      return { kind: 'none', businessHours };
    case 'after':
      return {
        kind: 'after',
        amount: form.amount === '' ? undefined : form.amount,
        unit: form.unit,
        businessHours,
      };
    case 'field': {
      const days = form.days === '' ? undefined : form.days;
      return {
        kind: 'field',
        field: form.field ?? '',
        offsetDays: days === undefined ? undefined : form.direction === 'before' ? -days : days,
        businessDays: form.businessDays,
        time: form.at.trim() || null,
        businessHours,
      };
    }
  }
}

/**
 * The form's errors by `ruleDelay`, keyed by the form's field (`amount`, `unit`, `field`, `days`, `at`);
 * `{}` when the delay is valid.
 */
export function delayErrors(form: DelayForm): FieldErrors {
  return schemaErrors(ruleDelay, formToDelay(form), (path) => {
    const key = path[0];
    if (key === 'offsetDays') return 'days';
    if (key === 'time') return 'at';
    return key ?? 'kind';
  });
}
