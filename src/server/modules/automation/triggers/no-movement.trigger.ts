import { z } from 'zod';
import { civilDayIn } from './sweep-days.js';
import { triggerKindOf } from './trigger-texts.js';

/**
 * "Sem movimentação": the item has stayed in its stage for N business days of the office calendar (the
 * daily sweep). Each idle period fires once: the mark is the moment the item entered its stage.
 */
export const noMovementTrigger = triggerKindOf({
  kind: 'no_movement',
  event: null,
  config: z.strictObject({ days: z.number().int().min(1).max(250) }),
  describe: (c, lang) =>
    lang === 'en'
      ? `After ${c.days} business day(s) without movement`
      : `Após ${c.days} dia(s) útil(eis) sem movimentação`,
  matches: () => false,
  sweep: (tick, c, item) => {
    if (!item.enteredAt) return null;
    const entered = civilDayIn(item.enteredAt, tick.timeZone);
    return tick.calendar.addBusinessDays(entered, c.days) <= tick.today ? item.enteredAt : null;
  },
});
