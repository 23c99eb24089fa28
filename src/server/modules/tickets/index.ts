/** tickets — atendimentos: tickets, the status workflow, chat, files, history, SLA and the client portal. */

import './status-email.rule.js';
import './tickets.templates.js';

export { getPortalTicket, listChat, postChat, postPortalMessage } from './chat.service.js';
export { uploadFiles } from './files.service.js';
export { portalLink, verifyPortalToken } from './portal-token.js';
export { stalledTickets } from './stalled-tickets.routine.js';
export { STATUS_EMAIL_RULE, statusEmailRule } from './status-email.rule.js';
export * from './status-machine.js';
export { TicketsError } from './tickets.errors.js';
export { ticketsRoutes } from './tickets.routes.js';
export * from './tickets.schema.js';
export {
  createTicket,
  getTicket,
  listTickets,
  moveTicket,
  notifyTicket,
  reopenTicket,
  updateTicket,
} from './tickets.service.js';
