/**
 * The form of a routine kind's own settings, described for the web app from the kind's zod `config`
 * schema (through `z.toJSONSchema`), so a new kind gets its form without any web code.
 *
 * A kind words its fields with `.meta()` (put last, after `.default()`):
 *
 * ```ts
 * config: z.object({
 *   days: z.array(z.number().int().min(1).max(365)).min(1).default([30, 15, 7])
 *     .meta({ label: { 'pt-BR': 'Avisar com quantos dias', en: 'Warn how many days before' } }),
 *   toClass: z.string().meta({ label: {…}, source: 'classes' }),
 *   token: z.string().nullable().default(null).meta({ label: {…}, secret: true }),
 * })
 * ```
 *
 * Meta keys: `label`, `help` (Localized); `optionLabels` (enum value → Localized); `source` (a select whose
 * options the app loads: `classes`, `tags`, `professions`, `users`); `money` (cents shown as R$);
 * `secret` (write-only, stored encrypted, never sent back); `multiline`; `widget: 'file'` (an uploaded
 * file, `{ ref, name, size }`); `visibleWhen` / `moneyWhen` (`{ field, in }`: shown / shown as money only
 * when a sibling field has one of the values).
 */
import { z } from 'zod';
import type { FieldIssue } from '../../http/errors.js';
import type { Localized } from '../../http/i18n.js';
import { fieldMessages, toFieldIssues } from '../../http/validation.js';

export const configFieldTypes = [
  'number',
  'numberList',
  'boolean',
  'string',
  'stringList',
  'enum',
  'select',
  'file',
  'list',
  'json',
] as const;
export type ConfigFieldType = (typeof configFieldTypes)[number];

export const selectSources = ['classes', 'tags', 'professions', 'users'] as const;
export type SelectSource = (typeof selectSources)[number];

export interface FieldCondition {
  field: string;
  in: unknown[];
}

/** One field of a kind's settings form. */
export interface ConfigField {
  name: string;
  type: ConfigFieldType;
  label: Localized;
  help: Localized | null;
  /** Must be given (no default, not nullable). */
  required: boolean;
  nullable: boolean;
  default?: unknown;
  integer?: boolean;
  min?: number;
  max?: number;
  minItems?: number;
  maxItems?: number;
  maxLength?: number;
  options?: { value: string; label: Localized }[];
  source?: SelectSource;
  money?: boolean;
  secret?: boolean;
  multiline?: boolean;
  visibleWhen?: FieldCondition;
  moneyWhen?: FieldCondition;
  /** `list`: the fields of each item. */
  fields?: ConfigField[];
}

type JsonSchema = Record<string, unknown> & {
  type?: string | string[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
};

const isLocalized = (v: unknown): v is Localized =>
  !!v && typeof v === 'object' && typeof (v as Localized)['pt-BR'] === 'string';

const same = (text: string): Localized => ({ 'pt-BR': text, en: text });

/** `{ type: X } | { type: 'null' }` → X, nullable. */
function unwrapNullable(node: JsonSchema): { node: JsonSchema; nullable: boolean } {
  const variants = node.anyOf;
  if (variants) {
    const rest = variants.filter((v) => v.type !== 'null');
    if (rest.length === 1 && rest.length < variants.length) {
      const { anyOf: _drop, ...outer } = node;
      return { node: { ...rest[0], ...outer }, nullable: true };
    }
  }
  if (Array.isArray(node.type) && node.type.includes('null')) {
    const types = node.type.filter((t) => t !== 'null');
    return { node: { ...node, type: types.length === 1 ? types[0] : types }, nullable: true };
  }
  return { node, nullable: false };
}

function condition(v: unknown): FieldCondition | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const c = v as { field?: unknown; in?: unknown };
  return typeof c.field === 'string' && Array.isArray(c.in) ? { field: c.field, in: c.in } : undefined;
}

