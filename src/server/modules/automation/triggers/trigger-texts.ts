import { z } from 'zod';
import type { Localized } from '../../../http/i18n.js';
import type { EventType } from '../automation.schema.js';
import type { TriggerKind } from '../registry.js';

/**
 * What the trigger picker (Gatilhos) shows of each trigger kind — its name and one sentence, in pt-BR and
 * English — keyed by kind, in the order the editor offers them. A trigger's file says only what it does:
 * `triggerKindOf` reads its kind's entry here, so a trigger whose kind has no entry does not compile, and
 * `triggerKinds` (trigger-kinds.ts) lists one trigger per entry, no more and no fewer.
 */
export const triggerTexts = {
  invoice_paid: {
    name: { 'pt-BR': 'Fatura paga', en: 'Invoice paid' },
    description: {
      'pt-BR': 'Quando uma fatura do cliente é paga (baixa manual, PIX, boleto ou extrato).',
      en: "When one of the client's invoices is paid (manual, PIX, boleto or bank statement).",
    },
  },
  client_replied: {
    name: { 'pt-BR': 'Cliente respondeu', en: 'Client replied' },
    description: {
      'pt-BR': 'Quando um contato do cliente escreve ao escritório (WhatsApp).',
      en: "When one of the client's contacts writes to the office (WhatsApp).",
    },
  },
  file_received: {
    name: { 'pt-BR': 'Arquivo recebido', en: 'File received' },
    description: {
      'pt-BR': 'Quando chega um arquivo de um item do checklist da Cobrança de Arquivos.',
      en: 'When a file arrives for a checklist item of the document collection.',
    },
  },
  checklist_complete: {
    name: { 'pt-BR': 'Checklist completo', en: 'Checklist complete' },
    description: {
      'pt-BR': 'Quando todos os itens do checklist de uma programação estão resolvidos.',
      en: "When every item of a programação's checklist is settled.",
    },
  },
  form_submitted: {
    name: { 'pt-BR': 'Formulário enviado', en: 'Form submitted' },
    description: {
      'pt-BR': 'Quando o formulário público de um pipeline de Processos é enviado.',
      en: "When a Processos pipeline's public form is submitted.",
    },
  },
  webhook: {
    name: { 'pt-BR': 'Webhook recebido', en: 'Incoming webhook' },
    description: {
      'pt-BR':
        'Quando outro sistema chama o endereço secreto deste gatilho, informando o item ou o CNPJ/CPF.',
      en: "When another system calls this trigger's secret address, naming the item or the CNPJ/CPF.",
    },
  },
  field_changed: {
    name: { 'pt-BR': 'Campo alterado', en: 'Field changed' },
    description: {
      'pt-BR': 'Quando um dos campos escolhidos do item muda.',
      en: 'When one of the chosen fields of the item changes.',
    },
  },
  no_movement: {
    name: { 'pt-BR': 'Sem movimentação', en: 'No movement' },
    description: {
      'pt-BR': 'Quando o item fica N dias úteis no mesmo estágio (verificado uma vez por dia).',
      en: 'When the item stays N business days in the same stage (checked once a day).',
    },
  },
  date_reached: {
    name: { 'pt-BR': 'Data atingida', en: 'Date reached' },
    description: {
      'pt-BR':
        'Quando um campo de data do item é atingido, com N dias antes ou depois (verificado uma vez por dia).',
      en: "When one of the item's date fields is reached, N days before or after (checked once a day).",
    },
  },
} satisfies Record<string, { name: Localized; description: Localized }>;

/** The kinds of the product's triggers: the keys of {@link triggerTexts}. */
export type TriggerKindId = keyof typeof triggerTexts;

/** A trigger kind of the product: what it does, with its name and description from {@link triggerTexts}. */
export const triggerKindOf = <C, K extends TriggerKindId>(
  spec: Omit<TriggerKind<C>, 'kind' | 'name' | 'description'> & { kind: K },
): TriggerKind<C> & { kind: K } => ({ ...spec, ...triggerTexts[spec.kind] });

/**
 * A trigger with no settings that fires on every event of its type (an invoice paid, a form submitted…);
 * `when` is its line on the rule card.
 */
export const eventTrigger = <K extends TriggerKindId>({
  when,
  ...spec
}: Pick<TriggerKind, 'itemOf'> & { kind: K; event: EventType; when: Localized }) =>
  triggerKindOf({
    ...spec,
    config: z.strictObject({}),
    describe: (_c, lang) => when[lang],
    matches: () => true,
  });
