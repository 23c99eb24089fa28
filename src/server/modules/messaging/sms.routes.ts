import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
// The request body lives in src/shared/schemas/channels.ts (the SMS card validates with it).
import { smsSettingsInput } from '../../../shared/schemas/channels.js';
import type { AppContext } from '../../context.js';
import { HttpError } from '../../http/errors.js';
import { keepRawJson } from '../../http/raw-body.js';
import { routesFor } from '../../http/routes.js';
import { problemSchema } from '../../http/schemas.js';
import {
  applySmsReport,
  loadSmsSettings,
  type SmsSettings,
  validSmsSignature,
} from './channels/sms.channel.js';
import { storeChannelSettings } from './messaging.service.js';
import { encryptSecret } from './secrets.js';

const settingsView = z.union([
  z.object({ configured: z.literal(true), url: z.string(), sender: z.string() }),
  z.object({ configured: z.literal(false) }),
]);

const publicSettings = (s: SmsSettings | null): z.infer<typeof settingsView> =>
  s ? { configured: true, url: s.url, sender: s.sender } : { configured: false };

export function smsRoutes(app: FastifyInstance, ctx: AppContext) {
  const route = routesFor(app, ['channels']);
  route.get(
    '/api/channels/sms',
    {
      access: 'admin',
      summary: 'SMS provider settings (the token is never returned)',
      response: { 200: settingsView },
    },
    async (_req, actor) => publicSettings(await loadSmsSettings(ctx.db, actor.officeId)),
  );
  route.put(
    '/api/channels/sms',
    { access: 'admin', body: smsSettingsInput, response: { 200: settingsView } },
    async (req, actor) => {
      const before = await loadSmsSettings(ctx.db, actor.officeId);
      const tokenEnc = req.body.token
        ? encryptSecret(req.body.token, ctx.config.secretKey)
        : before?.tokenEnc;
      if (!tokenEnc) {
        throw new HttpError('validation_failed', {
          fields: [
            {
              field: 'token',
              code: 'required',
              message: { 'pt-BR': 'Campo obrigatório.', en: 'Required field.' },
            },
          ],
        });
      }
      const settings: SmsSettings = { url: req.body.url, tokenEnc, sender: req.body.sender };
      await storeChannelSettings(ctx, actor, 'sms', settings, {
        before: publicSettings(before),
        after: publicSettings(settings),
      });
      return publicSettings(settings);
    },
  );

  app.register(async (scope) => {
    keepRawJson(scope);
    routesFor(scope, ['webhooks']).post(
      '/api/webhooks/sms/:officeId',
      {
        access: 'public',
        summary: 'SMS delivery reports (signed)',
        params: z.strictObject({ officeId: z.uuid() }),
        body: z.object({
          id: z.string().max(200),
          status: z.string().max(40),
          error: z.string().max(500).optional(),
        }),
        response: { 200: z.object({ ok: z.literal(true) }), 403: problemSchema },
      },
      async (req) => {
        const s = await loadSmsSettings(ctx.db, req.params.officeId);
        if (
          !s ||
          !validSmsSignature(ctx, s, req.rawBody ?? '', req.headers['x-signature'] as string | undefined)
        ) {
          throw new HttpError('forbidden');
        }
        await applySmsReport(ctx, req.params.officeId, req.body);
        return { ok: true as const };
      },
    );
  });
}
