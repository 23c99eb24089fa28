import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { HttpError } from '../../http/errors.js';
import type { routesFor } from '../../http/routes.js';
import { fieldsError } from '../../http/validation.js';
import { storeChannelSettings } from './messaging.service.js';
import { encryptSecret } from './secrets.js';

/**
 * Gives a secret's stored (encrypted) value: the body's new one encrypted, or, when the field is left
 * blank, the one already stored.
 */
type SecretOf<Body> = (field: keyof Body & string, stored: string | undefined) => string;

interface ChannelSettingsSpec<Settings, Body, View> {
  channel: 'sms' | 'whatsapp';
  summary: string;
  body: z.ZodType<Body>;
  view: z.ZodType<View>;
  load: (db: Db, officeId: string) => Promise<Settings | null>;
  /** What the API answers and the audit log records: never a secret. */
  publicView: (settings: Settings | null) => View;
  /** The settings to store, from the body; its secrets through `secret`. */
  settings: (body: Body, secret: SecretOf<Body>, before: Settings | null) => Settings;
}

/**
 * A phone channel's settings routes (`GET` and `PUT /api/channels/<channel>`, admins only). A secret left
 * blank keeps the stored one; a secret with neither is a `required` field error, and nothing is written.
 * The change is audited with the public views only.
 */
export function channelSettingsRoutes<Settings extends object, Body extends object, View extends object>(
  route: ReturnType<typeof routesFor>,
  ctx: AppContext,
  spec: ChannelSettingsSpec<Settings, Body, View>,
) {
  const path = `/api/channels/${spec.channel}`;
  route.get(
    path,
    { access: 'admin', summary: spec.summary, response: { 200: spec.view } },
    async (_req, actor) => spec.publicView(await spec.load(ctx.db, actor.officeId)) as never,
  );
  // `as never` on the answers, and `Body` on the parsed body: routesFor's request and answer types are
  // conditional types TypeScript cannot resolve for a generic schema; the schemas themselves are checked.
  route.put(path, { access: 'admin', body: spec.body, response: { 200: spec.view } }, async (req, actor) => {
    const body = req.body as Body;
    const before = await spec.load(ctx.db, actor.officeId);
    const missing: string[] = [];
    const secret: SecretOf<Body> = (field, stored) => {
      const given = body[field];
      if (typeof given === 'string' && given) return encryptSecret(given, ctx.config.secretKey);
      if (stored) return stored;
      missing.push(field);
      return '';
    };
    const settings = spec.settings(body, secret, before);
    if (missing.length) {
      throw fieldsError(
        ...missing.map((field) => ({
          field,
          code: 'required',
          message: { 'pt-BR': 'Campo obrigatório.', en: 'Required field.' },
        })),
      );
    }
    const after = spec.publicView(settings);
    await storeChannelSettings(ctx, actor, spec.channel, settings, {
      before: spec.publicView(before),
      after,
    });
    return after as never;
  });
}

/**
 * The office's channel settings for a provider's webhook, when its signature checks out with them;
 * `403 forbidden` otherwise (no settings, or a bad signature).
 */
export function signedBy<Settings>(
  settings: Settings | null,
  valid: (settings: Settings) => boolean,
): Settings {
  if (!settings || !valid(settings)) throw new HttpError('forbidden');
  return settings;
}