function describeNode(name: string, raw: JsonSchema, required: boolean): ConfigField {
  const { node, nullable } = unwrapNullable(raw);
  const field: ConfigField = {
    name,
    type: 'json',
    label: isLocalized(node.label) ? node.label : same(typeof node.title === 'string' ? node.title : name),
    help: isLocalized(node.help) ? node.help : null,
    required: required && !nullable && !('default' in node),
    nullable,
  };
  if ('default' in node) field.default = node.default;
  if (node.money === true) field.money = true;
  if (node.secret === true) field.secret = true;
  if (node.multiline === true) field.multiline = true;
  const visibleWhen = condition(node.visibleWhen);
  if (visibleWhen) field.visibleWhen = visibleWhen;
  const moneyWhen = condition(node.moneyWhen);
  if (moneyWhen) field.moneyWhen = moneyWhen;
  const num = (key: string) => (typeof node[key] === 'number' ? (node[key] as number) : undefined);
  const bounds = (n: JsonSchema, into: ConfigField) => {
    const min = typeof n.minimum === 'number' ? n.minimum : undefined;
    const max = typeof n.maximum === 'number' ? n.maximum : undefined;
    if (min !== undefined) into.min = min;
    if (max !== undefined) into.max = max;
    if (n.type === 'integer') into.integer = true;
  };
  const optionLabels = (node.optionLabels ?? {}) as Record<string, unknown>;

  if (node.widget === 'file') {
    field.type = 'file';
    return field;
  }
  switch (node.type) {
    case 'integer':
    case 'number':
      field.type = 'number';
      bounds(node, field);
      return field;
    case 'boolean':
      field.type = 'boolean';
      return field;
    case 'string': {
      if (Array.isArray(node.enum)) {
        field.type = 'enum';
        field.options = node.enum.map((v) => ({
          value: String(v),
          label: isLocalized(optionLabels[String(v)])
            ? (optionLabels[String(v)] as Localized)
            : same(String(v)),
        }));
        return field;
      }
      if (typeof node.source === 'string' && (selectSources as readonly string[]).includes(node.source)) {
        field.type = 'select';
        field.source = node.source as SelectSource;
        return field;
      }
      field.type = 'string';
      const maxLength = num('maxLength');
      if (maxLength !== undefined) field.maxLength = maxLength;
      return field;
    }
    case 'array': {
      const minItems = num('minItems');
      const maxItems = num('maxItems');
      if (minItems !== undefined) field.minItems = minItems;
      if (maxItems !== undefined) field.maxItems = maxItems;
      const items = unwrapNullable(node.items ?? {}).node;
      if (items.type === 'integer' || items.type === 'number') {
        field.type = 'numberList';
        bounds(items, field);
      } else if (items.type === 'string') {
        field.type = 'stringList';
      } else if (items.type === 'object' && items.properties) {
        field.type = 'list';
        field.fields = describeObject(items);
      }
      return field;
    }
    default:
      return field;
  }
}

function describeObject(node: JsonSchema): ConfigField[] {
  const required = new Set(node.required ?? []);
  return Object.entries(node.properties ?? {}).map(([name, child]) =>
    describeNode(name, child, required.has(name)),
  );
}

const cache = new WeakMap<z.ZodType, ConfigField[]>();

/** The fields of a kind's `config` schema, in declaration order; [] when it is not an object. */
export function describeConfig(schema: z.ZodType): ConfigField[] {
  const hit = cache.get(schema);
  if (hit) return hit;
  let fields: ConfigField[] = [];
  try {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    if (json.type === 'object') fields = describeObject(json);
  } catch {
    fields = [];
  }
  cache.set(schema, fields);
  return fields;
}

/**
 * Keys of a config that its kind does not have, as `unknown_field` issues (`config.foo`,
 * `config.rules.0.foo` inside a list's items): a kind's `config` is a plain `z.object` so that a stored
 * config keeps working when a kind drops a field, which also means zod would drop unknown keys silently.
 * A `json` field holds anything and is not looked into.
 */
export function unknownConfigKeys(schema: z.ZodType, config: unknown, prefix = 'config'): FieldIssue[] {
  const out: FieldIssue[] = [];
  const walk = (fields: ConfigField[], values: unknown, path: string) => {
    if (!values || typeof values !== 'object' || Array.isArray(values)) return;
    const byName = new Map(fields.map((f) => [f.name, f]));
    for (const [key, value] of Object.entries(values)) {
      const field = byName.get(key);
      if (!field) {
        out.push({ field: `${path}.${key}`, code: 'unknown_field', message: fieldMessages.unknown_field });
      } else if (field.type === 'list' && field.fields && Array.isArray(value)) {
        for (const [i, item] of value.entries()) walk(field.fields, item, `${path}.${key}.${i}`);
      }
    }
  };
  walk(describeConfig(schema), config, prefix);
  return out;
}

/** The names of the top-level secret fields (write-only, stored encrypted). */
export const secretFields = (schema: z.ZodType): string[] =>
  describeConfig(schema)
    .filter((f) => f.secret)
    .map((f) => f.name);

/**
 * Options for `.refine()` / `ctx.addIssue()` whose message reaches the user in both languages (zod's own
 * locale would say only "invalid input"): `.refine(ok, say('Informe a URL.', 'Enter the URL.'))`.
 */
export function say(pt: string, en: string) {
  return { message: en, params: { message: { 'pt-BR': pt, en } } };
}

/** Zod issues of a kind's config as field issues under `config.`, honouring `say()` messages. */
export function configIssues(issues: readonly z.core.$ZodIssue[], prefix = ['config']): FieldIssue[] {
  return issues.flatMap((i) => {
    const message = i.code === 'custom' ? (i.params?.message as unknown) : undefined;
    if (isLocalized(message)) {
      return [{ field: [...prefix, ...i.path.map(String)].join('.'), code: 'invalid', message }];
    }
    return toFieldIssues([i], prefix);
  });
}
