/** messaging — one outbox for e-mail (SMTP or the local mailbox), WhatsApp and SMS; templates. */
export { channelAdminRoutes } from './channel-admin.routes.js';
/** Whether the office has WhatsApp set up (a module that sends on both channels asks before the second). */
export { loadWhatsAppSettings as whatsappSettingsOf } from './channels/whatsapp.channel.js';
export { readUnsubscribeToken, type UnsubscribeTarget, unsubscribeToken } from './consent.js';
export { deliverMessage } from './deliver.job.js';
export { inboundWhatsApp, sendWhatsAppList } from './inbound.job.js';
export {
  type InboundListReply,
  type InboundMedia,
  type InboundMessage,
  onInboundListReply,
  onInboundMedia,
  onInboundMessage,
} from './inbound-hooks.js';

export { lastInboundFrom } from './message-reads.js';
export { messagingRoutes } from './messaging.routes.js';
export * from './messaging.schema.js';
export { configuredChannels } from './messaging.service.js';
export { countPossibleDuplicates } from './possible-duplicates.js';
export { redactOldMessages } from './retention.js';
export { runSummaryEmail } from './run-summary.js';
export { decryptSecret, encryptSecret } from './secrets.js';
export {
  newSendMemo,
  previewSend,
  type Recipient,
  remember,
  type SendInput,
  type SendMemo,
  type SendResult,
  send,
  sendMany,
} from './send.js';
export { channelSetupState } from './setup-state.js';
export { smsRoutes } from './sms.routes.js';
export { defineTemplate, officeVariables, templateDefinitions } from './template-registry.js';
export { compileTemplate, renderTemplate } from './templates.js';
export { whatsappRoutes } from './whatsapp.routes.js';
