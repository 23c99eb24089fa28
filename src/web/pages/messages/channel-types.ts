import type { Answer, Body } from '../../api/models.js';
/** What the WhatsApp and SMS channel endpoints answer and accept (secrets are write-only). */

// The channels' settings and inputs, as the API defines them (generated from its route schemas).
export type WhatsAppChannelSettings = Answer<'/api/channels/whatsapp'>;
export type WhatsAppChannelInput = Body<'/api/channels/whatsapp', 'put'>;
export type SmsChannelSettings = Answer<'/api/channels/sms'>;
export type SmsChannelInput = Body<'/api/channels/sms', 'put'>;

export type PhoneChannel = 'whatsapp' | 'sms';

export const channelKeys = {
  whatsapp: ['channels', 'whatsapp'] as const,
  whatsappTemplates: ['channels', 'whatsapp', 'templates'] as const,
  sms: ['channels', 'sms'] as const,
};

/** Where a provider calls Expediente back for this office (Meta's webhook, SMS delivery reports). */
export function webhookUrl(channel: PhoneChannel, officeId: string): string {
  return `${window.location.origin}/api/webhooks/${channel}/${officeId}`;
}
