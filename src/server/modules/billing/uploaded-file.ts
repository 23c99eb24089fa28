import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { BillingError } from './billing.errors.js';

/**
 * The one file of a multipart upload (a retorno, a bank statement), as its name and a stream; named
 * `fallbackName` when the client sent no name. Anything but a multipart body with a file is `not_multipart`.
 */
export async function uploadedFile(
  req: FastifyRequest,
  fallbackName: string,
): Promise<{ filename: string; stream: Readable }> {
  if (!req.isMultipart()) throw new BillingError('not_multipart');
  const part = await req.file();
  if (!part) throw new BillingError('not_multipart');
  return { filename: part.filename ?? fallbackName, stream: part.file };
}
