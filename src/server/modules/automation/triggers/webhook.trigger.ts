import { eventTrigger } from './trigger-texts.js';

/**
 * "Webhook recebido": a call on the trigger's own secret URL (`POST /api/automation/hooks/<secret>`, body
 * `{ itemId }` or `{ clientDocument }`). The route emits `webhook.received` naming the trigger, so only
 * that trigger fires (the engine reads `payload.triggerId`).
 */
export const webhookTrigger = eventTrigger({
  kind: 'webhook',
  event: 'webhook.received',
  when: { 'pt-BR': 'Quando o webhook é chamado', en: 'When the webhook is called' },
});
