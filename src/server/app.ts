import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { AppContext } from './context.js';
import { registerAuth } from './http/auth.js';
import { registerHealth } from './http/health.js';
import { decodeUtf8, strictJsonBodies } from './http/json-body.js';
import { registerMetrics } from './http/metrics.js';
import { documentResponses } from './http/openapi.js';
import { notFoundOrNotAllowed, sendProblem } from './http/problem.js';
import { trackRouteMethods } from './http/route-methods.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { compiledSerializerCompiler } from './http/serializer.js';
import { staticFileOptions } from './http/static-files.js';
import { zodValidatorCompiler } from './http/validation.js';
import { newId } from './ids.js';
import {
  automationDocumentRoutes,
  automationRoutes,
  rulesRoutes,
  triggersRoutes,
} from './modules/automation/index.js';
import { billingRoutes } from './modules/billing/index.js';
import { certidoesRoutes, certificatesRoutes } from './modules/certificates/index.js';
import { clientsRoutes, unsubscribeRoutes } from './modules/clients/index.js';
import { collectionRoutes } from './modules/collection/index.js';
import { engineRoutes } from './modules/engine/index.js';
import { channelAdminRoutes, messagingRoutes, smsRoutes, whatsappRoutes } from './modules/messaging/index.js';
import { onboardingRoutes } from './modules/onboarding/index.js';
import {
  notificationsRoutes,
  platformRoutes,
  principalFromApiToken,
  sessionAuthenticator,
} from './modules/platform/index.js';
// processes
import { processesRoutes } from './modules/processes/index.js';
import { routinesRoutes } from './modules/routines/index.js';
import { tasksRoutes } from './modules/tasks/index.js';
import { ticketsRoutes } from './modules/tickets/index.js';
import { upcomingRoutes } from './modules/upcoming/index.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The built web app: `dist/web` beside `dist/server` (or `src/server` under tsx). */
export const webRoot = resolve(here, '../../dist/web');

export interface BuildAppOptions {
  /** Serve the built web app from this directory (default: `dist/web` when it exists). */
  webRoot?: string | null;
}

/** Builds the HTTP application: API, OpenAPI docs and the web app. Does not listen. */
export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: ctx.config.bodyLimitBytes,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : newId();
    },
    requestIdHeader: false,
    trustProxy: ctx.config.trustProxy,
    ajv: undefined,
    // Errors Fastify raises before routing (bad URL encoding, a parameter over its length): problem+json too.
    frameworkErrors: (err, req, reply) => sendProblem(err, req, reply),
  });
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(compiledSerializerCompiler);
  app.setErrorHandler((err, req, reply) => sendProblem(err, req, reply));
  documentResponses(app);
  const notFound = notFoundOrNotAllowed(trackRouteMethods(app));
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  strictJsonBodies(app);
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'buffer' }, (_req, body, done) => {
    try {
      done(null, decodeUtf8(body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  await registerSecurityHeaders(app);
  await registerMetrics(app, ctx);
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Expediente API',
        version: '0.1.0',
        description:
          'Automation for service offices. Authenticate with the session cookie (plus `X-CSRF-Token` on writes) or with `Authorization: Bearer <API token>`. Errors are RFC 9457 problem documents with a stable `code`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'exp_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    // Schemas with a registry id (`.meta({ id })`, the recursive ones) become components the operations refer to.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // Sessions cached per process on PostgreSQL, dropped at once by NOTIFY when one ends or its user changes.
  const sessions = sessionAuthenticator(ctx);
  app.addHook('onClose', async () => sessions.close());
  registerAuth(app, ctx, { fromApiToken: principalFromApiToken, fromSession: sessions.fromSession });

  registerHealth(app, ctx);
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  platformRoutes(app, ctx);
  notificationsRoutes(app, ctx);
  clientsRoutes(app, ctx);
  unsubscribeRoutes(app, ctx);
  certificatesRoutes(app, ctx);
  certidoesRoutes(app, ctx);
  billingRoutes(app, ctx);
  engineRoutes(app, ctx);
  messagingRoutes(app, ctx);
  whatsappRoutes(app, ctx);
  smsRoutes(app, ctx);
  channelAdminRoutes(app, ctx);
  ticketsRoutes(app, ctx);
  collectionRoutes(app, ctx);
  automationRoutes(app, ctx);
  rulesRoutes(app, ctx);
  automationDocumentRoutes(app, ctx);
  triggersRoutes(app, ctx);
  routinesRoutes(app, ctx);
  onboardingRoutes(app, ctx);
  processesRoutes(app, ctx);
  tasksRoutes(app, ctx);
  upcomingRoutes(app, ctx);

  const root = options.webRoot === undefined ? (existsSync(webRoot) ? webRoot : null) : options.webRoot;
  if (root) {
    await app.register(fastifyStatic, staticFileOptions(root));
    const indexHtml = join(root, 'index.html');
    app.setNotFoundHandler((req, reply) => {
      const read = req.method === 'GET' || req.method === 'HEAD';
      if (req.url.startsWith('/api') || !read || !existsSync(indexHtml)) {
        return notFound(req, reply);
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html', root);
    });
  } else {
    app.setNotFoundHandler(notFound);
  }
  return app;
}
