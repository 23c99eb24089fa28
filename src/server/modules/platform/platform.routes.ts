import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { principal, SESSION_COOKIE } from '../../http/auth.js';
import { noContent } from '../../http/openapi.js';
import { langOf } from '../../http/problem.js';
import { routesFor } from '../../http/routes.js';
import { idParam, pageOf, problemSchema, queryBool } from '../../http/schemas.js';
import {
  apiTokenSchema,
  auditEntryViewSchema,
  changePasswordBody,
  createTokenBody,
  createUserBody,
  languageBody,
  loginBody,
  meSchema,
  officeSchema,
  professionBody,
  professionSchema,
  updateOfficeBody,
  updateUserBody,
  userSchema,
} from './platform.schema.js';
import {
  changePassword,
  createApiToken,
  createProfession,
  createUser,
  getApiTokens,
  getAudit,
  getMe,
  getOffice,
  getProfessions,
  listUsers,
  login,
  logout,
  removeProfession,
  renameProfession,
  revokeToken,
  setMyLanguage,
  updateOffice,
  updateUser,
} from './platform.service.js';

export function platformRoutes(app: FastifyInstance, ctx: AppContext) {
  const route = routesFor(app, ['auth']);
  const secureCookie = (proto: string) =>
    ctx.config.cookieSecure === 'auto' ? proto === 'https' : ctx.config.cookieSecure;

  route.post(
    '/api/auth/login',
    {
      access: 'public',
      rateLimit: {
        max: ctx.config.loginRateLimitPerMinute,
        timeWindow: 60_000,
        // After body parsing: the key needs the e-mail (in onRequest, the default hook, there is no body yet).
        hook: 'preValidation',
        keyGenerator: (req) =>
          `${req.ip}:${String((req.body as { email?: unknown })?.email ?? '')
            .trim()
            .toLowerCase()}`,
      },
      summary: 'Log in and open a session',
      body: loginBody,
      response: { 200: meSchema, 401: problemSchema },
    },
    async (req, _actor, reply) => {
      const { sessionToken, principal: p } = await login(ctx, req.body.email, req.body.password);
      reply.setCookie(SESSION_COOKIE, sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookie(req.protocol),
        maxAge: Math.floor(ctx.config.sessionTtlMs / 1000),
      });
      return getMe(ctx, p);
    },
  );

  route.post(
    '/api/auth/logout',
    { sessionOnly: true, summary: 'End the session', response: { 204: noContent } },
    async (req, _actor, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await logout(ctx, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    },
  );

  route.get(
    '/api/auth/me',
    { sessionOnly: true, summary: 'The logged-in user', response: { 200: meSchema } },
    async (req) => getMe(ctx, principal(req)),
  );

  route.put(
    '/api/auth/me/language',
    {
      sessionOnly: true,
      summary: 'Set the language I read in (the web app, notifications, e-mails)',
      body: languageBody,
      response: { 200: meSchema },
    },
    async (req) => setMyLanguage(ctx, principal(req), req.body.language),
  );

  route.post(
    '/api/auth/password',
    {
      sessionOnly: true,
      summary: 'Change my password',
      body: changePasswordBody,
      response: { 204: noContent },
    },
    async (req) =>
      changePassword(
        ctx,
        principal(req),
        req.body.currentPassword,
        req.body.newPassword,
        req.cookies[SESSION_COOKIE],
      ),
  );

  // ------------------------------------------------------------ office
  route.get(
    '/api/office',
    { tags: ['office'], summary: 'The office', response: { 200: officeSchema } },
    async (_req, actor) => getOffice(ctx, actor.officeId),
  );
  route.patch(
    '/api/office',
    {
      access: 'admin',
      tags: ['office'],
      summary: 'Update the office',
      body: updateOfficeBody,
      response: { 200: officeSchema },
    },
    async (req, actor) => updateOffice(ctx, actor, req.body),
  );

  // ------------------------------------------------------------ users
  route.get(
    '/api/users',
    {
      tags: ['users'],
      summary: 'List the office users',
      querystring: z.strictObject({
        q: z.string().trim().max(100).optional(),
        active: queryBool.optional(),
      }),
      response: { 200: z.object({ items: z.array(userSchema) }) },
    },
    async (req, actor) => ({ items: await listUsers(ctx, actor.officeId, req.query) }),
  );
  route.post(
    '/api/users',
    {
      access: 'admin',
      tags: ['users'],
      summary: 'Create a user',
      body: createUserBody,
      response: { 201: userSchema },
    },
    async (req, actor) => createUser(ctx, actor, req.body),
  );
  route.patch(
    '/api/users/:id',
    {
      access: 'admin',
      tags: ['users'],
      summary: 'Update a user',
      params: idParam,
      body: updateUserBody,
      response: { 200: userSchema },
    },
    async (req, actor) => updateUser(ctx, actor, req.params.id, req.body),
  );

  // ------------------------------------------------------------ professions
  route.get(
    '/api/professions',
    {
      tags: ['professions'],
      summary: 'List professions',
      response: { 200: z.object({ items: z.array(professionSchema) }) },
    },
    async (_req, actor) => ({ items: await getProfessions(ctx, actor.officeId) }),
  );
  route.post(
    '/api/professions',
    { access: 'admin', tags: ['professions'], body: professionBody, response: { 201: professionSchema } },
    async (req, actor) => createProfession(ctx, actor, req.body.name),
  );
  route.patch(
    '/api/professions/:id',
    {
      access: 'admin',
      tags: ['professions'],
      params: idParam,
      body: professionBody,
      response: { 200: professionSchema },
    },
    async (req, actor) => renameProfession(ctx, actor, req.params.id, req.body.name),
  );
  route.delete(
    '/api/professions/:id',
    { access: 'admin', tags: ['professions'], params: idParam, response: { 204: noContent } },
    async (req, actor) => removeProfession(ctx, actor, req.params.id),
  );

  // ------------------------------------------------------------ API tokens
  route.get(
    '/api/tokens',
    {
      access: 'admin',
      sessionOnly: true,
      tags: ['tokens'],
      response: { 200: z.object({ items: z.array(apiTokenSchema) }) },
    },
    async (_req, actor) => ({ items: await getApiTokens(ctx, actor.officeId) }),
  );
  route.post(
    '/api/tokens',
    {
      access: 'admin',
      sessionOnly: true,
      tags: ['tokens'],
      summary: 'Create an API token (the plaintext is shown once)',
      body: createTokenBody,
      response: { 201: apiTokenSchema.extend({ token: z.string() }) },
    },
    async (req, actor) => createApiToken(ctx, actor, req.body.name),
  );
  route.delete(
    '/api/tokens/:id',
    { access: 'admin', sessionOnly: true, tags: ['tokens'], params: idParam, response: { 204: noContent } },
    async (req, actor) => revokeToken(ctx, actor, req.params.id),
  );

  // ------------------------------------------------------------ audit
  route.get(
    '/api/audit',
    {
      access: 'admin',
      tags: ['audit'],
      summary: 'The audit log, newest first',
      querystring: z.strictObject({
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(100).default(25),
        entity: z.string().max(40).optional(),
        entityId: z.string().max(64).optional(),
      }),
      response: { 200: pageOf(auditEntryViewSchema) },
    },
    async (req, actor) => getAudit(ctx, actor.officeId, req.query, langOf(req)),
  );
}
