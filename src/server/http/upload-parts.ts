import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { AppError } from './errors.js';
import type { Lang } from './i18n.js';

/** An uploaded file as the HTTP layer hands it over: its declared name and its bytes, still streaming. */
export interface UploadedFile {
  filename: string;
  stream: Readable;
}

/** A file of an upload that was not attached, and why (the module's error, or blobs.file_infected). */
export interface RefusedFile {
  name: string;
  error: AppError;
}

/**
 * The files of a multipart request (a route inside `withUploads`), one at a time as they arrive: each part
 * streams on into the blob store, nothing is buffered whole.
 */
export async function* uploadedFiles(req: FastifyRequest): AsyncGenerator<UploadedFile> {
  for await (const part of req.files()) yield { filename: part.filename ?? '', stream: part.file };
}

/** The refused files of an upload as the API answers them: the name, the error's code and its sentence. */
export function refusedAnswer(refused: readonly RefusedFile[], lang: Lang) {
  return refused.map((r) => ({ name: r.name, code: r.error.code, reason: r.error.messages[lang] }));
}
