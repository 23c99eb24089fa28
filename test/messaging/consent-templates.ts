import { defineTemplate } from '../../src/server/modules/messaging/index.js';

/**
 * The two kinds of message consent tells apart, as test templates: an informative one, on e-mail and
 * WhatsApp, that the e-mail opt-out and the WhatsApp opt-in govern, and a transactional one, on e-mail
 * only, that goes regardless. `{{ name }}` is the recipient's name; a test may pass a number `n` besides.
 */
export const INFORMATIVE = 'test.informative';
export const TRANSACTIONAL = 'test.transactional';

defineTemplate({
  key: INFORMATIVE,
  description: { 'pt-BR': 'Teste informativo', en: 'Informative test' },
  variables: ['office.*', 'name', 'n'],
  transactional: false,
  defaults: {
    email: { subject: 'Feliz aniversário', body: 'Parabéns, {{ name }}!\n\n{{ office.name }}' },
    whatsapp: {
      body: 'Parabéns, {{ name }}!',
      templateName: 'expediente_aniversario',
      params: ['{{ name }}', '{{ office.name }}'],
    },
  },
});

defineTemplate({
  key: TRANSACTIONAL,
  description: { 'pt-BR': 'Teste transacional', en: 'Transactional test' },
  variables: ['office.*', 'name', 'n'],
  transactional: true,
  defaults: { email: { subject: 'Seu atendimento', body: 'Olá, {{ name }}: seu atendimento mudou.' } },
});
