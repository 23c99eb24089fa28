import type {
  FastifyContextConfig,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
} from 'fastify';
import type { z } from 'zod';
import { type Access, principal } from './auth.js';

/**
 * One route, flat: what `schema` and `config` would hold in a Fastify route, side by side.
 * `response` keeps Fastify's shape (`{ 200: schema, 422: problemSchema }`), so `documentResponses` still
 * reads it; its lowest 2xx status is the status the route answers with unless the handler sets another.
 */
export interface RouteSpec {
  summary?: string;
  description?: string;
  /** Overrides the tags given to `routesFor`. */
  tags?: string[];
  params?: z.ZodType;
  querystring?: z.ZodType;
  body?: z.ZodType;
  response: Record<number, unknown>;
  consumes?: string[];
  produces?: string[];
  hide?: boolean;
  access?: Access;
  sessionOnly?: boolean;
  rateLimit?: FastifyContextConfig['rateLimit'];
  bodyLimit?: number;
}

/** Who calls a route that is not public: the office and, for a session, the user (the platform's Actor). */
export interface RouteActor {
  officeId: string;
  userId: string | null;
}

type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;
type Success = 200 | 201 | 202 | 204;
type Answer<R> = {
  [K in keyof R & Success]: R[K] extends z.ZodType
    ? z.output<R[K]> extends undefined
      ? // biome-ignore lint/suspicious/noConfusingVoidType: a 204's handler is an async function that returns nothing
        void
      : z.output<R[K]>
    : FastifyReply;
}[keyof R & Success];

/** The request a handler gets: params, query and body as the route's schemas parsed them. */
export type RouteRequest<S extends RouteSpec> = FastifyRequest<{
  Params: Parsed<S['params']>;
  Querystring: Parsed<S['querystring']>;
  Body: Parsed<S['body']>;
}>;

/**
 * A route's code: the parsed request, the caller (null on a public route) and the reply. It answers with
 * the success body (sent with the route's success status), nothing for a 204, or the reply it sent itself
 * (a stream, a file, another status).
 */
export type RouteHandler<S extends RouteSpec> = (
  req: RouteRequest<S>,
  actor: S['access'] extends 'public' ? null : RouteActor,
  reply: FastifyReply,
) => Promise<Answer<S['response']> | FastifyReply>;

type Register = <const S extends RouteSpec>(url: string, spec: S, handler: RouteHandler<S>) => void;

/**
 * A module's routes, each a schema and one call: the caller, the success status and the 204's empty body
 * are done here once, instead of `actorOf(principal(req))` and `reply.status(201).send(…)` in every route.
 *
 * @example
 * const route = routesFor(app, ['tasks']);
 * route.post('/api/tasks', { summary: 'Create a task', body: createTaskBody, response: { 201: taskSchema } },
 *   (req, actor) => createTask(ctx, actor, req.body));
 */
export function routesFor(app: FastifyInstance, tags: string[]) {
  const register =
    (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'): Register =>
    (url, spec, handler) => {
      const { access, sessionOnly, rateLimit, bodyLimit, response, ...schema } = spec;
      const success = Object.keys(response)
        .map(Number)
        .filter((s) => s >= 200 && s < 300);
      const status = success.length ? Math.min(...success) : 200;
      app.route({
        method,
        url,
        ...(bodyLimit === undefined ? {} : { bodyLimit }),
        config: defined({ access, sessionOnly, rateLimit }),
        schema: { tags, ...schema, response } as FastifySchema,
        handler: async (req, reply) => {
          const actor = access === 'public' ? null : actorOf(req);
          reply.code(status);
          return handler(req as RouteRequest<typeof spec>, actor as never, reply) as Promise<unknown>;
        },
      });
    };
  return {
    get: register('GET'),
    post: register('POST'),
    put: register('PUT'),
    patch: register('PATCH'),
    delete: register('DELETE'),
  };
}

function actorOf(req: FastifyRequest): RouteActor {
  const p = principal(req);
  return { officeId: p.officeId, userId: p.userId };
}

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
