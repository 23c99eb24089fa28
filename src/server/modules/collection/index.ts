/**
 * collection — Cobrança de Arquivos: Processos Modelo (versioned), programações (avulsa or recorrente),
 * the checklist and its tracking screen, the client's upload page (per-contact links), requests and daily
 * reminders, the streamed zip.
 */

import './collection.templates.js';

export { collectionPipeline } from './collection.pipeline.js';
export { collectionRoutes } from './collection.routes.js';
export * from './collection.schema.js';
export { storeItemFile } from './files.service.js';
export { generateRequests } from './generate.js';
export {
  collectionGenerate,
  collectionGenerateOnce,
  collectionReminders,
  collectionSendRequests,
} from './jobs.js';
export { issueLink } from './links.js';
export { runReminders } from './messages.js';
export { pendingItemsForContact } from './pending-items.js';
export { portalAnswer } from './portal.service.js';
export { GENERATE_INLINE_MAX, scheduleCollection } from './programs.service.js';
export { createTemplate } from './templates.service.js';
export { upcomingReminders } from './upcoming.js';
export { collectionInboundMedia, collectionListReply } from './whatsapp.service.js';
export { openZipReads } from './zip.js';
