import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';

/** What one multipart body may hold: the largest file in bytes, and how many files, fields and parts. */
export interface UploadLimits {
  maxFileBytes: number;
  files: number;
  fields: number;
  parts: number;
}

/**
 * Declares `routes` in their own scope with a multipart parser, so that the parser exists only there. A file
 * one byte over `maxFileBytes` is cut quietly instead of thrown (the handler, or the blob store while the
 * file streams, refuses it with the module's own error).
 *
 * @example
 * export const cnabRoutes = (app, ctx) =>
 *   withUploads(app, { maxFileBytes: RETORNO_MAX_BYTES, files: 1, fields: 5, parts: 6 }, (scope) => routes(scope, ctx));
 */
export function withUploads(
  app: FastifyInstance,
  limits: UploadLimits,
  routes: (scope: FastifyInstance) => void,
) {
  const { maxFileBytes, ...counts } = limits;
  app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: maxFileBytes + 1, ...counts },
      throwFileSizeLimit: false,
    });
    routes(scope);
  });
}
