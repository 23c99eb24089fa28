/**
 * The OpenAPI document tells the truth: for every operation it lists, requests generated from its own
 * schemas (valid ones, invalid ones, and one without credentials) must answer a status the operation
 * documents, with a body that validates against the schema documented for that status and media type,
 * and never a 5xx that is not documented (500 never).
 *
 * One dialect (SQLite) is enough: this checks the HTTP contract, which does not depend on the database;
 * the dialects are covered by the module tests.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import formats, { type FormatsPlugin } from 'ajv-formats';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type Session } from '../support/test-app.js';
import { brPatterns } from './br-arbitraries.js';
import { cnpj, createClientVia } from './helpers.js';
import {
  arbitraryOf,
  invalidArbitraryOf,
  type JsonSchema,
  toAjvSchema,
  unknownKeywords,
} from './json-schema-arbitrary.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}
interface MediaObject {
  schema?: JsonSchema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, MediaObject> };
  responses: Record<string, { description: string; content?: Record<string, MediaObject> }>;
}
interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** The value at a field error's dotted path (`settings.audience.tags`) in a request body. */
function valueAt(body: unknown, field: string): unknown {
  let v = body;
  for (const key of field.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

interface Op {
  method: string;
  path: string;
  operation: Operation;
}

interface GeneratedRequest {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  /** Which generator made it, for the failure report. */
  kind: 'valid' | 'invalid';
}

/** Runs per operation and kind; the seed is fixed so that a failure reproduces, and printed with it. */
const RUNS = 5;
const SEED = Number(process.env.CONTRACT_SEED ?? 1414);

/**
 * Operations left out, with the reason. Logging out ends the session every other request uses; it runs
 * alone at the end instead.
 */
const LAST = new Set(['POST /api/auth/logout']);

/**
 * Fields a valid request may omit although the service then asks for them, because what makes them
 * required is another field's value, which OpenAPI 3.0 cannot state without splitting the body: their
 * descriptions say when.
 */
const CONDITIONALLY_REQUIRED = new Set([
  'POST /api/tickets dueDate', // when kind is debt_collection
  'POST /api/tickets debtCents',
  'PATCH /api/tickets/{id} dueDate',
  'PATCH /api/tickets/{id} debtCents',
  'PUT /api/channels/whatsapp accessToken', // on the first save, while none is stored
  'PUT /api/channels/whatsapp appSecret',
  'PUT /api/channels/sms token',
  // A job's payload is checked by its kind's own schema (GET /api/job-kinds names the kinds).
  'POST /api/runs payload.*',
  'POST /api/schedules payload.*',
  'PUT /api/schedules/{id} payload.*',
]);

/**
 * What each property name promises a client: a property of that name anywhere in the document (request
 * or answer) must state its shape.
 */
const SHAPES: { name: RegExp; wants: string; ok: (s: JsonSchema) => boolean }[] = [
  { name: /^(document|clientDocument|cnpj|cpf)$/, wants: 'a pattern', ok: (s) => !!s.pattern },
  { name: /^(phone|whatsapp|cep)$/, wants: 'a pattern', ok: (s) => !!s.pattern },
  { name: /^(email|emails|fromAddress|replyTo)$/, wants: 'format email', ok: (s) => s.format === 'email' },
  { name: /^(at|[a-z][a-zA-Z]*At)$/, wants: 'format date-time', ok: (s) => s.format === 'date-time' },
  {
    name: /^(date|birthday|validUntil|[a-z][a-zA-Z]*(Date|On))$/,
    wants: 'format date',
    ok: (s) => s.format === 'date',
  },
  { name: /^(notBefore|notAfter)$/, wants: 'a format or pattern', ok: (s) => !!(s.format || s.pattern) },
  { name: /^(period|startPeriod)$/, wants: 'a pattern', ok: (s) => !!s.pattern },
  {
    name: /Cents$/,
    wants: 'an integer with a minimum of 0 or more',
    ok: (s) => s.type === 'integer' && s.minimum !== undefined && s.minimum >= 0,
  },
];

describe('the OpenAPI document tells the truth (SQLite)', () => {
  let t: TestApp;
  let admin: Session;
  let spec: OpenApi;
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  // ajv-formats is CommonJS with a `default` member; under Node's ESM interop the plugin is that member.
  const addFormats = (formats as unknown as { default: FormatsPlugin }).default;
  addFormats(ajv);
  const validators = new Map<object, ValidateFunction>();
  const validatorOf = (schema: object) => {
    let v = validators.get(schema);
    if (!v) {
      // The document's components go beside the schema, so that its `#/components/schemas/…` resolve.
      v = ajv.compile({ ...(toAjvSchema(schema) as object), components: toAjvSchema(spec.components ?? {}) });
      validators.set(schema, v);
    }
    return v;
  };
  /** Ids seen in answers, so that generated path parameters reach existing rows, not only 404s. */
  const ids = new Set<string>();
  let adminId: string;

  const operations = (): Op[] =>
    Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
    );

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    admin = await loginAs(t.app, 'admin@a.com.br');
    adminId = t.a.admin.id;
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    spec = res.json<OpenApi>();
    // Some rows for the generated requests to find.
    const client = await createClientVia(admin, { legalName: 'Cliente Contrato', document: cnpj(1414) });
    ids.add(client.id);
    for (const { method, path, operation } of operations()) {
      if (method !== 'GET' || path.includes('{') || operation.parameters?.some((p) => p.required)) continue;
      collectIds((await admin.request({ method: 'GET', url: path })).body);
    }
    ids.delete(adminId); // a generated PATCH must not demote or deactivate the session's own user
  });
  afterAll(async () => {
    await t?.close();
  });

  function collectIds(body: string) {
    for (const m of body.matchAll(
      /"(?:id|[a-zA-Z]+Id)":"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"/g,
    )) {
      ids.add(m[1]!);
    }
  }

  const objectOf = (params: Parameter[]): JsonSchema => ({
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
    required: params.filter((p) => p.required).map((p) => p.name),
    additionalProperties: false,
  });

  function requestArbitrary(op: Op): fc.Arbitrary<GeneratedRequest> {
    const options = { uuids: [...ids], patterns: brPatterns };
    const params = op.operation.parameters ?? [];
    const pathSchema = objectOf(params.filter((p) => p.in === 'path'));
    const querySchema = objectOf(params.filter((p) => p.in === 'query'));
    const bodySchema = jsonBodySchema(op.operation);
    const valid = fc.record({
      params: arbitraryOf(pathSchema, options) as fc.Arbitrary<Record<string, unknown>>,
      query: arbitraryOf(querySchema, options) as fc.Arbitrary<Record<string, unknown>>,
      body: bodySchema ? arbitraryOf(bodySchema, options) : fc.constant(undefined),
      kind: fc.constant('valid' as const),
    });
    // Path parameters stay valid (an invalid one is a different route or a 400 like any other field).
    const invalid = fc.record({
      params: arbitraryOf(pathSchema, options) as fc.Arbitrary<Record<string, unknown>>,
      query: fc.oneof(
        arbitraryOf(querySchema, options),
        invalidArbitraryOf(querySchema, options).filter(
          (q) => typeof q === 'object' && q !== null && !Array.isArray(q),
        ),
      ) as fc.Arbitrary<Record<string, unknown>>,
      body: bodySchema ? invalidArbitraryOf(bodySchema, options) : fc.constant(undefined),
      kind: fc.constant('invalid' as const),
    });
    return fc.oneof(valid, invalid);
  }

  function jsonBodySchema(operation: Operation): JsonSchema | undefined {
    return operation.requestBody?.content['application/json']?.schema;
  }

  function send(op: Op, req: GeneratedRequest, session: Session | null) {
    const url =
      op.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(String(req.params[name]))) +
      queryString(req.query);
    const content = op.operation.requestBody?.content ?? {};
    const opts = { method: op.method as 'GET', url };
    let payload: string | undefined;
    let contentType: string | undefined;
    if (content['application/json'] && req.body !== undefined) {
      payload = JSON.stringify(req.body);
      contentType = 'application/json';
    } else if (content['text/csv']) {
      payload = 'razao_social;cnpj_cpf\nCliente Gerado;00000000000191\n';
      contentType = 'text/csv';
    }
    const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
    return session
      ? session.request({ ...opts, payload, headers })
      : t.app.inject({ ...opts, payload, headers });
  }

  function queryString(query: Record<string, unknown>): string {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue;
      search.append(k, typeof v === 'string' ? v : JSON.stringify(v));
    }
    const s = search.toString();
    return s ? `?${s}` : '';
  }

  /**
   * What is wrong with an answer, measured against the operation's documented responses; null if nothing.
   * A request valid by the document must not be refused for a missing field: the document would then
   * hide a field the service needs (on the first save, say).
   */
  function violation(op: Op, res: LightMyRequestResponse, req?: GeneratedRequest): string | null {
    const documented = op.operation.responses[String(res.statusCode)];
    if (res.statusCode === 500) return `500: ${res.body.slice(0, 300)}`;
    if (req?.kind === 'valid' && res.statusCode === 400 && /json/.test(String(res.headers['content-type']))) {
      // `required` from a service; a zod type error on a field the request left out.
      const errors = (res.json<{ errors?: { field: string; code: string }[] }>().errors ?? []).filter(
        (e) =>
          (e.code === 'required' ||
            (e.code === 'invalid_type' && valueAt(req.body, e.field) === undefined)) &&
          !CONDITIONALLY_REQUIRED.has(`${op.method} ${op.path} ${e.field}`) &&
          !CONDITIONALLY_REQUIRED.has(`${op.method} ${op.path} ${e.field.split('.')[0]}.*`),
      );
      if (errors.length) {
        return `a valid request was refused for ${errors.map((e) => `${e.field} (${e.code})`).join(', ')}: the document does not say it is required`;
      }
    }
    if (!documented) {
      return `undocumented status ${res.statusCode} (documented: ${Object.keys(op.operation.responses).join(', ')}): ${res.body.slice(0, 300)}`;
    }
    const content = documented.content;
    if (!content)
      return res.body.length ? `status ${res.statusCode} is documented without a body but sent one` : null;
    const mediaType = String(res.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim();
    const media = content[mediaType];
    if (!media) {
      return `status ${res.statusCode} answered ${mediaType || 'no content type'}, documented: ${Object.keys(content).join(', ')}`;
    }
    if (!media.schema || !/json/.test(mediaType)) return null;
    const validate = validatorOf(media.schema);
    if (validate(res.json())) return null;
    return `status ${res.statusCode} body does not match its schema: ${ajv.errorsText(validate.errors)}; body: ${res.body.slice(0, 300)}`;
  }

  it('documents for every operation an answer for success and problem documents for its errors', () => {
    const problems: string[] = [];
    for (const { method, path, operation } of operations()) {
      const statuses = Object.keys(operation.responses);
      if (!statuses.some((s) => s.startsWith('2'))) problems.push(`${method} ${path}: no 2xx answer`);
      for (const s of statuses.filter((s) => Number(s) >= 400)) {
        // A problem document; only the public HTML pages (unsubscribe) answer some errors as a page.
        const content = operation.responses[s]!.content ?? {};
        if (!content['application/problem+json'] && !content['text/html']) {
          problems.push(`${method} ${path}: ${s} is not a problem document`);
        }
      }
      for (const p of operation.parameters ?? []) {
        problems.push(...unknownKeywords(p.schema).map((k) => `${method} ${path}: parameter ${p.name} ${k}`));
      }
      const body = jsonBodySchema(operation);
      if (body) problems.push(...unknownKeywords(body).map((k) => `${method} ${path}: body ${k}`));
    }
    expect(problems).toEqual([]);
  });

  /** Every schema of the document (parameters, JSON bodies, JSON answers), with where it is. */
  function* schemasOf(): Generator<[string, JsonSchema]> {
    for (const { method, path, operation } of operations()) {
      for (const p of operation.parameters ?? []) {
        yield [`${method} ${path} ${p.in}`, { type: 'object', properties: { [p.name]: p.schema } }];
      }
      const body = jsonBodySchema(operation);
      if (body) yield [`${method} ${path} body`, body];
      for (const [status, response] of Object.entries(operation.responses)) {
        const schema = response.content?.['application/json']?.schema;
        if (schema && status.startsWith('2')) yield [`${method} ${path} ${status}`, schema];
      }
    }
    for (const [name, schema] of Object.entries(spec.components?.schemas ?? {})) {
      yield [`component ${name}`, schema];
    }
  }

  /** Each property (name and schema, through arrays and unions) of `schema`, recursively. */
  function* propertiesOf(schema: JsonSchema, name?: string): Generator<[string, JsonSchema]> {
    if (name !== undefined && !schema.anyOf && !schema.oneOf && schema.type !== 'array') yield [name, schema];
    for (const [k, child] of Object.entries(schema.properties ?? {})) yield* propertiesOf(child, k);
    if (schema.items) yield* propertiesOf(schema.items, name);
    for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
      yield* propertiesOf(branch, branch.type === 'object' ? undefined : name);
    }
  }

  it('states the shape of identifiers, e-mails, phones, dates, instants and amounts wherever they appear', () => {
    const problems = new Set<string>();
    let checked = 0;
    for (const [where, schema] of schemasOf()) {
      for (const [name, property] of propertiesOf(schema)) {
        // An object of that name (a ticket answer's `email` outcome) is not the value itself.
        if (property.type === 'object' || property.type === 'null') continue;
        const shape = SHAPES.find((s) => s.name.test(name));
        if (!shape) continue;
        checked++;
        if (!shape.ok(property)) problems.add(`${where}: ${name} has no ${shape.wants}`);
      }
    }
    expect([...problems]).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });

  it('lists the values of every closed set a client names: kinds, template keys, statuses', () => {
    const problems: string[] = [];
    for (const { method, path, operation } of operations()) {
      for (const p of operation.parameters ?? []) {
        if (['kind', 'key', 'channel', 'status', 'state'].includes(p.name)) {
          const items = p.schema.anyOf ?? [p.schema];
          if (!items.every((s) => s.enum || s.pattern || s.items?.enum)) {
            problems.push(`${method} ${path}: ${p.in} ${p.name} lists no values`);
          }
        }
      }
      // A webhook's body is the provider's, in the provider's words.
      const body = path.startsWith('/api/webhooks/') ? undefined : jsonBodySchema(operation);
      for (const [name, property] of body ? propertiesOf(body) : []) {
        if (['kind', 'channel', 'status', 'keyKind', 'dueRule'].includes(name) && !property.enum) {
          problems.push(`${method} ${path}: body ${name} lists no values`);
        }
      }
    }
    expect(problems).toEqual([]);
    const routine = spec.paths['/api/routines/{kind}']!.get!.parameters!.find((p) => p.name === 'kind')!;
    expect(routine.schema.enum).toEqual(
      expect.arrayContaining(['clients.erp-import', 'billing.monthly-fees']),
    );
  });

  it('answers generated requests of every operation only as documented', { timeout: 300_000 }, async () => {
    const failures: string[] = [];
    const ordered = [
      ...operations().filter((op) => !LAST.has(`${op.method} ${op.path}`)),
      ...operations().filter((op) => LAST.has(`${op.method} ${op.path}`)),
    ];
    for (const op of ordered) {
      const name = `${op.method} ${op.path}`;
      // Without credentials: the guard's answer must be documented too.
      const [sample] = fc.sample(requestArbitrary(op), { seed: SEED, numRuns: 1 });
      const anonymous = await send(op, sample!, null);
      const anonymousWrong = violation(op, anonymous);
      if (anonymousWrong) failures.push(`${name} (no credentials): ${anonymousWrong}`);
      const result = await fc.check(
        fc.asyncProperty(requestArbitrary(op), async (req) => {
          const res = await send(op, req, admin);
          if (res.statusCode < 300) collectIds(res.body);
          const wrong = violation(op, res, req);
          if (wrong) throw new Error(wrong);
        }),
        { numRuns: 2 * RUNS, seed: SEED, endOnFailure: true },
      );
      if (result.failed) {
        const error =
          result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
        failures.push(
          `${name} (seed ${SEED}): ${error}\n    request: ${JSON.stringify(result.counterexample?.[0])}`,
        );
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
