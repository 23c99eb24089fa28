/** clients — clients, contacts, responsibles, tags, classes and the service catalog. */

export {
  clientBasics,
  clientNames,
  countClients,
  existingClientIds,
  findClientByDocument,
} from './clients.repo.js';
export { clientsRoutes } from './clients.routes.js';
export * from './clients.schema.js';
export {
  clientBasicsOrThrow,
  createClient,
  createContact,
  getClient,
  insertClient,
  listClients,
  updateClient,
} from './clients.service.js';
export { unsubscribeByToken } from './consent.js';
export { contactsOfWhatsApp } from './contacts.repo.js';
export { clientsDataQuality } from './data-quality.job.js';
export {
  type ClientExtra,
  getClientExtra,
  getClientsExtra,
  getClientsTags,
  setClientClass,
  setClientExtra,
  setClientStatus,
  transferResponsible,
} from './extra-fields.js';
export {
  type ContactRecipientRow,
  contactRecipientColumns,
  recipientOfClient,
  recipientOfContact,
  recipientOfContactRow,
} from './recipients.js';
export { createCatalogService, listCatalog } from './service-catalog.service.js';
/** The unsubscribe link (public): GET asks, POST opts out (RFC 8058). */
export { unsubscribeRoutes } from './unsubscribe.routes.js';
