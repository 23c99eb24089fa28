/**
 * collection — Cobrança de Arquivos: Processos Modelo (versioned), programações (avulsa or recorrente),
 * the checklist and its tracking screen, the client's upload page (per-contact links), requests and daily
 * reminders, the streamed zip.
 */

import './collection.templates.js';

export { collectionRoutes } from './collection.routes.js';
export * from './collection.schema.js';
export { generateRequests } from './generate.js';
export { collectionGenerate, collectionReminders, collectionSendRequests } from './jobs.js';
export { pendingItemsForContact } from './pending-items.js';
