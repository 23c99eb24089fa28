import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request body as received, for signature checks (webhooks). */
    rawBody?: string;
  }
}

/** In this plugin scope, JSON bodies keep their raw text in `req.rawBody` for HMAC verification. */
export function keepRawJson(scope: FastifyInstance): void {
  scope.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (req: FastifyRequest, body: string, done) => {
      req.rawBody = body;
      try {
        done(null, JSON.parse(body));
      } catch (err) {
        done(Object.assign(err as Error, { statusCode: 400 }));
      }
    },
  );
}
