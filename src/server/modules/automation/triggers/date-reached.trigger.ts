import { z } from 'zod';
import { text } from '../../../http/schemas.js';
import { checkFields } from './field-checks.js';
import { addCivilDays } from './sweep-days.js';
import { triggerKindOf } from './trigger-texts.js';

/**
 * "Data atingida": one of the item's date fields, ± N days (business days if asked), has been reached
 * (the daily sweep). Each target date fires once per item: the mark is the target date, so a changed date
 * fires again when it is reached.
 */
export const dateReachedTrigger = triggerKindOf({
  kind: 'date_reached',
  event: null,
  config: z.strictObject({
    field: text(100).min(1),
    /** Negative: before the date; positive: after it. */
    offsetDays: z.number().int().min(-365).max(365).default(0),
    businessDays: z.boolean().default(false),
  }),
  describe: (c, lang) => {
    const n = Math.abs(c.offsetDays);
    const unit = c.businessDays
      ? lang === 'en'
        ? 'business day(s)'
        : 'dia(s) útil(eis)'
      : lang === 'en'
        ? 'day(s)'
        : 'dia(s)';
    if (!c.offsetDays) return lang === 'en' ? `On the date in ${c.field}` : `Na data de ${c.field}`;
    const side =
      c.offsetDays < 0 ? (lang === 'en' ? 'before' : 'antes de') : lang === 'en' ? 'after' : 'depois de';
    return `${n} ${unit} ${side} ${c.field}`;
  },
  validate: async (_db, _officeId, c, pipeline) => checkFields(pipeline, [[c.field, 'config.field']], true),
  matches: () => false,
  sweep: (tick, c, item) => {
    const value = item.fields[c.field];
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
    const target = c.businessDays
      ? tick.calendar.addBusinessDays(value, c.offsetDays)
      : addCivilDays(value, c.offsetDays);
    return target <= tick.today ? target : null;
  },
});
