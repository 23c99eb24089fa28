import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnreachable, isStorageFull } from '../db/errors.js';
import { AppError, HttpError } from './errors.js';
import { type Lang, pickLanguage } from './i18n.js';

/** Retry-After of a 507 (disk full): space is freed by a person, not in seconds. */
const STORAGE_FULL_RETRY_SECONDS = 60;

/**
 * The language of a request's answer: the one it asks for (Accept-Language), else its user's own
 * (users.language), else pt-BR.
 */
export const langOf = (req: FastifyRequest): Lang => {
  const asked = req.headers['accept-language'];
  if (asked?.trim()) return pickLanguage(asked);
  return req.principal?.language ?? 'pt-BR';
};

/**
 * Errors of the multipart parser (busboy) are plain `Error`s without a code: a missing boundary, a body
 * that ends inside a part, a malformed header. Recognised by their words, on a multipart request only.
 */
const MULTIPART_PARSE_ERROR =
  /^(Multipart: Boundary not found|Unexpected end of multipart data|.* terminated early due to unexpected end of multipart data|Malformed part header|Unsupported Content-Type\.|Missing Content-Type-header\.|Boundary required)/;

function isMultipartRequest(req: FastifyRequest): boolean {
  return /^multipart\//i.test(req.headers['content-type'] ?? '');
}

/** Fastify's (and @fastify/multipart's) error codes for a client's mistake, and our error for each. */
const fastifyErrors: Record<string, ConstructorParameters<typeof HttpError>[0]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_REQ_FILE_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'unsupported_media_type',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported_media_type',
  FST_ERR_ROUTE_MISSING_CONTENT_TYPE: 'missing_content_type',
  FST_ERR_BAD_URL: 'bad_url',
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
  // @fastify/multipart's limits and refusals.
  FST_PARTS_LIMIT: 'too_many_parts',
  FST_FIELDS_LIMIT: 'too_many_parts',
  FST_FILES_LIMIT: 'too_many_parts',
  FST_PROTO_VIOLATION: 'malformed_multipart',
  FST_INVALID_JSON_FIELD_ERROR: 'malformed_multipart',
  FST_MP_PREMATURE_CLOSE: 'malformed_multipart',
};

function fromFastify(err: FastifyError, req: FastifyRequest): AppError | undefined {
  const known = err.code && Object.hasOwn(fastifyErrors, err.code) ? fastifyErrors[err.code] : undefined;
  if (known) return new HttpError(known);
  if (err.statusCode === 429) return new HttpError('rate_limited');
  if (err instanceof SyntaxError && err.statusCode === 400) return new HttpError('malformed_json');
  if (!err.code && isMultipartRequest(req) && MULTIPART_PARSE_ERROR.test(err.message ?? '')) {
    return new HttpError('malformed_multipart');
  }
  // Any other refusal of Fastify's own keeps its 4xx status: the client's mistake, not a fault of ours.
  const status = err.statusCode;
  if (err.code?.startsWith('FST_') && status && status >= 400 && status < 500) {
    if (status === 404) return new HttpError('not_found');
    if (status === 413) return new HttpError('payload_too_large');
    if (status === 415) return new HttpError('unsupported_media_type');
    return new AppError('http.bad_request', { status, 'pt-BR': 'Requisição inválida.', en: 'Bad request.' });
  }
  return undefined;
}

/**
 * The one place that turns anything thrown into an RFC 9457 problem document. User mistakes (4xx) are
 * logged at info level without a stack; a 503 (a dependency down for now: the database, the file store) as
 * a warning; anything else is a bug, logged as an error, answered as 500.
 */
export function sendProblem(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  let appError = err instanceof AppError ? err : fromFastify(err as FastifyError, req);
  if (!appError && isDatabaseUnreachable(err)) {
    // PostgreSQL restarting or unreachable: the same request will work in a moment. A 503 tells the client
    // (and a load balancer) so; logged as a warning, not as a bug.
    req.log.warn({ err }, 'the database is unreachable');
    reply.header('retry-after', '5');
    appError = new HttpError('database_unavailable');
  } else if (!appError && isStorageFull(err)) {
    // A full disk is the operator's to fix, not a bug: 507 with a message saying so, and when to retry.
    appError = new HttpError('storage_full');
    reply.header('retry-after', String(STORAGE_FULL_RETRY_SECONDS));
    req.log.error({ err }, 'write refused: the disk is full');
  } else if (!appError) {
    req.log.error({ err }, 'unhandled error');
    appError = new HttpError('internal');
  } else if (appError.status === 503) {
    // Something this process depends on is down for now (storage, readiness): an operations matter, not a bug.
    req.log.warn({ err }, appError.code);
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

/**
 * The not-found handler: `405 Method Not Allowed` with an `Allow` header when the path exists with other
 * methods (`allowedMethods`, from `trackRouteMethods`), `404` otherwise.
 */
export function notFoundOrNotAllowed(allowedMethods: (req: FastifyRequest) => string[]) {
  return (req: FastifyRequest, reply: FastifyReply) => {
    const allow = allowedMethods(req);
    if (!allow.length) return sendProblem(new HttpError('not_found'), req, reply);
    reply.header('allow', allow.join(', '));
    return sendProblem(
      new HttpError('method_not_allowed', { params: { method: req.method, allow: allow.join(', ') } }),
      req,
      reply,
    );
  };
}
