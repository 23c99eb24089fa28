/**
 * "Ler última mensagem" (auxiliary): reads the last message the item's client sent (WhatsApp, SMS or
 * e-mail, from any of its addresses) into `vars.lastMessage = { channel, body, receivedAt }` (null when
 * there is none), for the following rules' conditions and templates. No effect of its own.
 */
import { z } from 'zod';
import { recipientOfClient } from '../../clients/index.js';
import { lastInboundFrom } from '../../messaging/index.js';
import { actionKindOf } from './action-texts.js';

const lastMessageInput = z.strictObject({
  channel: z.enum(['any', 'whatsapp', 'sms', 'email']).default('any'),
});
type LastMessageInput = z.infer<typeof lastMessageInput>;

export const lastMessageAction = actionKindOf<LastMessageInput>({
  kind: 'data.last_message',
  input: lastMessageInput as unknown as z.ZodType<LastMessageInput>,
  describe: (input, lang) => {
    const ch = input.channel === 'any' ? '' : ` (${input.channel})`;
    return lang === 'en' ? `Read the client's last message${ch}` : `Ler a última mensagem do cliente${ch}`;
  },
  async execute(ctx, input) {
    const client = ctx.item.clientId
      ? await recipientOfClient(ctx.db, ctx.officeId, ctx.item.clientId)
      : null;
    const addresses = client ? [...(client.emails ?? []), client.whatsapp ?? '', client.phone ?? ''] : [];
    const last = await lastInboundFrom(
      ctx.db,
      ctx.officeId,
      addresses,
      input.channel === 'any' ? undefined : input.channel,
    );
    const lastMessage = last ? { channel: last.channel, body: last.body, receivedAt: last.receivedAt } : null;
    return {
      summary: last
        ? { 'pt-BR': `Última mensagem lida (${last.channel})`, en: `Last message read (${last.channel})` }
        : { 'pt-BR': 'O cliente não enviou mensagens', en: 'The client sent no messages' },
      output: { lastMessage },
    };
  },
});
