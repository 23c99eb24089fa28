import { z } from 'zod';
import { text } from '../../../http/schemas.js';
import type { AppEvent } from '../events.js';
import { defineTrigger } from '../registry.js';

/** Collection events name their programação as the event's entity (`collection_request`). */
const programacaoOf = (event: AppEvent) =>
  event.entity === 'collection_request' ? { pipelineId: 'collection', itemId: event.entityId } : null;

/**
 * "Arquivo recebido" (Cobrança de Arquivos): a file landed on a programação's checklist item — from the
 * client's page, WhatsApp, or the office. On the Serviços Programados pipeline it moves that programação;
 * on another pipeline, the client's open items. Optionally only for some checklist items (their keys).
 */
export const fileReceivedTrigger = defineTrigger({
  kind: 'file_received',
  name: { 'pt-BR': 'Arquivo recebido', en: 'File received' },
  description: {
    'pt-BR': 'Quando chega um arquivo de um item do checklist da Cobrança de Arquivos.',
    en: 'When a file arrives for a checklist item of the document collection.',
  },
  event: 'collection.file_received',
  config: z.strictObject({
    /** Only files for these checklist items (the model's item keys); empty: any item. */
    itemKeys: z.array(text(100).min(1)).max(50).default([]),
  }),
  describe: (c, lang) =>
    c.itemKeys.length
      ? lang === 'en'
        ? `When a file arrives for ${c.itemKeys.join(', ')}`
        : `Quando chega arquivo de ${c.itemKeys.join(', ')}`
      : lang === 'en'
        ? 'When a file arrives'
        : 'Quando chega um arquivo',
  matches: (event, c) => !c.itemKeys.length || c.itemKeys.includes(String(event.payload.itemKey)),
  itemOf: programacaoOf,
});

/** "Checklist completo": every item of a programação's checklist is settled. */
export const checklistCompleteTrigger = defineTrigger({
  kind: 'checklist_complete',
  name: { 'pt-BR': 'Checklist completo', en: 'Checklist complete' },
  description: {
    'pt-BR': 'Quando todos os itens do checklist de uma programação estão resolvidos.',
    en: "When every item of a programação's checklist is settled.",
  },
  event: 'collection.checklist_complete',
  config: z.strictObject({}),
  describe: (_c, lang) =>
    lang === 'en' ? 'When the checklist is complete' : 'Quando o checklist fica completo',
  matches: () => true,
  itemOf: programacaoOf,
});
