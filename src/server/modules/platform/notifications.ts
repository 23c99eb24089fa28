import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { principal } from '../../http/auth.js';
import type { Lang, Localized } from '../../http/i18n.js';
import { noContent } from '../../http/openapi.js';
import { idParam, out } from '../../http/schemas.js';
import { newId } from '../../ids.js';
import { PlatformError } from './platform.errors.js';

/**
 * In-app notifications: what a user is told (a run they asked for finished, …). A title or body given in
 * both languages is stored in the recipient's (users.language).
 */
export async function notifyUser(
  db: Db,
  n: {
    officeId: string;
    userId: string;
    title: string | Localized;
    body: string | Localized;
    link?: string | null;
    at: Date;
  },
): Promise<void> {
  const lang =
    typeof n.title === 'string' && typeof n.body === 'string' ? 'pt-BR' : await userLanguage(db, n.userId);
  const pick = (text: string | Localized) => (typeof text === 'string' ? text : text[lang]);
  const title = pick(n.title);
  const body = pick(n.body);
  await db
    .insertInto('notifications')
    .values({
      id: newId(),
      office_id: n.officeId,
      user_id: n.userId,
      title: title.slice(0, 200),
      body: body.slice(0, 4000),
      link: n.link ?? null,
      created_at: n.at.toISOString(),
      read_at: null,
    })
    .execute();
}

/** The language a user reads in (pt-BR for an unknown user). */
export async function userLanguage(db: Db, userId: string): Promise<Lang> {
  const row = await db.selectFrom('users').select('language').where('id', '=', userId).executeTakeFirst();
  return row?.language ?? 'pt-BR';
}

const notificationSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: out.dateTime,
  readAt: out.dateTime.nullable(),
});

export function notificationsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/notifications',
    {
      config: { sessionOnly: true },
      schema: {
        tags: ['notifications'],
        summary: 'My latest notifications and the unread count',
        response: { 200: z.object({ items: z.array(notificationSchema), unread: z.number().int() }) },
      },
    },
    async (req) => {
      const p = principal(req);
      const base = ctx.db
        .selectFrom('notifications')
        .where('office_id', '=', p.officeId)
        .where('user_id', '=', p.userId!);
      const [rows, unread] = await Promise.all([
        base.selectAll().orderBy('created_at', 'desc').limit(50).execute(),
        base
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('read_at', 'is', null)
          .executeTakeFirstOrThrow(),
      ]);
      return {
        items: rows.map((n) => ({
          id: n.id,
          title: n.title,
          body: n.body,
          link: n.link,
          createdAt: n.created_at,
          readAt: n.read_at,
        })),
        unread: Number(unread.n),
      };
    },
  );
  r.post(
    '/api/notifications/:id/read',
    {
      config: { sessionOnly: true },
      schema: { tags: ['notifications'], params: idParam, response: { 204: noContent } },
    },
    async (req, reply) => {
      const p = principal(req);
      // One statement: it matches the user's own notification, read or not (marking it again keeps the
      // first time), so that another user's or office's id is a 404 rather than a silent 204.
      const { numUpdatedRows } = await ctx.db
        .updateTable('notifications')
        .set({ read_at: sql<string>`coalesce(read_at, ${ctx.clock.now().toISOString()})` })
        .where('id', '=', req.params.id)
        .where('office_id', '=', p.officeId)
        .where('user_id', '=', p.userId!)
        .executeTakeFirst();
      if (numUpdatedRows === 0n) throw new PlatformError('notification_not_found');
      return reply.status(204).send();
    },
  );
}
