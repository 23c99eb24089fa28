import { z } from 'zod';
import { defineTrigger } from '../registry.js';

/**
 * "Formulário enviado": a Processos public form was submitted (`form.submitted`, payload `{ pipelineId,
 * cardId, clientId? }`). It moves the card the form created when the trigger is on that pipeline; on
 * another pipeline, the client's open items (when the form matched a client).
 */
export const formSubmittedTrigger = defineTrigger({
  kind: 'form_submitted',
  name: { 'pt-BR': 'Formulário enviado', en: 'Form submitted' },
  description: {
    'pt-BR': 'Quando o formulário público de um pipeline de Processos é enviado.',
    en: "When a Processos pipeline's public form is submitted.",
  },
  event: 'form.submitted',
  config: z.strictObject({}),
  describe: (_c, lang) => (lang === 'en' ? 'When the form is submitted' : 'Quando o formulário é enviado'),
  matches: () => true,
  itemOf: (event) => {
    const p = event.payload;
    return typeof p.pipelineId === 'string' && typeof p.cardId === 'string'
      ? { pipelineId: p.pipelineId, itemId: p.cardId }
      : null;
  },
});
