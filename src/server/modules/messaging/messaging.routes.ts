import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { principal } from '../../http/auth.js';
import { fileResponse, noContent } from '../../http/openapi.js';
import { langOf } from '../../http/problem.js';
import { documentedAs, idParam, isCleanText, pageOf, problemSchema } from '../../http/schemas.js';
import { msg } from '../../http/validation.js';
import { actorOf } from '../platform/index.js';
import { loadEmailSettings } from './channels/email.channel.js';
import { messageCauses } from './message-causes.js';
import {
  channels,
  emailSettingsInput,
  emailSettingsView,
  mailboxEntrySchema,
  messageSchema,
  messageStatuses,
  renderedTemplateSchema,
  sendResultSchema,
  templateListSchema,
} from './messaging.schema.js';
import {
  cancelMessage,
  getMailboxRaw,
  getMessage,
  listMailbox,
  listMessages,
  publicEmailSettings,
  removeEmailSettings,
  retryMessage,
  saveEmailSettings,
  sendTestEmail,
} from './messaging.service.js';
import { templateDefinitions } from './template-registry.js';
import { listTemplates, previewTemplate, resetTemplate, saveTemplate } from './templates.service.js';

const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
};

export function messagingRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/messages',
    {
      schema: {
        tags: ['messages'],
        summary: 'The outbox (Mensagens), newest first',
        querystring: z.strictObject({
          ...pageQuery,
          status: z.enum(messageStatuses).optional(),
          channel: z.enum(channels).optional(),
          clientId: z.uuid().optional(),
          cause: z.enum(messageCauses).optional(),
        }),
        response: { 200: pageOf(messageSchema) },
      },
    },
    async (req) => listMessages(ctx, principal(req).officeId, req.query, langOf(req)),
  );
  r.get(
    '/api/messages/:id',
    { schema: { tags: ['messages'], params: idParam, response: { 200: messageSchema } } },
    async (req) => getMessage(ctx, principal(req).officeId, req.params.id, langOf(req)),
  );
  r.post(
    '/api/messages/:id/retry',
    {
      schema: {
        tags: ['messages'],
        summary: 'Send a failed or bounced message again (409 otherwise)',
        params: idParam,
        response: { 200: messageSchema },
      },
    },
    async (req) => retryMessage(ctx, actorOf(principal(req)), req.params.id, langOf(req)),
  );
  r.post(
    '/api/messages/:id/cancel',
    {
      schema: {
        tags: ['messages'],
        summary: 'Cancel a queued message (409 otherwise)',
        params: idParam,
        response: { 200: messageSchema },
      },
    },
    async (req) => cancelMessage(ctx, actorOf(principal(req)), req.params.id, langOf(req)),
  );

  r.get(
    '/api/mailbox',
    {
      schema: {
        tags: ['messages'],
        summary: 'The local mailbox, newest first; `q` searches the recipient and the subject',
        querystring: z.strictObject({ ...pageQuery, q: z.string().trim().max(200).optional() }),
        response: { 200: pageOf(mailboxEntrySchema) },
      },
    },
    async (req) => listMailbox(ctx, principal(req).officeId, req.query.page, req.query.pageSize, req.query.q),
  );
  r.get(
    '/api/mailbox/:id/raw',
    {
      schema: {
        tags: ['messages'],
        summary: 'An e-mail of the local mailbox as raw MIME (.eml)',
        params: idParam,
        response: { 200: fileResponse('message/rfc822', 'The e-mail as raw MIME') },
      },
    },
    async (req, reply) => {
      const raw = await getMailboxRaw(ctx, principal(req).officeId, req.params.id);
      return reply
        .type('message/rfc822')
        .header('content-disposition', `inline; filename="${req.params.id}.eml"`)
        .send(raw);
    },
  );

  r.get(
    '/api/channels/email',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['channels'],
        summary: 'E-mail settings (the password is never returned)',
        response: { 200: emailSettingsView },
      },
    },
    async (req) => publicEmailSettings(await loadEmailSettings(ctx.db, principal(req).officeId)),
  );
  r.put(
    '/api/channels/email',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['channels'],
        summary: 'Use an SMTP server for e-mail',
        body: emailSettingsInput,
        response: { 200: emailSettingsView },
      },
    },
    async (req) => saveEmailSettings(ctx, actorOf(principal(req)), req.body),
  );
  r.delete(
    '/api/channels/email',
    {
      config: { access: 'admin' },
      schema: { tags: ['channels'], summary: 'Go back to the local mailbox', response: { 204: noContent } },
    },
    async (req, reply) => {
      await removeEmailSettings(ctx, actorOf(principal(req)));
      return reply.status(204).send();
    },
  );
  r.post(
    '/api/channels/email/test',
    {
      config: { access: 'admin', sessionOnly: true },
      schema: {
        tags: ['channels'],
        summary: 'Send a test e-mail to me',
        response: { 200: sendResultSchema, 502: problemSchema },
      },
    },
    async (req) => sendTestEmail(ctx, actorOf(principal(req))),
  );

  // Templates are defined as their modules load, before the routes: the OpenAPI lists their keys.
  const templateKeys = templateDefinitions().map((d) => d.key);
  const templateParams = z.strictObject({
    key: documentedAs(z.string().max(80), templateKeys),
    channel: z.enum(channels),
  });
  const templateBody = z.strictObject({
    subject: z.string().max(300).refine(isCleanText, msg('invalid_characters')).nullable().default(null),
    body: z.string().min(1).max(20_000).refine(isCleanText, msg('invalid_characters')),
  });
  r.get(
    '/api/templates',
    {
      schema: {
        tags: ['templates'],
        summary: 'Templates with their variables, defaults and the office versions',
        response: { 200: templateListSchema },
      },
    },
    async (req) => ({
      items: await listTemplates(ctx, principal(req).officeId),
    }),
  );
  r.put(
    '/api/templates/:key/:channel',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['templates'],
        summary: "Save the office's version (refused with line and reason when invalid)",
        params: templateParams,
        body: templateBody,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await saveTemplate(ctx, actorOf(principal(req)), req.params.key, req.params.channel, req.body);
      return reply.status(204).send();
    },
  );
  r.delete(
    '/api/templates/:key/:channel',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['templates'],
        summary: 'Back to the default',
        params: templateParams,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await resetTemplate(ctx, actorOf(principal(req)), req.params.key, req.params.channel);
      return reply.status(204).send();
    },
  );
  r.post(
    '/api/templates/:key/:channel/preview',
    {
      schema: {
        tags: ['templates'],
        summary: 'Render a draft with example values, or with a real client (clientId)',
        params: templateParams,
        body: templateBody.extend({
          vars: z.record(z.string(), z.unknown()).optional(),
          clientId: z.uuid().optional(),
        }),
        response: { 200: renderedTemplateSchema },
      },
    },
    async (req) => previewTemplate(ctx, principal(req).officeId, req.params.key, req.body),
  );
}
