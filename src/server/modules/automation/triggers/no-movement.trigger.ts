import { z } from 'zod';
import { defineTrigger } from '../registry.js';
import { civilDayIn } from './sweep-days.js';

/**
 * "Sem movimentação": the item has stayed in its stage for N business days of the office calendar (the
 * daily sweep). Each idle period fires once: the mark is the moment the item entered its stage.
 */
export const noMovementTrigger = defineTrigger({
  kind: 'no_movement',
  name: { 'pt-BR': 'Sem movimentação', en: 'No movement' },
  description: {
    'pt-BR': 'Quando o item fica N dias úteis no mesmo estágio (verificado uma vez por dia).',
    en: 'When the item stays N business days in the same stage (checked once a day).',
  },
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
