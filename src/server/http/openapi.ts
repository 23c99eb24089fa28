import type { FastifyInstance, RouteOptions } from 'fastify';
import { type ZodType, z } from 'zod';
import type { Access } from './auth.js';
import { problemSchema } from './schemas.js';

/**
 * What the OpenAPI document says a route answers besides its success: one rule, applied to every route
 * as it is registered, so a new route cannot forget its error answers.
 *
 * | status | documented when |
 * |---|---|
 * | 400 | the route validates input (params, query, body) or takes a body (malformed JSON) |
 * | 401 | the route is not public |
 * | 403 | the route is not public and is admin-only, session-only or changes something (CSRF) |
 * | 404 | the route names a resource (path parameters) or takes a body that may name one |
 * | 409 | a non-public route that changes something (a state or uniqueness conflict) |
 * | 413, 415 | the route changes something (a body that is too large or of another media type) |
 * | 429 | the route is rate-limited (`config.rateLimit`) |
 *
 * A route that answers something more specific declares it in its own `schema.response` with
 * `problemSchema` (`422: problemSchema`); the rule turns every `problemSchema` into an
 * `application/problem+json` response. Problem documents are written by `sendProblem` with its own
 * serializer, so these response schemas document the body without serializing it.
 */
export function documentResponses(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api') || route.url.startsWith('/api/docs')) return;
    route.schema ??= {};
    const schema = route.schema as { hide?: boolean; response?: Record<string, unknown> };
    if (schema.hide) return;
    schema.response ??= {};
    const response = schema.response;
    for (const [status, described] of Object.entries(response)) {
      if (described === problemSchema) response[status] = problemResponse(Number(status));
    }
    for (const status of errorStatuses(route)) {
      response[status] ??= problemResponse(status);
    }
  });
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The error statuses the rule documents for a route (see `documentResponses`). */
export function errorStatuses(route: RouteOptions): number[] {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const unsafe = methods.some((m) => UNSAFE_METHODS.has(m));
  const schema = route.schema ?? {};
  const config = (route.config ?? {}) as { access?: Access; sessionOnly?: boolean; rateLimit?: unknown };
  const guarded = (config.access ?? 'user') !== 'public';
  const statuses = new Set<number>();
  if (schema.params || schema.querystring || schema.body || unsafe) statuses.add(400);
  if (guarded) statuses.add(401);
  if (guarded && (config.access === 'admin' || config.sessionOnly || unsafe)) statuses.add(403);
  if (schema.params || schema.body) statuses.add(404);
  if (guarded && unsafe) statuses.add(409);
  if (unsafe) {
    statuses.add(413);
    statuses.add(415);
  }
  if (config.rateLimit) statuses.add(429);
  return [...statuses];
}

const problemDescriptions: Record<number, string> = {
  400: 'Invalid input (`http.validation_failed` with field `errors`, `http.malformed_json`) or a rule of the module',
  401: 'Not logged in, or the session or token expired (`http.unauthenticated`)',
  403: 'The role does not allow the action (`http.forbidden`) or the CSRF token is missing (`http.csrf_failed`)',
  404: 'The resource does not exist in this office',
  409: 'The change conflicts with the current state (a duplicate, a state that does not allow it)',
  410: 'The link expired',
  413: 'The body is too large (`http.payload_too_large`)',
  415: 'The body is of a media type the route does not take (`http.unsupported_media_type`)',
  422: 'The request is well-formed but the state machine refuses it',
  429: 'Too many requests (`http.rate_limited`); see `Retry-After`',
  502: 'The external provider refused or failed',
};

/** An `application/problem+json` response of the OpenAPI document. */
export function problemResponse(status: number) {
  return {
    description: problemDescriptions[status] ?? 'Problem document',
    content: { 'application/problem+json': { schema: problemSchema } },
  };
}

/** A 204 answer: no body. */
export const noContent = z.undefined().describe('No Content');

/** A non-JSON success body (CSV, PDF, PEM…), documented with its media type or types. */
export function fileResponse(mediaTypes: string | readonly string[], description: string) {
  const schema: ZodType = z.string().describe(description);
  const types = typeof mediaTypes === 'string' ? [mediaTypes] : mediaTypes;
  return { description, content: Object.fromEntries(types.map((type) => [type, { schema }])) };
}
