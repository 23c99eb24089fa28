import fc from 'fast-check';

/**
 * The subset of OpenAPI 3.0 schema objects that our zod schemas render to (checked against the served
 * document by the contract test: an unknown keyword fails it rather than being ignored).
 */
export interface JsonSchema {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';
  nullable?: boolean;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
  description?: string;
}

/** Keywords the generator understands; anything else in a request schema is reported by `unknownKeywords`. */
const KNOWN = new Set([
  'type',
  'nullable',
  'enum',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'multipleOf',
  'items',
  'minItems',
  'maxItems',
  'properties',
  'required',
  'additionalProperties',
  'anyOf',
  'oneOf',
  'default',
  'description',
  'title',
]);

/** Keywords of `schema` (recursively) that `arbitraryOf` would ignore. */
export function unknownKeywords(schema: JsonSchema, path = '#'): string[] {
  const out: string[] = [];
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) out.push(`${path}/${key}`);
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    out.push(...unknownKeywords(child, `${path}/properties/${name}`));
  }
  if (schema.items) out.push(...unknownKeywords(schema.items, `${path}/items`));
  for (const key of ['anyOf', 'oneOf'] as const) {
    schema[key]?.forEach((s, i) => {
      out.push(...unknownKeywords(s, `${path}/${key}/${i}`));
    });
  }
  return out;
}

export interface ArbitraryOptions {
  /** Values to prefer for `format: uuid` (ids that exist), mixed with random ones. */
  uuids?: readonly string[];
  /**
   * Generators for patterns whose strings must also pass a check a pattern cannot state (a CNPJ's check
   * digits), keyed by the pattern's source; other patterns get `fc.stringMatching`.
   */
  patterns?: Readonly<Record<string, fc.Arbitrary<string>>>;
}

const LONGEST = 24;

function stringOf(schema: JsonSchema, options: ArbitraryOptions): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return options.uuids?.length ? fc.oneof(fc.constantFrom(...options.uuids), fc.uuid()) : fc.uuid();
    case 'email':
      return fc.emailAddress().filter((e) => e.length <= (schema.maxLength ?? 254));
    case 'date-time':
      return fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString());
    case 'date':
      return fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString().slice(0, 10));
    case 'uri':
      return fc.webUrl();
  }
  if (schema.pattern) {
    const known = options.patterns?.[schema.pattern];
    if (known) return known;
    const re = new RegExp(schema.pattern);
    return fc.stringMatching(re).filter((s) => s.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY));
  }
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? LONGEST, LONGEST));
  return fc.string({ minLength, maxLength });
}

function numberOf(schema: JsonSchema): fc.Arbitrary<number> {
  const min = Math.max(schema.minimum ?? -1_000_000, -1_000_000_000);
  const max = Math.min(schema.maximum ?? 1_000_000, 1_000_000_000);
  if (schema.type === 'integer' || schema.multipleOf === 1) return fc.integer({ min, max });
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** An arbitrary of values valid against `schema`. */
export function arbitraryOf(schema: JsonSchema, options: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const base = nonNullArbitrary(schema, options);
  return schema.nullable ? fc.oneof(base, fc.constant(null)) : base;
}

function nonNullArbitrary(schema: JsonSchema, options: ArbitraryOptions): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map((s) => arbitraryOf(s, options)));
  switch (schema.type) {
    case 'string':
      return stringOf(schema, options);
    case 'number':
    case 'integer':
      return numberOf(schema);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 3, 3));
      return fc.array(arbitraryOf(schema.items ?? {}, options), { minLength, maxLength });
    }
    case 'object': {
      const props = schema.properties ?? {};
      const model = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, arbitraryOf(s, options)]));
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

/** A value of another JSON type than `schema` accepts. */
function wrongTypeOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  const wrong: fc.Arbitrary<unknown>[] = [];
  if (schema.type !== 'string' && !schema.anyOf && !schema.oneOf) wrong.push(fc.constant('not-a-value'));
  if (schema.type !== 'number' && schema.type !== 'integer') wrong.push(fc.constant(12345));
  if (schema.type !== 'boolean') wrong.push(fc.constant(true));
  if (schema.type !== 'object') wrong.push(fc.constant({ unexpected: 1 }));
  if (schema.type !== 'array') wrong.push(fc.constant([1, 'two']));
  if (!schema.nullable) wrong.push(fc.constant(null));
  return fc.oneof(...wrong);
}

/**
 * An arbitrary of values `schema` should refuse: a valid value with one field of the wrong type, a
 * required field missing, an unknown field (objects are strict), an oversized string, or a value of the
 * wrong type altogether.
 */
export function invalidArbitraryOf(
  schema: JsonSchema,
  options: ArbitraryOptions = {},
): fc.Arbitrary<unknown> {
  const mutations: fc.Arbitrary<unknown>[] = [wrongTypeOf(schema)];
  if (schema.type === 'object' && schema.properties) {
    const valid = arbitraryOf(schema, options) as fc.Arbitrary<Record<string, unknown>>;
    const keys = Object.keys(schema.properties);
    const required = schema.required ?? [];
    if (keys.length) {
      mutations.push(
        fc
          .tuple(valid, fc.constantFrom(...keys))
          .chain(([v, k]) => wrongTypeOf(schema.properties![k]!).map((bad) => ({ ...v, [k]: bad }))),
      );
    }
    if (required.length) {
      mutations.push(
        fc.tuple(valid, fc.constantFrom(...required)).map(([v, k]) => {
          const { [k]: _dropped, ...rest } = v;
          return rest;
        }),
      );
    }
    if (schema.additionalProperties === false) {
      mutations.push(valid.map((v) => ({ ...v, unexpectedField: 'x' })));
    }
    const longs = keys.filter((k) => schema.properties![k]!.maxLength !== undefined);
    if (longs.length) {
      mutations.push(
        fc.tuple(valid, fc.constantFrom(...longs)).map(([v, k]) => ({
          ...v,
          [k]: 'x'.repeat(schema.properties![k]!.maxLength! + 1),
        })),
      );
    }
  } else if (schema.type === 'string' && schema.maxLength !== undefined) {
    mutations.push(fc.constant('x'.repeat(schema.maxLength + 1)));
  }
  return fc.oneof(...mutations);
}

/**
 * The same schema in plain JSON Schema for ajv: OpenAPI 3.0's `nullable` becomes a `null` type or branch
 * (ajv's own `nullable` support needs a `type` beside it, which unions do not have).
 */
export function toAjvSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toAjvSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'nullable') continue;
    // `properties` maps names to schemas; every other object-valued keyword is a schema or a list of them.
    out[k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(v as object).map(([n, s]) => [n, toAjvSchema(s)]))
        : k === 'enum' || k === 'required' || k === 'default'
          ? v
          : toAjvSchema(v);
  }
  if ((schema as JsonSchema).nullable) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    } else {
      return { anyOf: [out, { type: 'null' }] };
    }
  }
  return out;
}
