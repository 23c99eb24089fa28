import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { fileResponse } from './openapi.js';

/**
 * The part of a route's spec that says it answers with a file: the media type it produces and its 200 in
 * the OpenAPI document (`documented`: the media types listed there, when they are more than `produces`).
 *
 * @example
 * route.get('/api/clients/export', { summary: 'Export', ...fileDownload('text/csv', 'The clients, CSV') }, …);
 */
export function fileDownload(
  produces: string,
  description: string,
  documented: string | readonly string[] = produces,
) {
  return { produces: [produces], response: { 200: fileResponse(documented, description) } };
}

/**
 * Answers with a CSV streamed from `rows` (each already a line), as the attachment `<name>-<yyyy-mm-dd>.csv`
 * of the day `at`.
 */
export function sendCsv(
  reply: FastifyReply,
  name: string,
  at: Date,
  rows: AsyncIterable<string> | Iterable<string>,
): FastifyReply {
  const day = at.toISOString().slice(0, 10);
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}-${day}.csv"`)
    .send(Readable.from(rows));
}
