import { defineTemplate } from '../messaging/index.js';

/**
 * The tickets module's e-mails, editable by the office in Configurações → Modelos (messaging). Every one of
 * them carries the client's portal link (`ticket.link`), where the client follows the ticket and answers.
 */

const office = ['office.name', 'office.cnpj', 'office.city', 'office.state'];
const ticket = ['client.name', 'ticket.number', 'ticket.subject', 'ticket.link'];

/** How every ticket e-mail ends: a line leading to the portal link, the link, then the signature. */
const linkAndSignature = (lead: string) => [
  '',
  lead,
  '{{ ticket.link }}',
  '',
  'Atenciosamente,',
  '{{ office.name }}',
];

/** The e-mail of the built-in rule `tickets.status-email`, on every status change. */
defineTemplate({
  key: 'tickets.status-changed',
  description: {
    'pt-BR': 'Atendimento: mudança de status (enviado ao cliente a cada movimentação)',
    en: 'Ticket: status changed (sent to the client on every move)',
  },
  variables: [...office, ...ticket, 'move.from', 'move.to', 'move.comment', 'move.actor', 'move.at'],
  transactional: true,
  defaults: {
    email: {
      subject: 'Atendimento nº {{ ticket.number }} — {{ move.to }}: {{ ticket.subject }}',
      body: [
        'Olá, {{ client.name }}.',
        '',
        'O status do seu atendimento nº {{ ticket.number }} — “{{ ticket.subject }}” — mudou de {{ move.from }} para {{ move.to }} em {{ move.at | date }}.',
        '{%- if move.comment %}',
        '',
        'Comentário da equipe: {{ move.comment }}',
        '{%- endif %}',
        ...linkAndSignature('Para acompanhar o atendimento, ver a conversa e nos responder, acesse:'),
      ].join('\n'),
    },
  },
});

/** Notificar: tells the client the ticket was opened (only while it has no movements). */
defineTemplate({
  key: 'tickets.opened',
  description: {
    'pt-BR': 'Atendimento: aviso de abertura (botão Notificar)',
    en: 'Ticket: opened notice (Notify button)',
  },
  variables: [
    ...office,
    ...ticket,
    'ticket.openedAt',
    'ticket.service',
    'ticket.responsible',
    'ticket.debt',
    'ticket.dueDate',
  ],
  transactional: true,
  defaults: {
    email: {
      subject: 'Recebemos o seu atendimento nº {{ ticket.number }}: {{ ticket.subject }}',
      body: [
        'Olá, {{ client.name }}.',
        '',
        'Registramos o atendimento nº {{ ticket.number }} — “{{ ticket.subject }}”, aberto em {{ ticket.openedAt | date }}{% if ticket.service %}, referente ao serviço {{ ticket.service }}{% endif %}.',
        '{%- if ticket.debt %}',
        '',
        'Valor em aberto: {{ ticket.debt | money }}{% if ticket.dueDate %}, com vencimento em {{ ticket.dueDate | date }}{% endif %}.',
        '{%- endif %}',
        '{%- if ticket.responsible %}',
        '',
        'Responsável pelo atendimento: {{ ticket.responsible }}.',
        '{%- endif %}',
        ...linkAndSignature(
          'Você receberá um e-mail a cada mudança de status. Para acompanhar o atendimento, enviar informações ou conversar com a nossa equipe, acesse:',
        ),
      ].join('\n'),
    },
  },
});

/** A staff chat message that is not internal, e-mailed to the client with the portal link to answer. */
defineTemplate({
  key: 'tickets.message',
  description: {
    'pt-BR': 'Atendimento: nova mensagem da equipe no chat',
    en: 'Ticket: new chat message from the team',
  },
  variables: [...office, ...ticket, 'message.author', 'message.body'],
  transactional: true,
  defaults: {
    email: {
      subject: 'Nova mensagem no atendimento nº {{ ticket.number }}: {{ ticket.subject }}',
      body: [
        'Olá, {{ client.name }}.',
        '',
        '{{ message.author }} enviou uma mensagem no atendimento nº {{ ticket.number }} — “{{ ticket.subject }}”:',
        '',
        '{{ message.body }}',
        ...linkAndSignature('Para responder, acesse:'),
      ].join('\n'),
    },
  },
});
