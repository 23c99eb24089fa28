import type { Localized } from '../../http/i18n.js';
import type { Channel } from './messaging.schema.js';
import type { VariableList } from './templates.js';

export interface TemplateDefinition {
  key: string;
  description: Localized;
  /** The variables the template may read; documented for the office in the editor. */
  variables: VariableList;
  /** Transactional messages (a ticket update, a run summary) carry no unsubscribe link. */
  transactional: boolean;
  /**
   * The message asks the recipient to answer (send PDFs, a receipt, the new certificate): its e-mail gets
   * a Reply-To that reaches the office when the From cannot take replies (see `officeReplyTo`).
   */
  expectsReply?: boolean;
  /**
   * Per channel: `body` (Liquid). For WhatsApp, `body` is the free text used inside the 24-hour window, and
   * `templateName` + `params` (Liquid, one per {{n}} of the approved template) are used outside it.
   */
  defaults: Partial<
    Record<Channel, { subject?: string; body: string; templateName?: string; params?: string[] }>
  >;
  /**
   * English defaults of a message to the office's own people (a run summary): a user who reads English
   * gets them while the office has not written its own version of the template.
   */
  defaultsEn?: Partial<Record<Channel, { subject?: string; body: string }>>;
}

const registry = new Map<string, TemplateDefinition>();

/** Declares a built-in template with its pt-BR defaults. */
export function defineTemplate(def: TemplateDefinition): TemplateDefinition {
  registry.set(def.key, def);
  return def;
}

export const templateDefinition = (key: string) => registry.get(key);
export const templateDefinitions = () => [...registry.values()].sort((a, b) => a.key.localeCompare(b.key));

/** The office, available to every template. */
export const officeVariables = ['office.name', 'office.cnpj', 'office.city', 'office.state'] as const;

defineTemplate({
  key: 'messaging.test',
  description: { 'pt-BR': 'Mensagem de teste do canal', en: 'Channel test message' },
  variables: [...officeVariables, 'user.name'],
  transactional: true,
  defaults: {
    email: {
      subject: 'Teste de envio — {{ office.name }}',
      body: 'Olá, {{ user.name }}!\n\nEsta é uma mensagem de teste do Expediente para confirmar que o envio de e-mails do {{ office.name }} está funcionando.\n\nNenhuma ação é necessária.',
    },
    whatsapp: {
      body: 'Olá, {{ user.name }}! Mensagem de teste do Expediente: o WhatsApp do {{ office.name }} está funcionando.',
      templateName: 'expediente_teste',
      params: ['{{ user.name }}', '{{ office.name }}'],
    },
    sms: {
      body: 'Olá, {{ user.name }}! Teste do Expediente: o SMS do {{ office.name }} está funcionando.',
    },
  },
});

defineTemplate({
  key: 'engine.run-finished',
  description: { 'pt-BR': 'Resumo de uma execução em segundo plano', en: 'Background run summary' },
  variables: [
    ...officeVariables,
    'user.name',
    'run.title',
    'run.status',
    'run.summary',
    'run.link',
    'run.finishedAt',
  ],
  transactional: true,
  defaults: {
    email: {
      subject: 'Execução {{ run.status }}: {{ run.title }}',
      body: 'Olá, {{ user.name }}.\n\nA execução "{{ run.title }}" que você solicitou terminou ({{ run.status }}) em {{ run.finishedAt | date }}.\n\n{{ run.summary }}\n\nDetalhes: {{ run.link }}',
    },
  },
  defaultsEn: {
    email: {
      subject: 'Run {{ run.status }}: {{ run.title }}',
      body: 'Hello, {{ user.name }}.\n\nThe run "{{ run.title }}" you asked for has finished ({{ run.status }}) on {{ run.finishedAt | date }}.\n\n{{ run.summary }}\n\nDetails: {{ run.link }}',
    },
  },
});
