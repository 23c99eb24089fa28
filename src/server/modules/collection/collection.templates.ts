import { defineTemplate } from '../messaging/index.js';

/**
 * The messages of Cobrança de Arquivos. Their words come from each Processo Modelo's Comunicação (Liquid,
 * rendered by this module with the variables of texts.ts): the registered templates only carry them, so
 * the outbox, channels, WhatsApp's approved template and the delivery-time fallback apply as for any
 * message. The WhatsApp template outside the 24-hour window carries the contact's name and the link.
 */
const variables = ['message.subject', 'message.body', 'message.link', 'contact.name'];
const carry = (key: string, pt: string, en: string, templateName: string) =>
  defineTemplate({
    key,
    description: { 'pt-BR': pt, en },
    variables,
    transactional: true,
    expectsReply: true,
    defaults: {
      email: { subject: '{{ message.subject }}', body: '{{ message.body }}' },
      whatsapp: {
        body: '{{ message.body }}',
        templateName,
        params: ['{{ contact.name }}', '{{ message.link }}'],
      },
    },
  });

carry(
  'collection.request',
  'Cobrança de Arquivos: solicitação de documentos (textos do Processo Modelo)',
  'Document collection: request for documents (texts of the service template)',
  'expediente_cobranca_arquivos',
);
carry(
  'collection.reminder',
  'Cobrança de Arquivos: lembrete diário por contato (textos do Processo Modelo)',
  'Document collection: daily reminder per contact (texts of the service template)',
  'expediente_cobranca_lembrete',
);
carry(
  'collection.receipt',
  'Cobrança de Arquivos: comprovante de envio com o SHA-256 de cada arquivo',
  'Document collection: receipt of the files sent, with each SHA-256',
  'expediente_cobranca_comprovante',
);

/**
 * The answers this module gives a contact in a WhatsApp conversation the contact opened (the list of
 * pending items for a document they sent, and what became of their pick): free text or an interactive
 * list inside the 24-hour window, through the outbox under a key made of the inbound message's id and the
 * answer's purpose, so a redelivered webhook or a retried job never answers twice.
 */
defineTemplate({
  key: 'collection.whatsapp-reply',
  description: {
    'pt-BR': 'Cobrança de Arquivos: resposta no WhatsApp a um documento enviado pelo contato',
    en: 'Document collection: WhatsApp answer to a document the contact sent',
  },
  variables: ['message.body'],
  transactional: true,
  defaults: { whatsapp: { body: '{{ message.body }}' } },
});
