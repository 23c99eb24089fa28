import { z } from 'zod';
import { triggerKindOf } from './trigger-texts.js';

/** The channels a client's reply arrives on (the product receives WhatsApp messages; e-mail when it does). */
export const replyChannels = ['whatsapp', 'email'] as const;

/**
 * "Cliente respondeu": the client wrote to the office (messaging's inbound hook emits `message.received`
 * for each client whose contact the number or address belongs to). It moves the client's open items.
 */
export const clientRepliedTrigger = triggerKindOf({
  kind: 'client_replied',
  event: 'message.received',
  config: z.strictObject({
    /** Only these channels; empty or absent: any. */
    channels: z.array(z.enum(replyChannels)).max(replyChannels.length).default([]),
  }),
  describe: (c, lang) => {
    const on = c.channels.length ? ` (${c.channels.join(', ')})` : '';
    return lang === 'en' ? `When the client replies${on}` : `Quando o cliente responde${on}`;
  },
  matches: (event, c) =>
    !c.channels.length || (c.channels as string[]).includes(String(event.payload.channel)),
});
