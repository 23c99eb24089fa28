import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { routesFor } from '../../http/routes.js';
import { withUploads } from '../../http/uploads.js';
import { BillingError } from './billing.errors.js';

/** Billing's route declarations (`routesFor(scope, ['billing'])`). */
export type BillingRoutes = ReturnType<typeof routesFor>;

/**
 * Declares billing routes in their own scope whose multipart parser takes one file of at most
 * `maxFileBytes` (a retorno, a bank statement), so that the parser exists only there.
 */
export function oneFileRoutes(
  app: FastifyInstance,
  maxFileBytes: number,
  declare: (route: BillingRoutes) => void,
) {
  withUploads(app, { maxFileBytes, files: 1, fields: 5, parts: 6 }, (scope) =>
    declare(routesFor(scope, ['billing'])),
  );
}

/**
 * The one file of a multipart upload (a retorno, a bank statement), as its name and a stream; named
 * `fallbackName` when the client sent no name. Anything but a multipart body is `not_multipart`, a multipart
 * body without a file `no_files`.
 */
export async function uploadedFile(
  req: FastifyRequest,
  fallbackName: string,
): Promise<{ filename: string; stream: Readable }> {
  if (!req.isMultipart()) throw new BillingError('not_multipart');
  const part = await req.file();
  if (!part) throw new BillingError('no_files');
  return { filename: part.filename ?? fallbackName, stream: part.file };
}
