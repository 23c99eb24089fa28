/** What the WhatsApp and SMS channel endpoints answer and accept (secrets are write-only). */

/** `GET/PUT /api/channels/whatsapp`: the access token and the app secret are never returned. */
export type WhatsAppChannelSettings =
  | { configured: false }
  | {
      configured: true;
      baseUrl: string;
      apiVersion: string;
      phoneNumberId: string;
      verifyToken: string;
      language: string;
    };

export interface WhatsAppChannelInput {
  baseUrl: string;
  apiVersion: string;
  phoneNumberId: string;
  /** Omit to keep the stored one. */
  accessToken?: string;
  /** Omit to keep the stored one. */
  appSecret?: string;
  verifyToken: string;
  language: string;
}

/** `GET /api/channels/whatsapp/templates`: the templates Meta must have approved. */
export interface ApprovedWhatsAppTemplate {
  name: string;
  /** The Liquid filling {{1}}, {{2}}… of the approved body, in order. */
  params: string[];
  key: string;
  description: { 'pt-BR': string; en: string };
}

/** `GET/PUT /api/channels/sms`: the token is never returned. */
export type SmsChannelSettings = { configured: false } | { configured: true; url: string; sender: string };

export interface SmsChannelInput {
  url: string;
  /** Omit to keep the stored one. */
  token?: string;
  sender: string;
}

export type PhoneChannel = 'whatsapp' | 'sms';

export const channelKeys = {
  whatsapp: ['channels', 'whatsapp'] as const,
  whatsappTemplates: ['channels', 'whatsapp', 'templates'] as const,
  sms: ['channels', 'sms'] as const,
};

/** An absolute http(s) URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !!url.hostname;
  } catch {
    return false;
  }
}

/** Where a provider calls Expediente back for this office (Meta's webhook, SMS delivery reports). */
export function webhookUrl(channel: PhoneChannel, officeId: string): string {
  return `${window.location.origin}/api/webhooks/${channel}/${officeId}`;
}
