import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { fileResponse, noContent } from '../../http/openapi.js';
import { langOf } from '../../http/problem.js';
import { routesFor } from '../../http/routes.js';
import { documentedAs, idParam, isCleanText, pageOf, problemSchema } from '../../http/schemas.js';
import { msg } from '../../http/validation.js';
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
  const route = routesFor(app, ['messages']);

  route.get(
    '/api/messages',
    {
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
    async (req, actor) => listMessages(ctx, actor.officeId, req.query, langOf(req)),
  );
  route.get('/api/messages/:id', { params: idParam, response: { 200: messageSchema } }, async (req, actor) =>
    getMessage(ctx, actor.officeId, req.params.id, langOf(req)),
  );
  route.post(
    '/api/messages/:id/retry',
    {
      summary: 'Send a failed or bounced message again (409 otherwise)',
      params: idParam,
      response: { 200: messageSchema },
    },
    async (req, actor) => retryMessage(ctx, actor, req.params.id, langOf(req)),
  );
  route.post(
    '/api/messages/:id/cancel',
    { summary: 'Cancel a queued message (409 otherwise)', params: idParam, response: { 200: messageSchema } },
    async (req, actor) => cancelMessage(ctx, actor, req.params.id, langOf(req)),
  );

  route.get(
    '/api/mailbox',
    {
      summary: 'The local mailbox, newest first; `q` searches the recipient and the subject',
      querystring: z.strictObject({ ...pageQuery, q: z.string().trim().max(200).optional() }),
      response: { 200: pageOf(mailboxEntrySchema) },
    },
    async (req, actor) => listMailbox(ctx, actor.officeId, req.query.page, req.query.pageSize, req.query.q),
  );
  route.get(
    '/api/mailbox/:id/raw',
    {
      summary: 'An e-mail of the local mailbox as raw MIME (.eml)',
      params: idParam,
      response: { 200: fileResponse('message/rfc822', 'The e-mail as raw MIME') },
    },
    async (req, actor, reply) => {
      const raw = await getMailboxRaw(ctx, actor.officeId, req.params.id);
      return reply
        .type('message/rfc822')
        .header('content-disposition', `inline; filename="${req.params.id}.eml"`)
        .send(raw);
    },
  );

  route.get(
    '/api/channels/email',
    {
      access: 'admin',
      tags: ['channels'],
      summary: 'E-mail settings (the password is never returned)',
      response: { 200: emailSettingsView },
    },
    async (_req, actor) => publicEmailSettings(await loadEmailSettings(ctx.db, actor.officeId)),
  );
  route.put(
    '/api/channels/email',
    {
      access: 'admin',
      tags: ['channels'],
      summary: 'Use an SMTP server for e-mail',
      body: emailSettingsInput,
      response: { 200: emailSettingsView },
    },
    async (req, actor) => saveEmailSettings(ctx, actor, req.body),
  );
  route.delete(
    '/api/channels/email',
    {
      access: 'admin',
      tags: ['channels'],
      summary: 'Go back to the local mailbox',
      response: { 204: noContent },
    },
    async (_req, actor) => removeEmailSettings(ctx, actor),
  );
  route.post(
    '/api/channels/email/test',
    {
      access: 'admin',
      sessionOnly: true,
      tags: ['channels'],
      summary: 'Send a test e-mail to me',
      response: { 200: sendResultSchema, 502: problemSchema },
    },
    async (_req, actor) => sendTestEmail(ctx, actor),
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
  route.get(
    '/api/templates',
    {
      tags: ['templates'],
      summary: 'Templates with their variables, defaults and the office versions',
      response: { 200: templateListSchema },
    },
    async (_req, actor) => ({
      items: await listTemplates(ctx, actor.officeId),
    }),
  );
  route.put(
    '/api/templates/:key/:channel',
    {
      access: 'admin',
      tags: ['templates'],
      summary: "Save the office's version (refused with line and reason when invalid)",
      params: templateParams,
      body: templateBody,
      response: { 204: noContent },
    },
    async (req, actor) => saveTemplate(ctx, actor, req.params.key, req.params.channel, req.body),
  );
  route.delete(
    '/api/templates/:key/:channel',
    {
      access: 'admin',
      tags: ['templates'],
      summary: 'Back to the default',
      params: templateParams,
      response: { 204: noContent },
    },
    async (req, actor) => resetTemplate(ctx, actor, req.params.key, req.params.channel),
  );
  route.post(
    '/api/templates/:key/:channel/preview',
    {
      tags: ['templates'],
      summary: 'Render a draft with example values, or with a real client (clientId)',
      params: templateParams,
      body: templateBody.extend({
        vars: z.record(z.string(), z.unknown()).optional(),
        clientId: z.uuid().optional(),
      }),
      response: { 200: renderedTemplateSchema },
    },
    async (req, actor) => previewTemplate(ctx, actor.officeId, req.params.key, req.body),
  );
}
