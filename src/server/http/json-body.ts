import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The bytes of a body as text, refusing invalid UTF-8 (`http.invalid_utf8`) instead of storing U+FFFD
 * replacement characters in place of what the client meant.
 */
export function decodeUtf8(body: Buffer): string {
  try {
    return utf8.decode(body);
  } catch (err) {
    throw new HttpError('invalid_utf8', { cause: err });
  }
}

/**
 * Replaces Fastify's JSON body parser with one that first checks the body is valid UTF-8, then parses it
 * exactly as Fastify does (same prototype-poisoning protection, same errors for empty or broken JSON).
 */
export function strictJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    let text: string;
    try {
      text = decodeUtf8(body as Buffer);
    } catch (err) {
      return done(err as Error, undefined);
    }
    parseJson(req, text, done);
  });
}
