import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, HttpError } from './errors.js';
import { pickLanguage } from './i18n.js';

/** The language of a request, from its Accept-Language header. */
export const langOf = (req: FastifyRequest) => pickLanguage(req.headers['accept-language']);

function fromFastify(err: FastifyError): AppError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpError('malformed_json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError('payload_too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new HttpError('unsupported_media_type');
  }
  if (err.statusCode === 429) return new HttpError('rate_limited');
  if (err instanceof SyntaxError && err.statusCode === 400) return new HttpError('malformed_json');
  return undefined;
}

/**
 * The one place that turns anything thrown into an RFC 9457 problem document. User mistakes (4xx) are
 * logged at info level without a stack; anything else is a bug, logged as an error, answered as 500.
 */
export function sendProblem(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  let appError = err instanceof AppError ? err : fromFastify(err as FastifyError);
  if (!appError) {
    req.log.error({ err }, 'unhandled error');
    appError = new HttpError('internal');
  } else if (appError.status >= 500) {
    req.log.error({ err }, appError.code);
  } else {
    req.log.info({ code: appError.code, status: appError.status }, 'request refused');
  }
  const lang = langOf(req);
  const body: Record<string, unknown> = {
    type: `https://expediente.app/problems/${appError.code}`,
    title: appError.messages[lang],
    status: appError.status,
    code: appError.code,
    detail: appError.messages[lang],
    ...appError.extra,
  };
  if (appError.fields.length) {
    body.errors = appError.fields.map((f) => ({ field: f.field, code: f.code, message: f.message[lang] }));
  }
  const retryAfter = (err as { headers?: Record<string, string> }).headers?.['retry-after'];
  if (retryAfter) reply.header('retry-after', retryAfter);
  return reply.status(appError.status).type('application/problem+json').serializer(JSON.stringify).send(body);
}
