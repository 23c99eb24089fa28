import { z } from 'zod';
import { text } from '../../../http/schemas.js';
import { checkFields } from './field-checks.js';
import { triggerKindOf } from './trigger-texts.js';

/**
 * "Campo alterado": one of the chosen fields of the item changed (`item.field_changed`, payload
 * `{ pipelineId, itemId, field, from, to }`), by a person or a rule.
 */
export const fieldChangedTrigger = triggerKindOf({
  kind: 'field_changed',
  event: 'item.field_changed',
  config: z.strictObject({ fields: z.array(text(100).min(1)).min(1).max(20) }),
  describe: (c, lang) =>
    lang === 'en' ? `When ${c.fields.join(', ')} changes` : `Quando ${c.fields.join(', ')} muda`,
  validate: async (_db, _officeId, c, pipeline) =>
    checkFields(
      pipeline,
      c.fields.map((f, i) => [f, `config.fields.${i}`] as const),
    ),
  matches: (event, c) => c.fields.includes(String(event.payload.field)),
});
