import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS package loaded on first use instead of at start. Heavy libraries that only some requests or
 * jobs need (PDF, QR codes, certificates, templates, SMTP, the PostgreSQL driver on SQLite) cost the
 * server's idle memory and start time when imported at the top of a module; see docs/benchmarks.md.
 * Import the package's types with `import type` beside it, so the compiler still checks every use.
 * @example
 * import type Forge from 'node-forge';
 * const forge = lazyRequire<typeof Forge>('node-forge');
 * forge().pki.certificateFromPem(pem);
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(id) as T;
    return loaded;
  };
}
