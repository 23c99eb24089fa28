import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
// The request body lives in src/shared/schemas/channels.ts (the WhatsApp card validates with it).
import { whatsappSettingsInput } from '../../../shared/schemas/channels.js';
import type { AppContext } from '../../context.js';
import { HttpError } from '../../http/errors.js';
import { fileResponse } from '../../http/openapi.js';
import { keepRawJson } from '../../http/raw-body.js';
import { routesFor } from '../../http/routes.js';
import { problemSchema } from '../../http/schemas.js';
import {
  applyWebhook,
  loadWhatsAppSettings,
  validSignature,
  type WhatsAppSettings,
} from './channels/whatsapp.channel.js';
import { enqueueInbound } from './inbound.job.js';
import { storeChannelSettings } from './messaging.service.js';
import { encryptSecret } from './secrets.js';

const settingsView = z.union([
  z.object({
    configured: z.literal(true),
    baseUrl: z.string(),
    apiVersion: z.string(),
    phoneNumberId: z.string(),
    verifyToken: z.string(),
    language: z.string(),
  }),
  z.object({ configured: z.literal(false) }),
]);

const publicSettings = (s: WhatsAppSettings | null): z.infer<typeof settingsView> =>
  s
    ? {
        configured: true,
        baseUrl: s.baseUrl,
        apiVersion: s.apiVersion,
        phoneNumberId: s.phoneNumberId,
        verifyToken: s.verifyToken,
        language: s.language,
      }
    : { configured: false };

export function whatsappRoutes(app: FastifyInstance, ctx: AppContext) {
  const route = routesFor(app, ['channels']);
  route.get(
    '/api/channels/whatsapp',
    {
      access: 'admin',
      summary: 'WhatsApp Cloud API settings (secrets never returned)',
      response: { 200: settingsView },
    },
    async (_req, actor) => publicSettings(await loadWhatsAppSettings(ctx.db, actor.officeId)),
  );
  route.put(
    '/api/channels/whatsapp',
    { access: 'admin', body: whatsappSettingsInput, response: { 200: settingsView } },
    async (req, actor) => {
      const before = await loadWhatsAppSettings(ctx.db, actor.officeId);
      const token = req.body.accessToken
        ? encryptSecret(req.body.accessToken, ctx.config.secretKey)
        : before?.tokenEnc;
      const secret = req.body.appSecret
        ? encryptSecret(req.body.appSecret, ctx.config.secretKey)
        : before?.appSecretEnc;
      if (!token || !secret) {
        throw new HttpError('validation_failed', {
          fields: [
            ...(!token
              ? [
                  {
                    field: 'accessToken',
                    code: 'required',
                    message: { 'pt-BR': 'Campo obrigatório.', en: 'Required field.' },
                  },
                ]
              : []),
            ...(!secret
              ? [
                  {
                    field: 'appSecret',
                    code: 'required',
                    message: { 'pt-BR': 'Campo obrigatório.', en: 'Required field.' },
                  },
                ]
              : []),
          ],
        });
      }
      const settings: WhatsAppSettings = {
        baseUrl: req.body.baseUrl,
        apiVersion: req.body.apiVersion,
        phoneNumberId: req.body.phoneNumberId,
        tokenEnc: token,
        appSecretEnc: secret,
        verifyToken: req.body.verifyToken,
        language: req.body.language,
      };
      await storeChannelSettings(ctx, actor, 'whatsapp', settings, {
        before: publicSettings(before),
        after: publicSettings(settings),
      });
      return publicSettings(settings);
    },
  );

  // Webhooks: public, authenticated by the verify token (handshake) and the body's HMAC signature.
  app.register(async (scope) => {
    keepRawJson(scope);
    const params = z.strictObject({ officeId: z.uuid() });
    const webhook = routesFor(scope, ['webhooks']);
    webhook.get(
      '/api/webhooks/whatsapp/:officeId',
      {
        access: 'public',
        summary: 'Meta verify-token handshake',
        params,
        querystring: z.object({
          'hub.mode': z.string(),
          'hub.verify_token': z.string(),
          'hub.challenge': z.string(),
        }),
        response: { 200: fileResponse('text/plain', 'The challenge, echoed'), 403: problemSchema },
      },
      async (req, _actor, reply) => {
        const s = await loadWhatsAppSettings(ctx.db, req.params.officeId);
        if (!s || req.query['hub.mode'] !== 'subscribe' || req.query['hub.verify_token'] !== s.verifyToken) {
          throw new HttpError('forbidden');
        }
        return reply.type('text/plain').send(req.query['hub.challenge']);
      },
    );
    webhook.post(
      '/api/webhooks/whatsapp/:officeId',
      {
        access: 'public',
        summary: 'Inbound messages and delivery statuses (signed)',
        params,
        response: { 200: z.object({ ok: z.literal(true) }), 403: problemSchema },
      },
      async (req) => {
        const s = await loadWhatsAppSettings(ctx.db, req.params.officeId);
        if (
          !s ||
          !validSignature(ctx, s, req.rawBody ?? '', req.headers['x-hub-signature-256'] as string | undefined)
        ) {
          throw new HttpError('forbidden');
        }
        const officeId = req.params.officeId;
        await applyWebhook(ctx, officeId, req.body as never, (trx, inbound) =>
          enqueueInbound(ctx, trx, officeId, inbound),
        );
        return { ok: true as const };
      },
    );
  });
}
