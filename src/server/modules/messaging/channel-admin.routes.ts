import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { writeTransaction } from '../../db/group-commit.js';
import { noContent } from '../../http/openapi.js';
import { routesFor } from '../../http/routes.js';
import { fieldsError } from '../../http/validation.js';
import { newId } from '../../ids.js';
import { isMobileBR, normalizePhoneBR, PHONE_INPUT } from '../br/index.js';
import { type Actor, findUserForMessaging } from '../platform/index.js';
import { messagingAudit } from './audit.js';
import { sendResultSchema, whatsappTemplatesSchema } from './messaging.schema.js';
import { forgetProvider } from './recent-providers.js';
import { send } from './send.js';
import { templateDefinitions } from './template-registry.js';

type PhoneChannel = 'whatsapp' | 'sms';

/** Forgets a channel's settings (WhatsApp, SMS): messages on it are skipped again ("não configurado"). */
async function removeChannelSettings(ctx: AppContext, actor: Actor, channel: PhoneChannel) {
  await writeTransaction(ctx, async (trx) => {
    const gone = await trx
      .deleteFrom('channel_settings')
      .where('office_id', '=', actor.officeId)
      .where('channel', '=', channel)
      .executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) return;
    await messagingAudit.channelSettings.record(trx, { ...actor, at: ctx.clock.now() }, channel, 'delete', {
      before: { configured: true },
      after: { configured: false },
    });
  });
  forgetProvider(ctx.db, actor.officeId, channel);
}

/**
 * "Enviar mensagem de teste" on WhatsApp or SMS: the `messaging.test` template to a number the admin typed,
 * through the real pipeline (outbox row, delivery job, statuses). The admin typing the number stands for
 * the opt-in. A number that is not a Brazilian phone (a mobile, for SMS) is refused on the field `to`.
 */
async function sendTestTo(ctx: AppContext, actor: Actor, channel: PhoneChannel, to: string) {
  const e164 = normalizePhoneBR(to);
  if (!e164 || (channel === 'sms' && !isMobileBR(e164))) {
    throw fieldsError({
      field: 'to',
      code: e164 ? 'not_mobile' : 'invalid_phone',
      message: e164
        ? {
            'pt-BR': 'Informe um celular: SMS não chega a telefone fixo.',
            en: 'Enter a mobile number: SMS cannot reach a landline.',
          }
        : {
            'pt-BR': 'Telefone inválido. Use DDD e número, por exemplo (11) 98765-4321.',
            en: 'Invalid phone number. Use area code and number, e.g. (11) 98765-4321.',
          },
    });
  }
  const user = await findUserForMessaging(ctx, actor.officeId, actor.userId!);
  return writeTransaction(ctx, (trx) =>
    send(ctx, trx, {
      officeId: actor.officeId,
      to: {
        kind: 'address',
        name: user.name,
        whatsapp: channel === 'whatsapp' ? e164 : null,
        phone: channel === 'sms' ? e164 : null,
        whatsappOptIn: true,
      },
      channels: [channel],
      template: 'messaging.test',
      vars: { user: { name: user.name } },
      key: `test:${channel}:${newId()}`,
      cause: { kind: 'manual', id: actor.userId },
    }),
  );
}

/** WhatsApp and SMS administration beside their settings: clear, send a test, the approved templates. */
export function channelAdminRoutes(app: FastifyInstance, ctx: AppContext) {
  const route = routesFor(app, ['channels']);
  for (const channel of ['whatsapp', 'sms'] as const) {
    route.delete(
      `/api/channels/${channel}`,
      {
        access: 'admin',
        summary: `Remove the ${channel} settings (the channel is off again)`,
        response: { 204: noContent },
      },
      async (_req, actor) => removeChannelSettings(ctx, actor, channel),
    );
    route.post(
      `/api/channels/${channel}/test`,
      {
        access: 'admin',
        sessionOnly: true,
        summary: `Send the ${channel} test message to a number`,
        body: z.strictObject({
          to: z.string().meta({ pattern: PHONE_INPUT.source }).trim().min(1).max(40),
        }),
        response: { 200: sendResultSchema },
      },
      async (req, actor) => sendTestTo(ctx, actor, channel, req.body.to),
    );
  }
  route.get(
    '/api/channels/whatsapp/templates',
    {
      access: 'admin',
      summary: 'The WhatsApp templates Meta must have approved, with what fills their body parameters',
      response: { 200: whatsappTemplatesSchema },
    },
    async () => ({
      items: templateDefinitions().flatMap((d) => {
        const w = d.defaults.whatsapp;
        return w?.templateName
          ? [
              {
                name: w.templateName,
                /** The Liquid that fills {{1}}, {{2}}… of the approved body, in order. */
                params: w.params ?? [],
                key: d.key,
                description: d.description,
              },
            ]
          : [];
      }),
    }),
  );
}
