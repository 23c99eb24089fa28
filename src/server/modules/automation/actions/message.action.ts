/**
 * "Enviar e-mail", "Enviar WhatsApp", "Enviar SMS" — for the client. The message is either a template of
 * the catalog chosen by key, or a subject and body written in the rule in Liquid (over the item, its
 * client, the office and the earlier rules' vars). It goes to the item's client (the company's addresses)
 * or to a contact, through the outbox with the key `automation:<runId>`: a retried run finds its message
 * instead of sending another. An e-mail may carry the document an earlier rule of the stage created.
 * Test mode renders the message and returns it as a preview; nothing is written or sent.
 */
import { z } from 'zod';
import { longText, text } from '../../../../shared/schemas/fields.js';
import type { Lang } from '../../../http/i18n.js';
import { recipientOfClient, recipientOfContact } from '../../clients/index.js';
import {
  type Channel,
  previewSend,
  type Recipient,
  remember,
  type SendInput,
  send,
  templateDefinitions,
} from '../../messaging/index.js';
import { type ActionKind, defineAction } from '../registry.js';
import { checkLiquid, renderRule, ruleContext, ruleVariables, withOffice } from './action-vars.js';
import { ActionError } from './actions.errors.js';
import { automationMessageTemplate } from './actions.templates.js';
import { documentAttachment } from './documents.repo.js';
import { templateVarsOf } from './template-vars.js';

const recipientInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('client') }),
  z.strictObject({ kind: z.literal('contact'), contactId: z.uuid() }),
]);

const messageInput = z
  .strictObject({
    to: recipientInput.default({ kind: 'client' }),
    /** A template of the catalog (Configurações → Mensagens) by key; null: the subject and body below. */
    template: text(100).nullable().default(null),
    /** Liquid; e-mail only. */
    subject: text(200).nullable().default(null),
    /** Liquid. */
    body: longText(5000).nullable().default(null),
    /** E-mail only: attach the PDF an earlier rule of this stage created ("Criar documento"). */
    attachDocument: z.boolean().default(false),
  })
  .refine((i) => i.template || i.body, {
    message: 'Escolha um modelo ou escreva a mensagem. / Choose a template or write the message.',
    path: ['body'],
  });
export type MessageInput = z.infer<typeof messageInput>;

const channelNames: Record<Channel, { 'pt-BR': string; en: string; a: string }> = {
  email: { 'pt-BR': 'e-mail', en: 'e-mail', a: 'an e-mail' },
  whatsapp: { 'pt-BR': 'WhatsApp', en: 'WhatsApp', a: 'a WhatsApp message' },
  sms: { 'pt-BR': 'SMS', en: 'SMS', a: 'an SMS' },
};

async function recipientOf(
  ctx: Parameters<ActionKind<MessageInput>['execute']>[0],
  to: MessageInput['to'],
): Promise<Recipient> {
  if (to.kind === 'contact') {
    const r = await recipientOfContact(ctx.db, ctx.officeId, to.contactId);
    if (!r) throw new ActionError('action_contact_not_found');
    return r;
  }
  const clientId = ctx.item.clientId;
  if (!clientId) throw new ActionError('action_no_client');
  // A client's addresses do not change while a drain batch runs: read once per batch (`ctx.memo`).
  const r = await remember(ctx.memo, `recipient:${clientId}`, () =>
    recipientOfClient(ctx.db, ctx.officeId, clientId),
  );
  if (!r) throw new ActionError('action_no_client');
  return r;
}

