import { z } from 'zod';
import { text } from '../../../http/schemas.js';
import type { AppEvent } from '../events.js';
import { eventTrigger, triggerKindOf } from './trigger-texts.js';

/** Collection events name their programação as the event's entity (`collection_request`). */
const programacaoOf = (event: AppEvent) =>
  event.entity === 'collection_request' ? { pipelineId: 'collection', itemId: event.entityId } : null;

/**
 * "Arquivo recebido" (Cobrança de Arquivos): a file landed on a programação's checklist item — from the
 * client's page, WhatsApp, or the office. On the Serviços Programados pipeline it moves that programação;
 * on another pipeline, the client's open items. Optionally only for some checklist items (their keys).
 */
export const fileReceivedTrigger = triggerKindOf({
  kind: 'file_received',
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
export const checklistCompleteTrigger = eventTrigger({
  kind: 'checklist_complete',
  event: 'collection.checklist_complete',
  when: { 'pt-BR': 'Quando o checklist fica completo', en: 'When the checklist is complete' },
  itemOf: programacaoOf,
});
