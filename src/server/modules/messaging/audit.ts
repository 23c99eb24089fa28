import { auditTrail } from '../platform/index.js';

/** The messaging records the audit log names, each entry written in its change's transaction. */
export const messagingAudit = {
  message: auditTrail('message'),
  channelSettings: auditTrail('channel_settings'),
  template: auditTrail('template'),
};
