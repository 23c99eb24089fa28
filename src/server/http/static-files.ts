import type { FastifyStaticOptions } from '@fastify/static';

/** A year: hashed file names change with their content, so a cached copy never goes stale. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * How the built web app's files are served (`@fastify/static`):
 * - precompressed: `vite build` writes a `.br` and a `.gz` beside each text asset (vite.config.ts,
 *   `precompress`), and the one the browser accepts is sent as is: no compression per request;
 * - `/assets/*` (file names with a content hash) cached for a year as immutable; `index.html` (served for
 *   every app route by the not-found handler) revalidated on every load, so a new release is picked up at
 *   once; other files of `public/` (favicon) cached for an hour.
 */
export function staticFileOptions(root: string): FastifyStaticOptions {
  return {
    root,
    wildcard: false,
    index: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders(reply, path) {
      const file = path.replaceAll('\\', '/');
      const header = file.startsWith(`${root.replaceAll('\\', '/')}/assets/`)
        ? IMMUTABLE
        : /\.html(\.br|\.gz)?$/.test(file)
          ? 'no-cache'
          : 'public, max-age=3600';
      reply.header('cache-control', header);
    },
  };
}
