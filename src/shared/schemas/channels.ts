/**
 * What a request may send to configure the office's channels — e-mail (SMTP), WhatsApp (Cloud API) and
 * SMS (an HTTP provider): the messaging module's route bodies and the schemas the channel cards of
 * Mensagens → Canais validate with, so a field's error reads the same on both sides and the counters read
 * the same limits. Secrets are write-only: omitted, the stored one is kept.
 */
import { z } from 'zod';
import { email, text } from './fields.js';
import { msg } from './messages.js';

/** Whether `value` is an absolute http(s) URL with a host. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !!url.hostname;
  } catch {
    return false;
  }
}

/** An absolute http(s) address, trimmed, at most `max` characters. */
export const httpUrl = (max = 500) =>
  z.string().meta({ format: 'uri' }).trim().min(1).max(max).refine(isHttpUrl, msg('invalid_url'));

const writeOnly = {
  description: 'Write-only: required on the first save; omit it later to keep the stored one',
};

/** The office's SMTP server (`PUT /api/channels/email`). */
export const emailSettingsInput = z.strictObject({
  host: text(200).min(1),
  port: z.number().int(msg('invalid_port')).min(1, msg('invalid_port')).max(65535, msg('invalid_port')),
  security: z.enum(['tls', 'starttls', 'none']),
  user: text(200).nullish(),
  password: z
    .string()
    .max(500)
    .nullish()
    .meta({ description: 'Write-only, stored encrypted; omit it to keep the current one, "" clears it' }),
  fromName: text(120).min(1),
  fromAddress: email,
  replyTo: email.nullish(),
});
export type EmailSettingsInput = z.infer<typeof emailSettingsInput>;

/** The WhatsApp Cloud API settings (`PUT /api/channels/whatsapp`). */
export const whatsappSettingsInput = z.strictObject({
  baseUrl: httpUrl(200).default('https://graph.facebook.com'),
  apiVersion: z
    .string()
    .trim()
    .max(10)
    .regex(/^v\d+\.\d+$/, msg('invalid_api_version'))
    .default('v21.0'),
  phoneNumberId: z
    .string()
    .trim()
    .min(1)
    .max(20)
    .regex(/^\d{5,20}$/, msg('invalid_phone_number_id')),
  accessToken: z.string().min(10).max(1000).optional().meta(writeOnly),
  appSecret: z.string().min(8).max(200).optional().meta(writeOnly),
  verifyToken: z.string().trim().min(8).max(200),
  language: z
    .string()
    .trim()
    .max(5)
    .regex(/^[a-z]{2}(_[A-Z]{2})?$/, msg('invalid_language_code'))
    .default('pt_BR'),
});

/** The SMS provider (`PUT /api/channels/sms`): its endpoint, token and the sender name phones show. */
export const smsSettingsInput = z.strictObject({
  url: httpUrl(500),
  token: z.string().min(8).max(1000).optional().meta(writeOnly),
  sender: text(20).min(2),
});
