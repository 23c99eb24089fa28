import type { FastifyInstance, FastifyRequest } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';

/**
 * Which methods each registered path answers, so that a request for a path that exists with another method
 * gets `405 Method Not Allowed` and an `Allow` header (RFC 9110 §15.5.6) instead of a 404.
 *
 * Fastify's router is not public, so a second, handler-less router is filled from the `onRoute` hook and
 * asked only when Fastify's own router found nothing. Call it before any route is registered.
 *
 * @example
 * const allowedMethods = trackRouteMethods(app);
 * app.setNotFoundHandler((req, reply) => {
 *   const allow = allowedMethods(req);
 *   if (allow.length) reply.header('allow', allow.join(', ')) // …and answer 405
 * });
 */
export function trackRouteMethods(app: FastifyInstance): (req: FastifyRequest) => string[] {
  // The same parameter limit as Fastify's router, so that both routers agree on which paths exist.
  const router = FindMyWay({ maxParamLength: app.initialConfig.maxParamLength ?? 100 });
  const methods = new Set<string>();
  const seen = new Set<string>();
  const noop = () => {};
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      const key = `${method} ${route.url}`;
      if (seen.has(key)) continue;
      seen.add(key);
      methods.add(method);
      router.on(method as HTTPMethod, route.url, noop);
    }
  });
  return (req) => {
    const path = req.url.split('?')[0]!;
    const exists = (m: string) => {
      try {
        return router.find(m as HTTPMethod, path) !== null;
      } catch {
        return false;
      }
    };
    return [...methods].filter((m) => m !== req.method && exists(m)).sort();
  };
}