function messageAction(channel: Channel): ActionKind<MessageInput> {
  const name = channelNames[channel];
  return defineAction<MessageInput>({
    kind: `message.${channel}`,
    category: 'client',
    keepsItem: true,
    name: { 'pt-BR': `Enviar ${name['pt-BR']}`, en: `Send ${name.en}` },
    description: {
      'pt-BR': `Envia ao cliente do item (ou a um contato) um ${name['pt-BR']} de um modelo ou escrito na regra.`,
      en: `Sends the item's client (or a contact) ${name.a} from a template or written in the rule.`,
    },
    input: messageInput as unknown as z.ZodType<MessageInput>,
    describe(input, lang: Lang) {
      const to =
        input.to.kind === 'client'
          ? { 'pt-BR': 'ao cliente', en: 'to the client' }
          : { 'pt-BR': 'a um contato', en: 'to a contact' };
      const what = input.template
        ? `“${input.template}”`
        : `“${(input.subject ?? input.body ?? '').slice(0, 40)}”`;
      return lang === 'en'
        ? `Send ${name.en} ${what} ${to.en}`
        : `Enviar ${name['pt-BR']} ${what} ${to['pt-BR']}`;
    },
    async validate(_db, _officeId, input, pipeline) {
      if (input.template) {
        const def = templateDefinitions().find((d) => d.key === input.template);
        if (!def?.defaults[channel]) {
          return [
            {
              field: 'template',
              code: 'unknown_template',
              message: {
                'pt-BR': `Modelo de mensagem desconhecido para ${name['pt-BR']}: ${input.template}.`,
                en: `Unknown ${name.en} message template: ${input.template}.`,
              },
            },
          ];
        }
        // A template's variables must all be given by the rule's context (or its module's provider).
        const allowed = [
          ...ruleVariables(pipeline),
          ...(templateVarsOf(input.template, pipeline.id)?.provides ?? []),
        ];
        const missing = def.variables.filter(
          (v) =>
            !v.startsWith('office.') &&
            !allowed.some((a) => a === v || (a.endsWith('.*') && v.startsWith(a.slice(0, -1)))),
        );
        if (missing.length)
          return [
            {
              field: 'template',
              code: 'unknown_variable',
              message: {
                'pt-BR': `O modelo ${input.template} usa variáveis que este pipeline não tem: ${missing.join(', ')}.`,
                en: `The template ${input.template} uses variables this pipeline does not have: ${missing.join(', ')}.`,
              },
            },
          ];
        return [];
      }
      return checkLiquid({ subject: channel === 'email' ? input.subject : null, body: input.body }, pipeline);
    },
    async execute(ctx, input) {
      const to = await recipientOf(ctx, input.to);
      const values = await ruleContext(ctx);
      let vars: Record<string, unknown>;
      let template: string;
      if (input.template) {
        template = input.template;
        const provider = templateVarsOf(input.template, ctx.item.pipelineId);
        vars = provider ? { ...values, ...(await provider.vars(ctx)) } : values;
      } else {
        const full = await withOffice(ctx.db, ctx.officeId, values, ctx.memo);
        template = automationMessageTemplate.key;
        vars = {
          message: {
            subject:
              channel === 'email' ? renderRule(input.subject ?? (full.item.title as string), full) : '',
            body: renderRule(input.body ?? '', full),
          },
        };
      }
      const attachments =
        channel === 'email' && input.attachDocument
          ? [await documentAttachment(ctx.db, ctx.officeId, ctx.vars)]
          : [];
      const sendInput: SendInput = {
        officeId: ctx.officeId,
        to,
        channels: [channel],
        template,
        vars,
        key: `automation:${ctx.run.id}`,
        cause: { kind: 'automation', id: ctx.run.id },
        attachments,
      };
      if (ctx.testMode) {
        const p = await previewSend(ctx.app, ctx.db, sendInput);
        return {
          summary: p.address
            ? {
                'pt-BR': `Teste: ${name['pt-BR']} para ${p.address} (não enviado)`,
                en: `Test: ${name.en} to ${p.address} (not sent)`,
              }
            : {
                'pt-BR': `Teste: ${name['pt-BR']} não seria enviado: ${p.reason?.['pt-BR'] ?? ''}`,
                en: `Test: the ${name.en} would not go: ${p.reason?.en ?? ''}`,
              },
          preview: [{ channel: p.channel, to: p.address ?? '', subject: p.subject, body: p.body }],
        };
      }
      const r = await send(ctx.app, ctx.db, sendInput, ctx.memo);
      return {
        summary:
          r.status === 'queued'
            ? { 'pt-BR': `${name['pt-BR']} na fila de envio`, en: `${name.en} queued` }
            : {
                'pt-BR': `${name['pt-BR']} não enviado: ${r.reason?.['pt-BR'] ?? ''}`,
                en: `${name.en} not sent: ${r.reason?.en ?? ''}`,
              },
        output: { message: { id: r.messageId, status: r.status, reason: r.reason ?? null } },
        links: [{ kind: 'message', id: r.messageId, label: r.status }],
      };
    },
  });
}

export const sendEmailAction = messageAction('email');
export const sendWhatsAppAction = messageAction('whatsapp');
export const sendSmsAction = messageAction('sms');
