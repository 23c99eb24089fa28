import { officeVariables } from '../messaging/index.js';
import type { Communication } from './collection.schema.js';

/**
 * The Liquid variables of a model's Comunicação texts (docs/collection.md lists them with examples).
 * `items` is a list (`{% for i in items %}{{ i.name }}{% endfor %}`); `summary` is that list already
 * written as text, one line per item (for reminders: per company and competência).
 */
export const requestVariables = [
  ...officeVariables,
  'contact.name',
  'client.name',
  'client.document',
  'competencia',
  'dueDate',
  'service',
  'link',
  'items',
  'summary',
] as const;

/** The receipt: `files` (name, size, sha256, sentAt, company, item) and `summary` (one line per file). */
export const receiptVariables = [
  ...officeVariables,
  'contact.name',
  'link',
  'files',
  'summary',
  'sentAt',
] as const;

/** Which variables each text may read. */
export const variablesOf: Record<keyof Communication, readonly string[]> = {
  requestSubject: requestVariables,
  requestBody: requestVariables,
  reminderSubject: requestVariables,
  reminderBody: requestVariables,
  receiptSubject: receiptVariables,
  receiptBody: receiptVariables,
};

/** The texts a new model starts with (pt-BR: the client's language). */
export const DEFAULT_COMMUNICATION: Communication = {
  requestSubject: 'Documentos de {{ competencia }} — {{ client.name }}',
  requestBody: [
    'Olá, {{ contact.name }}.',
    '',
    'Para fecharmos a competência {{ competencia }} de {{ client.name }}, precisamos dos documentos abaixo até {{ dueDate | date }}:',
    '',
    '{{ summary }}',
    '',
    'Envie pelo link (não precisa de senha; funciona no celular):',
    '{{ link }}',
    '',
    'Se algum documento não existir neste mês, responda pelo próprio link com “Este mês não tenho”.',
    '',
    'Atenciosamente,',
    '{{ office.name }}',
  ].join('\n'),
  reminderSubject: 'Lembrete: documentos pendentes — {{ office.name }}',
  reminderBody: [
    'Olá, {{ contact.name }}.',
    '',
    'Ainda faltam estes documentos:',
    '',
    '{{ summary }}',
    '',
    'Envie pelo link:',
    '{{ link }}',
    '',
    'Se já enviou, por favor desconsidere esta mensagem.',
    '',
    '{{ office.name }}',
  ].join('\n'),
  receiptSubject: 'Comprovante de envio de documentos — {{ office.name }}',
  receiptBody: [
    'Olá, {{ contact.name }}.',
    '',
    'Recebemos os arquivos abaixo em {{ sentAt }}:',
    '',
    '{{ summary }}',
    '',
    'O código SHA-256 de cada arquivo identifica exatamente o conteúdo recebido.',
    '',
    '{{ office.name }}',
  ].join('\n'),
};
