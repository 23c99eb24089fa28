import { z } from 'zod';
import { defineTrigger } from '../registry.js';

/**
 * "Webhook recebido": a call on the trigger's own secret URL (`POST /api/automation/hooks/<secret>`, body
 * `{ itemId }` or `{ clientDocument }`). The route emits `webhook.received` naming the trigger, so only
 * that trigger fires (the engine reads `payload.triggerId`).
 */
export const webhookTrigger = defineTrigger({
  kind: 'webhook',
  name: { 'pt-BR': 'Webhook recebido', en: 'Incoming webhook' },
  description: {
    'pt-BR': 'Quando outro sistema chama o endereço secreto deste gatilho, informando o item ou o CNPJ/CPF.',
    en: "When another system calls this trigger's secret address, naming the item or the CNPJ/CPF.",
  },
  event: 'webhook.received',
  config: z.strictObject({}),
  describe: (_c, lang) => (lang === 'en' ? 'When the webhook is called' : 'Quando o webhook é chamado'),
  matches: () => true,
});
