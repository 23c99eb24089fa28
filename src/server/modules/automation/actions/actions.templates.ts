import { defineTemplate, officeVariables } from '../../messaging/index.js';

/**
 * The message templates the actions send through. A rule that writes its own subject and body (Liquid
 * over item, client, office and vars) renders them itself and sends through `automation.message`, which
 * only places the rendered text; a rule may instead choose any template of the catalog by key.
 */
export const automationMessageTemplate = defineTemplate({
  key: 'automation.message',
  description: {
    'pt-BR': 'Automações: mensagem escrita na regra',
    en: 'Automations: message written in the rule',
  },
  variables: [...officeVariables, 'message.subject', 'message.body'],
  // About the client's own item (a process it is in): like a ticket update, not a newsletter.
  transactional: true,
  defaults: {
    email: { subject: '{{ message.subject }}', body: '{{ message.body }}' },
    whatsapp: { body: '{{ message.body }}' },
    sms: { body: '{{ message.body }}' },
  },
});

/** "Avisar a equipe" by e-mail: the notice the rule wrote, with the item's link. */
export const staffNoticeTemplate = defineTemplate({
  key: 'automation.staff-notice',
  description: {
    'pt-BR': 'Automações: aviso a um usuário do escritório',
    en: 'Automations: notice to a user of the office',
  },
  variables: [...officeVariables, 'user.name', 'notice.title', 'notice.body', 'notice.link'],
  transactional: true,
  defaults: {
    email: {
      subject: '{{ notice.title }}',
      body: 'Olá, {{ user.name }}.\n\n{{ notice.body }}\n\nAbrir: {{ notice.link }}',
    },
  },
  defaultsEn: {
    email: {
      subject: '{{ notice.title }}',
      body: 'Hello, {{ user.name }}.\n\n{{ notice.body }}\n\nOpen: {{ notice.link }}',
    },
  },
});
