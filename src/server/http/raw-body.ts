import type { FastifyInstance, FastifyRequest } from 'fastify';
import { decodeUtf8 } from './json-body.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request body as received, for signature checks (webhooks). */
    rawBody?: string;
  }
}

/** In this plugin scope, JSON bodies keep their raw text in `req.rawBody` for HMAC verification. */
export function keepRawJson(scope: FastifyInstance): void {
  // The application's JSON parser (strictJsonBodies) is inherited; this scope's replaces it.
  if (scope.hasContentTypeParser('application/json')) scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    (req: FastifyRequest, bytes: Buffer, done) => {
      try {
        const body = decodeUtf8(bytes);
        req.rawBody = body;
        done(null, JSON.parse(body));
      } catch (err) {
        done(err instanceof SyntaxError ? Object.assign(err, { statusCode: 400 }) : (err as Error));
      }
    },
  );
}
