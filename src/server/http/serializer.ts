import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * Keywords left out of the JSON Schema a response is serialized with. Formats and patterns of answers
 * (`out.dateTime`, `out.taxId`… in schemas.ts) document a shape and are not checked on the way out; in a
 * union (`anyOf`, a nullable field) fast-json-stringify picks the branch by validating the value, and a
 * format or pattern there would turn one odd stored value into a 500, or a `null` date into `""`.
 */
const NOT_FOR_SERIALIZING = new Set(['format', 'pattern', '$schema']);

function withoutKeywords(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutKeywords);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties` maps names to schemas: a property may be called `format` or `pattern`.
    if (key === 'properties' && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutKeywords(v)]));
    } else if (key === 'additionalProperties' && value === false) {
      // fast-json-stringify writes only declared properties unless told otherwise; `false` would only
      // make a union's branch refuse an object that has more (the branch is picked by validation).
    } else if (!NOT_FOR_SERIALIZING.has(key)) {
      out[key] = withoutKeywords(value);
    }
  }
  return out;
}

/**
 * The JSON Schema a response's zod schema serializes with (what the OpenAPI document shows for it, in
 * draft-07, without formats and patterns), or null when zod cannot express the schema as JSON Schema
 * (a transform, a date, a codec): those keep zod's own serializer.
 */
export function serializationSchema(schema: z.ZodType): object | null {
  try {
    return withoutKeywords(
      z.toJSONSchema(schema, { io: 'output', target: 'draft-07', unrepresentable: 'throw' }),
    ) as object;
  } catch {
    return null;
  }
}

/**
 * Fastify's response serializer for zod schemas, compiled once per route and status: the zod schema's
 * JSON Schema (the one the OpenAPI document publishes) through fast-json-stringify, which writes only the
 * properties the schema declares — a field the handler's object has beyond them never reaches the client,
 * as with zod's stripping parse — without parsing every answer with zod first (the type provider's
 * serializer ran a zod parse of each answer, then `JSON.stringify`: 2× the time of a list page's
 * serialization). A schema zod cannot express as JSON Schema, or one fast-json-stringify cannot compile,
 * keeps the type provider's serializer.
 *
 * What is not re-checked on the way out: a value of another type than the schema's is written as the
 * schema's type (fast-json-stringify coerces) instead of failing the request with a 500; the product's
 * answers are built by its own code from checked rows, and test/http/openapi-contract.test.ts validates
 * real answers against their schemas.
 */
export const compiledSerializerCompiler: FastifySerializerCompiler<z.ZodType> = (route) => {
  // Compiled at a route's first answer, not at start: the JSON Schema and fast-json-stringify's code for
  // every route and status of the API cost seconds of CPU when a process starts (most routes of a web
  // process are never called in its life).
  let serialize: ((data: unknown) => string) | null = null;
  return (data: unknown) => {
    serialize ??= compile(route);
    return serialize(data);
  };
};

function compile(route: Parameters<FastifySerializerCompiler<z.ZodType>>[0]): (data: unknown) => string {
  const schema = route.schema;
  const json = schema instanceof z.ZodType ? serializationSchema(schema) : null;
  if (json) {
    try {
      return fastJson(json as Parameters<typeof fastJson>[0]);
    } catch {
      // Compiled with zod below.
    }
  }
  // A 204's `z.undefined()` (no body) lands here too.
  return zodSerializerCompiler(route);
}
