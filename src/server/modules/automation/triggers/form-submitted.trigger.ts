import { eventTrigger } from './trigger-texts.js';

/**
 * "Formulário enviado": a Processos public form was submitted (`form.submitted`, payload `{ pipelineId,
 * cardId, clientId? }`). It moves the card the form created when the trigger is on that pipeline; on
 * another pipeline, the client's open items (when the form matched a client).
 */
export const formSubmittedTrigger = eventTrigger({
  kind: 'form_submitted',
  event: 'form.submitted',
  when: { 'pt-BR': 'Quando o formulário é enviado', en: 'When the form is submitted' },
  itemOf: (event) => {
    const p = event.payload;
    return typeof p.pipelineId === 'string' && typeof p.cardId === 'string'
      ? { pipelineId: p.pipelineId, itemId: p.cardId }
      : null;
  },
});
