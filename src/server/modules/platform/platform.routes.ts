import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { principal, SESSION_COOKIE } from '../../http/auth.js';
import { noContent } from '../../http/openapi.js';
import { langOf } from '../../http/problem.js';
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
  actorOf,
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
  const r = app.withTypeProvider<ZodTypeProvider>();
  const secureCookie = (proto: string) =>
    ctx.config.cookieSecure === 'auto' ? proto === 'https' : ctx.config.cookieSecure;

  r.post(
    '/api/auth/login',
    {
      config: {
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
      },
      schema: {
        tags: ['auth'],
        summary: 'Log in and open a session',
        body: loginBody,
        response: { 200: meSchema, 401: problemSchema },
      },
    },
    async (req, reply) => {
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

  r.post(
    '/api/auth/logout',
    {
      config: { sessionOnly: true },
      schema: { tags: ['auth'], summary: 'End the session', response: { 204: noContent } },
    },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await logout(ctx, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/auth/me',
    {
      config: { sessionOnly: true },
      schema: { tags: ['auth'], summary: 'The logged-in user', response: { 200: meSchema } },
    },
    async (req) => getMe(ctx, principal(req)),
  );

  r.put(
    '/api/auth/me/language',
    {
      config: { sessionOnly: true },
      schema: {
        tags: ['auth'],
        summary: 'Set the language I read in (the web app, notifications, e-mails)',
        body: languageBody,
        response: { 200: meSchema },
      },
    },
    async (req) => setMyLanguage(ctx, principal(req), req.body.language),
  );

  r.post(
    '/api/auth/password',
    {
      config: { sessionOnly: true },
      schema: {
        tags: ['auth'],
        summary: 'Change my password',
        body: changePasswordBody,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await changePassword(
        ctx,
        principal(req),
        req.body.currentPassword,
        req.body.newPassword,
        req.cookies[SESSION_COOKIE],
      );
      return reply.status(204).send();
    },
  );

  // ------------------------------------------------------------ office
  r.get(
    '/api/office',
    { schema: { tags: ['office'], summary: 'The office', response: { 200: officeSchema } } },
    async (req) => getOffice(ctx, principal(req).officeId),
  );
  r.patch(
    '/api/office',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['office'],
        summary: 'Update the office',
        body: updateOfficeBody,
        response: { 200: officeSchema },
      },
    },
    async (req) => updateOffice(ctx, actorOf(principal(req)), req.body),
  );

  // ------------------------------------------------------------ users
  r.get(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        summary: 'List the office users',
        querystring: z.strictObject({
          q: z.string().trim().max(100).optional(),
          active: queryBool.optional(),
        }),
        response: { 200: z.object({ items: z.array(userSchema) }) },
      },
    },
    async (req) => ({ items: await listUsers(ctx, principal(req).officeId, req.query) }),
  );
  r.post(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'Create a user',
        body: createUserBody,
        response: { 201: userSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await createUser(ctx, actorOf(principal(req)), req.body)),
  );
  r.patch(
    '/api/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'Update a user',
        params: idParam,
        body: updateUserBody,
        response: { 200: userSchema },
      },
    },
    async (req) => updateUser(ctx, actorOf(principal(req)), req.params.id, req.body),
  );

  // ------------------------------------------------------------ professions
  r.get(
    '/api/professions',
    {
      schema: {
        tags: ['professions'],
        summary: 'List professions',
        response: { 200: z.object({ items: z.array(professionSchema) }) },
      },
    },
    async (req) => ({ items: await getProfessions(ctx, principal(req).officeId) }),
  );
  r.post(
    '/api/professions',
    {
      config: { access: 'admin' },
      schema: { tags: ['professions'], body: professionBody, response: { 201: professionSchema } },
    },
    async (req, reply) =>
      reply.status(201).send(await createProfession(ctx, actorOf(principal(req)), req.body.name)),
  );
  r.patch(
    '/api/professions/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['professions'],
        params: idParam,
        body: professionBody,
        response: { 200: professionSchema },
      },
    },
    async (req) => renameProfession(ctx, actorOf(principal(req)), req.params.id, req.body.name),
  );
  r.delete(
    '/api/professions/:id',
    {
      config: { access: 'admin' },
      schema: { tags: ['professions'], params: idParam, response: { 204: noContent } },
    },
    async (req, reply) => {
      await removeProfession(ctx, actorOf(principal(req)), req.params.id);
      return reply.status(204).send();
    },
  );

  // ------------------------------------------------------------ API tokens
  r.get(
    '/api/tokens',
    {
      config: { access: 'admin', sessionOnly: true },
      schema: { tags: ['tokens'], response: { 200: z.object({ items: z.array(apiTokenSchema) }) } },
    },
    async (req) => ({ items: await getApiTokens(ctx, principal(req).officeId) }),
  );
  r.post(
    '/api/tokens',
    {
      config: { access: 'admin', sessionOnly: true },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token (the plaintext is shown once)',
        body: createTokenBody,
        response: { 201: apiTokenSchema.extend({ token: z.string() }) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createApiToken(ctx, actorOf(principal(req)), req.body.name)),
  );
  r.delete(
    '/api/tokens/:id',
    {
      config: { access: 'admin', sessionOnly: true },
      schema: { tags: ['tokens'], params: idParam, response: { 204: noContent } },
    },
    async (req, reply) => {
      await revokeToken(ctx, actorOf(principal(req)), req.params.id);
      return reply.status(204).send();
    },
  );

  // ------------------------------------------------------------ audit
  r.get(
    '/api/audit',
    {
      config: { access: 'admin' },
      schema: {
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
    },
    async (req) => getAudit(ctx, principal(req).officeId, req.query, langOf(req)),
  );
}
