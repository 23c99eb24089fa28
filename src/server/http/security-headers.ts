import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The Content Security Policy of every answer: the web app (and the client portal, one of its pages),
 * the API's JSON and problem documents, and the Swagger UI at /api/docs. Pages with their own stricter
 * policy (the unsubscribe page) replace it.
 *
 * - Scripts only from our own origin, never inline: the built app loads `/assets/*.js`, and the Swagger UI
 *   its bundle and `swagger-initializer.js`; no page has an inline script or event-handler attribute.
 * - `style-src 'unsafe-inline'`: Mantine injects `<style>` elements at run time (its CSS variables, and
 *   the `styles` props of components), and the Swagger UI does the same; a static index.html cannot carry a
 *   per-request nonce for them. Inline styles cannot run code; scripts stay strict.
 * - `img-src data: blob:`: images the app builds in the browser (previews of files being uploaded).
 * - `frame-ancestors 'none'`: no page, the portal included, may be framed by another site (clickjacking).
 * - No `upgrade-insecure-requests`: a plain-HTTP install on an office's network (http://192.168.x.y:3000)
 *   would have every asset rewritten to https:// and fail to load.
 */
export const contentSecurityPolicy = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
} as const;

/**
 * Pages meant to be embedded in other sites: the Processos public form (`/formulario/:token`), which an
 * office puts on its own site in an `<iframe>`. Only their HTML answer may be framed (`frame-ancestors *`,
 * no X-Frame-Options); every other page and the API stay unframeable.
 */
const EMBEDDABLE_PAGES = /^\/formulario\/[^/?#]+\/?(?:[?#]|$)/;
const embeddablePolicy = Object.entries({ ...contentSecurityPolicy, 'frame-ancestors': ['*'] })
  .map(([name, values]) => `${name} ${values.join(' ')}`)
  .join(';');

/** Whether a request is for a page other sites may frame. */
export const isEmbeddablePage = (url: string) => EMBEDDABLE_PAGES.test(url);

/** One year, with subdomains: the value browsers' HSTS preload lists expect. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The headers `helmet(options)` sets, and those it removes, worked out once: helmet's middleware builds
 * its header values from the options on every call (the CSP's directives parsed and joined anew), and
 * `@fastify/helmet` calls it per request — 1–2 % of a web process's CPU under the cluster bench. The
 * options never vary per request here, so the values are computed at start and only copied per request.
 */
function helmetHeaders(options: Readonly<HelmetOptions>): {
  set: [string, string | number | readonly string[]][];
  removed: string[];
} {
  const set = new Map<string, string | number | readonly string[]>();
  const removed: string[] = [];
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.set(name.toLowerCase(), value);
    },
    removeHeader(name: string) {
      set.delete(name.toLowerCase());
      removed.push(name.toLowerCase());
    },
  };
  let done = false;
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, () => {
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously');
  return { set: [...set], removed };
}

/**
 * Security headers on every answer (helmet's values, `helmetHeaders`): the CSP above,
 * `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer` (portal and unsubscribe links carry
 * their token in the URL), `X-Frame-Options: DENY` for old browsers, and `Strict-Transport-Security` only
 * when the request came over HTTPS (directly, or through a proxy that says so with X-Forwarded-Proto when
 * TRUST_PROXY is on): over plain HTTP the header means nothing to browsers and would mislead.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  const { set, removed } = helmetHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
    // The Swagger UI and the app fetch nothing cross-origin; no embedder policy needed.
    crossOriginEmbedderPolicy: false,
  });
  // On the raw response, as helmet's middleware did: answers sent around Fastify's reply carry them too.
  app.addHook('onRequest', (req, reply, done) => {
    const raw = reply.raw;
    for (const [name, value] of set) raw.setHeader(name, value);
    for (const name of removed) raw.removeHeader(name);
    if (req.protocol === 'https') reply.header('strict-transport-security', HSTS);
    done();
  });
  app.addHook('onSend', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return;
    if (!isEmbeddablePage(req.url)) return;
    reply.header('content-security-policy', embeddablePolicy);
    reply.removeHeader('x-frame-options');
  });
}
