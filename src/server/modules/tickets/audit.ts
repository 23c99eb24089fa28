import { auditTrail } from '../platform/index.js';

/** The tickets records the audit log names, each entry written in its change's transaction. */
export const ticketsAudit = {
  ticket: auditTrail('ticket'),
  slaPolicies: auditTrail('ticket_sla_policies'),
};
