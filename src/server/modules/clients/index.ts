/** clients — clients, contacts, responsibles, tags, classes and the service catalog. */

export { certidoesRoutes } from './certidoes.routes.js';
export { certidoesExpired } from './certidoes.routine.js';
export { certificatesExpiring } from './certificate-expiry.routine.js';
export { certificatesRoutes } from './certificates.routes.js';
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
export {
  type ClientExtra,
  type ClientWriter,
  findClientByDocument,
  getClientExtra,
  getClientsExtra,
  getClientsTags,
  setClientClass,
  setClientExtra,
  setClientStatus,
} from './extra-fields.js';
export { recipientOfClient, recipientOfContact } from './recipients.js';
export { createCatalogService, listCatalog } from './service-catalog.service.js';
