/**
 * messaging — terminology:
 * - message: one row of the outbox: one recipient, one channel, rendered subject and body, the template
 *   and a snapshot of its variables, an idempotency key (unique per office) and a cause.
 * - channel: e-mail (SMTP, or the local mailbox when none is configured), WhatsApp, SMS.
 * - template: LiquidJS text per key and channel; the office may override the built-in pt-BR default.
 * - skipped: a message that could not be sent and never will be as it is (no address, opted out); it is
 *   recorded with its reason so the office sees it.
 * - local mailbox: where e-mail lands when the office has no SMTP server: the exact MIME the client would
 *   receive, readable in the UI.
 */
import { z } from 'zod';
import { documentedAs, out } from '../../http/schemas.js';
import { messageCauses } from './message-causes.js';

export const channels = ['email', 'whatsapp', 'sms'] as const;
export type Channel = (typeof channels)[number];

export const messageStatuses = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'read',
  'failed',
  'bounced',
  'skipped',
  'cancelled',
] as const;

export const messageSchema = z.object({
  id: z.string(),
  channel: z.enum(channels),
  recipientKind: z.enum(['client', 'contact', 'user', 'address']),
  recipientId: z.string().nullable(),
  clientId: z.string().nullable(),
  address: z.string().nullable(),
  template: z.string(),
  subject: z.string().nullable(),
  bodyText: z.string(),
  idempotencyKey: z.string(),
  causeKind: documentedAs(z.string(), messageCauses),
  causeId: z.string().nullable(),
  status: z.enum(messageStatuses),
  skipReason: z.string().nullable(),
  attempts: z.number().int(),
  /**
   * An earlier delivery attempt was cut after the provider was called and before its answer was recorded
   * (a crash): the recipient may have received this message twice ("possível duplicata").
   */
  possibleDuplicate: z.boolean(),
  providerMessageId: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: out.dateTime,
  sentAt: out.dateTime.nullable(),
});
export type Message = z.infer<typeof messageSchema>;

// The request body lives in src/shared/schemas/channels.ts (the e-mail card validates with it).
export { type EmailSettingsInput, emailSettingsInput } from '../../../shared/schemas/channels.js';

export interface EmailSettings {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  user: string | null;
  passwordEnc: string | null;
  fromName: string;
  fromAddress: string;
  replyTo: string | null;
}

const localizedText = z.object({ 'pt-BR': z.string(), en: z.string() });

/** What `send` answers: the message queued (or skipped, with the reason) on its first channel. */
export const sendResultSchema = z.object({
  messageId: z.string(),
  channel: z.enum(channels),
  status: z.enum(['queued', 'skipped']),
  reason: localizedText.nullable(),
  duplicate: z.boolean(),
});

/** The e-mail settings as the API shows them: the local mailbox, or the SMTP server without its password. */
export const emailSettingsView = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('mailbox') }),
  z.object({
    mode: z.literal('smtp'),
    host: z.string(),
    port: z.number().int(),
    security: z.enum(['tls', 'starttls', 'none']),
    user: z.string().nullable(),
    hasPassword: z.boolean(),
    fromName: z.string(),
    fromAddress: out.email,
    replyTo: out.email.nullable(),
  }),
]);

export const mailboxEntrySchema = z.object({
  id: z.string(),
  messageId: z.string(),
  to: out.email,
  subject: z.string(),
  receivedAt: out.dateTime,
});

export const templateListSchema = z.object({
  items: z.array(
    z.object({
      key: z.string(),
      description: localizedText,
      variables: z.array(z.string()),
      transactional: z.boolean(),
      channels: z.array(
        z.object({
          channel: z.enum(channels),
          default: z.object({ subject: z.string().nullable(), body: z.string() }),
          custom: z
            .object({ subject: z.string().nullable(), body: z.string(), updatedAt: out.dateTime })
            .nullable(),
        }),
      ),
    }),
  ),
});

export const renderedTemplateSchema = z.object({ subject: z.string().nullable(), body: z.string() });

export const whatsappTemplatesSchema = z.object({
  items: z.array(
    z.object({ name: z.string(), params: z.array(z.string()), key: z.string(), description: localizedText }),
  ),
});
