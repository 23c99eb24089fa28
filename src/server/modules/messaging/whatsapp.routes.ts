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
import { channelSettingsRoutes, signedBy } from './channel-settings.routes.js';
import {
  applyWebhook,
  loadWhatsAppSettings,
  validSignature,
  type WhatsAppSettings,
} from './channels/whatsapp.channel.js';
import { enqueueInbound } from './inbound.job.js';

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
  channelSettingsRoutes(routesFor(app, ['channels']), ctx, {
    channel: 'whatsapp',
    summary: 'WhatsApp Cloud API settings (secrets never returned)',
    body: whatsappSettingsInput,
    view: settingsView,
    load: loadWhatsAppSettings,
    publicView: publicSettings,
    settings: (body, secret, before): WhatsAppSettings => ({
      baseUrl: body.baseUrl,
      apiVersion: body.apiVersion,
      phoneNumberId: body.phoneNumberId,
      tokenEnc: secret('accessToken', before?.tokenEnc),
      appSecretEnc: secret('appSecret', before?.appSecretEnc),
      verifyToken: body.verifyToken,
      language: body.language,
    }),
  });

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
        const signature = req.headers['x-hub-signature-256'] as string | undefined;
        signedBy(await loadWhatsAppSettings(ctx.db, req.params.officeId), (s) =>
          validSignature(ctx, s, req.rawBody ?? '', signature),
        );
        const officeId = req.params.officeId;
        await applyWebhook(ctx, officeId, req.body as never, (trx, inbound) =>
          enqueueInbound(ctx, trx, officeId, inbound),
        );
        return { ok: true as const };
      },
    );
  });
}
