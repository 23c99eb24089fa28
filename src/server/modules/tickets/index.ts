/** tickets — atendimentos: tickets, the status workflow, chat, files, history, SLA and the client portal. */

import './tickets.templates.js';

export { postChat } from './chat.service.js';

export { putSlaPolicies } from './sla-policies.service.js';
export { stalledTickets } from './stalled-tickets.routine.js';
export { seedStatusEmailRules } from './status-email.rule.js';
export { statusChangedVars } from './status-email.template-vars.js';

export * from './status-machine.js';
export { ticketsPipeline } from './tickets.pipeline.js';

export { ticketsRoutes } from './tickets.routes.js';
export * from './tickets.schema.js';
export {
  createTicket,
  listTickets,
  moveTicket,
  notifyTicket,
  reopenTicket,
} from './tickets.service.js';
