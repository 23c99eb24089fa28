/** clients — clients, contacts, responsibles, tags, classes and the service catalog. */

export { ClientsError } from './clients.errors.js';
export { clientsRoutes } from './clients.routes.js';
export * from './clients.schema.js';
export {
  createClient,
  createContact,
  getClient,
  insertClient,
  listClients,
  updateClient,
} from './clients.service.js';
export { clientsDataQuality } from './data-quality.job.js';
export { recipientOfClient, recipientOfContact } from './recipients.js';
export { createCatalogService, listCatalog } from './service-catalog.service.js';
