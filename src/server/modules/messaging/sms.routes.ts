import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
// The request body lives in src/shared/schemas/channels.ts (the SMS card validates with it).
import { smsSettingsInput } from '../../../shared/schemas/channels.js';
import type { AppContext } from '../../context.js';
import { keepRawJson } from '../../http/raw-body.js';
import { routesFor } from '../../http/routes.js';
import { problemSchema } from '../../http/schemas.js';
import { channelSettingsRoutes, signedBy } from './channel-settings.routes.js';
import {
  applySmsReport,
  loadSmsSettings,
  type SmsSettings,
  validSmsSignature,
} from './channels/sms.channel.js';

const settingsView = z.union([
  z.object({ configured: z.literal(true), url: z.string(), sender: z.string() }),
  z.object({ configured: z.literal(false) }),
]);

const publicSettings = (s: SmsSettings | null): z.infer<typeof settingsView> =>
  s ? { configured: true, url: s.url, sender: s.sender } : { configured: false };

export function smsRoutes(app: FastifyInstance, ctx: AppContext) {
  channelSettingsRoutes(routesFor(app, ['channels']), ctx, {
    channel: 'sms',
    summary: 'SMS provider settings (the token is never returned)',
    body: smsSettingsInput,
    view: settingsView,
    load: loadSmsSettings,
    publicView: publicSettings,
    settings: (body, secret, before): SmsSettings => ({
      url: body.url,
      tokenEnc: secret('token', before?.tokenEnc),
      sender: body.sender,
    }),
  });

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
        const signature = req.headers['x-signature'] as string | undefined;
        signedBy(await loadSmsSettings(ctx.db, req.params.officeId), (s) =>
          validSmsSignature(ctx, s, req.rawBody ?? '', signature),
        );
        await applySmsReport(ctx, req.params.officeId, req.body);
        return { ok: true as const };
      },
    );
  });
}
