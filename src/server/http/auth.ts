import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext, Principal } from '../context.js';
import { HttpError } from './errors.js';

/** Who may call a route. Every route declares it in `config.access`; the default is `user`. */
export type Access = 'public' | 'user' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Only browser sessions (not API tokens) may call the route. */
    sessionOnly?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export const SESSION_COOKIE = 'exp_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * How a credential becomes a principal. The platform module owns sessions and API tokens; the HTTP layer
 * sits below the modules, so app.ts hands their lookups in here.
 */
export interface Authenticator {
  fromApiToken(ctx: AppContext, token: string): Promise<Principal | null>;
  fromSession(ctx: AppContext, sessionId: string): Promise<Principal | null>;
}

async function authenticate(
  ctx: AppContext,
  auth: Authenticator,
  req: FastifyRequest,
): Promise<Principal | null> {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return auth.fromApiToken(ctx, header.slice(7).trim());
  const cookie = req.cookies[SESSION_COOKIE];
  return cookie ? auth.fromSession(ctx, cookie) : null;
}

/** The authenticated principal of a route that is not public. */
export function principal(req: FastifyRequest): Principal {
  if (!req.principal) throw new HttpError('unauthenticated');
  return req.principal;
}

/**
 * Authentication, role checks and CSRF protection for every /api route, secure by default: a route is
 * reachable without login only if it says `access: 'public'`. Cookie sessions must send the session's
 * CSRF token in `X-CSRF-Token` on unsafe methods (the cookie is also SameSite=Lax and HttpOnly).
 */
export function registerAuth(app: FastifyInstance, ctx: AppContext, auth: Authenticator) {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    const url = req.routeOptions.url;
    // Only API routes are guarded; the web app's files and the API docs page are public.
    if (!url?.startsWith('/api') || url.startsWith('/api/docs')) return;
    const config = req.routeOptions.config;
    const access = config.access ?? 'user';
    if (access === 'public') return;
    const p = await authenticate(ctx, auth, req);
    if (!p) throw new HttpError('unauthenticated');
    if (access === 'admin' && p.role !== 'admin') throw new HttpError('forbidden');
    if (config.sessionOnly && p.kind !== 'session') throw new HttpError('forbidden');
    if (
      p.kind === 'session' &&
      !SAFE_METHODS.has(req.method) &&
      req.headers['x-csrf-token'] !== p.csrfToken
    ) {
      throw new HttpError('csrf_failed');
    }
    req.principal = p;
  });
}
