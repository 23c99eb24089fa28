/**
 * A rule's (or a trigger's) form, generated from the JSON Schema the catalog sends for its action's input
 * (`z.toJSONSchema` of the action's zod schema). Each property becomes one field:
 * - `string` → a text input; with `maxLength` over 300 (or `widget: "liquid"` / `"longText"`) a long text
 *   with the Liquid variables help; with `enum` a select;
 * - `number` / `integer` → a number input (its `minimum`/`maximum`);
 * - `boolean` → a switch;
 * - a list of strings → the pipeline's fields (`fields`), a multiple choice (`enum`), or free tags;
 * - an object → its own fields; a union of objects told apart by a constant (`oneOf` with `kind: const`)
 *   → a choice of the variant, then that variant's fields;
 * - anything else → a JSON text area, so nothing the schema allows is out of reach.
 * A property names a specific widget with `widget` (zod `.meta({ widget: 'template' })`): `template`
 * (the message template picker; `channel` narrows it), `user` (the office's users), `field` (the
 * pipeline's item fields), `liquid`/`longText`. Without it, the usual names pick the same widgets
 * (`templateKey`, `userId`, `field`/`fieldKey`, `fields`, `stageId`); a `value` beside a field picker is
 * typed as the chosen field.
 */

import { humanize } from '../../lib/format.js';

export type JsonSchema = {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  widget?: string;
  'x-widget'?: string;
  channel?: string;
  /** Labels for `enum` values, by value (`.meta({ enumLabels: {...} })`). */
  enumLabels?: Record<string, string>;
  [key: string]: unknown;
};

interface Base {
  key: string;
  label: string;
  description: string | null;
  required: boolean;
  nullable: boolean;
}

export type FieldSpec =
  | (Base & { kind: 'text' | 'longText'; maxLength: number | null; liquid: boolean })
  | (Base & { kind: 'number'; integer: boolean; min: number | null; max: number | null })
  | (Base & { kind: 'boolean' })
  | (Base & { kind: 'select' | 'multiSelect'; options: { value: string; label: string }[] })
  | (Base & { kind: 'fields' | 'tags' })
  | (Base & { kind: 'template'; channel: string | null })
  | (Base & { kind: 'user' | 'field' | 'stage' })
  | (Base & { kind: 'fieldValue'; fieldKey: string })
  | (Base & { kind: 'object'; fields: FieldSpec[] })
  | (Base & {
      kind: 'variant';
      discriminator: string;
      variants: { value: string; label: string; fields: FieldSpec[] }[];
    })
  | (Base & { kind: 'json' });

const LONG_TEXT = 300;

const typesOf = (s: JsonSchema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

/** The schema without its `null` alternative, and whether there was one. */
function withoutNull(s: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const types = typesOf(s);
  if (types.includes('null') && types.length === 2) {
    return { schema: { ...s, type: types.find((t) => t !== 'null') }, nullable: true };
  }
  const alts = s.anyOf ?? s.oneOf;
  if (alts) {
    const rest = alts.filter((a) => !(typesOf(a).length === 1 && a.type === 'null'));
    if (rest.length === 1 && rest.length < alts.length) {
      const { anyOf: _a, oneOf: _o, ...outer } = s;
      return { schema: { ...outer, ...rest[0] }, nullable: true };
    }
  }
  return { schema: s, nullable: false };
}

function widgetOf(key: string, s: JsonSchema): string | null {
  const named = s.widget ?? s['x-widget'];
  if (typeof named === 'string') return named;
  if (/^template(Key)?$/i.test(key)) return 'template';
  if (/^(userId|assigneeId|responsibleId)$/.test(key)) return 'user';
  if (/^(field|fieldKey)$/.test(key)) return 'field';
  if (/^fields$/.test(key)) return 'fields';
  if (/^(stageId|toStageId)$/.test(key)) return 'stage';
  return null;
}

/** The constant that tells a union's objects apart (`kind`), if every alternative has one. */
function discriminatorOf(alts: JsonSchema[]): string | null {
  const first = alts[0]?.properties;
  if (!first) return null;
  for (const [name, prop] of Object.entries(first)) {
    if (prop.const === undefined) continue;
    if (alts.every((a) => a.properties?.[name]?.const !== undefined)) return name;
  }
  return null;
}

/** Labels for the usual property names, in the screen's language, when the schema gives no title. */
export type KnownLabels = Readonly<Record<string, string>>;

function fieldOf(key: string, raw: JsonSchema, required: boolean, labels: KnownLabels): FieldSpec {
  const { schema: s, nullable } = withoutNull(raw);
  const base: Base = {
    key,
    label: s.title ?? raw.title ?? labels[key] ?? humanize(key),
    description: s.description ?? raw.description ?? null,
    required: required && !nullable && raw.default === undefined,
    nullable,
  };
  const widget = widgetOf(key, s);
  const types = typesOf(s);
  const alts = s.oneOf ?? s.anyOf;
  if (alts && alts.length > 1) {
    const discriminator = discriminatorOf(alts);
    if (discriminator && alts.every((a) => typesOf(a).includes('object'))) {
      return {
        ...base,
        kind: 'variant',
        discriminator,
        variants: alts.map((a) => {
          const value = String(a.properties?.[discriminator]?.const);
          const titled = a.properties?.[discriminator]?.title ?? a.title;
          return {
            value,
            label: titled ?? s.enumLabels?.[value] ?? humanize(value),
            fields: fieldsOf(a, labels).filter((f) => f.key !== discriminator),
          };
        }),
      };
    }
    return { ...base, kind: 'json' };
  }
  if (widget === 'template') return { ...base, kind: 'template', channel: s.channel ?? null };
  if (widget === 'user' || widget === 'field' || widget === 'stage') return { ...base, kind: widget };
  if (s.enum?.every((v) => typeof v === 'string')) {
    return {
      ...base,
      kind: 'select',
      options: (s.enum as string[]).map((v) => ({ value: v, label: s.enumLabels?.[v] ?? humanize(v) })),
    };
  }
  if (types.length === 1) {
    switch (types[0]) {
      case 'string': {
        const long = widget === 'liquid' || widget === 'longText' || (s.maxLength ?? 0) > LONG_TEXT;
        return {
          ...base,
          kind: long ? 'longText' : 'text',
          maxLength: s.maxLength ?? null,
          liquid: widget === 'liquid' || long,
        };
      }
      case 'number':
      case 'integer':
        return {
          ...base,
          kind: 'number',
          integer: types[0] === 'integer',
          min: s.minimum ?? null,
          max: s.maximum ?? null,
        };
      case 'boolean':
        return { ...base, kind: 'boolean' };
      case 'array': {
        const items = s.items ?? {};
        if (typesOf(items).join() !== 'string') break;
        if (widget === 'fields' || widget === 'field') return { ...base, kind: 'fields' };
        if (items.enum?.every((v) => typeof v === 'string'))
          return {
            ...base,
            kind: 'multiSelect',
            options: (items.enum as string[]).map((v) => ({
              value: v,
              label: items.enumLabels?.[v] ?? humanize(v),
            })),
          };
        return { ...base, kind: 'tags' };
      }
      case 'object':
        if (s.properties) return { ...base, kind: 'object', fields: fieldsOf(s, labels) };
    }
  }
  return { ...base, kind: 'json' };
}

/**
 * The fields of an object schema, in the schema's order. A `value` beside a field picker (`field`) takes
 * the input of the chosen field's type (`fieldValue`).
 */
export function fieldsOf(schema: JsonSchema | null | undefined, labels: KnownLabels = {}): FieldSpec[] {
  if (!schema?.properties) return [];
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties).map(([key, prop]) =>
    fieldOf(key, prop, required.has(key), labels),
  );
  const picker = fields.find((f) => f.kind === 'field');
  return fields.map((f) =>
    picker && f.key === 'value' && f.kind === 'json' ? { ...f, kind: 'fieldValue', fieldKey: picker.key } : f,
  );
}

export type FormValues = Record<string, unknown>;

/** A field's initial value in the form: the stored one, else the schema's default, else empty. */
function initialOf(field: FieldSpec, stored: unknown, schemaDefault: unknown): unknown {
  const v = stored !== undefined ? stored : schemaDefault;
  switch (field.kind) {
    case 'boolean':
      return typeof v === 'boolean' ? v : false;
    case 'number':
      return typeof v === 'number' ? v : '';
    case 'object':
      return initialValues(field.fields, (v ?? {}) as FormValues, {});
    case 'variant': {
      const obj = (v ?? {}) as FormValues;
      const chosen =
        field.variants.find((x) => x.value === obj[field.discriminator]) ??
        (field.required ? field.variants[0] : undefined);
      if (!chosen) return null;
      return { [field.discriminator]: chosen.value, ...initialValues(chosen.fields, obj, {}) };
    }
    case 'json':
      return v === undefined ? '' : JSON.stringify(v, null, 2);
    case 'fieldValue':
      return v === undefined ? null : v;
    case 'fields':
    case 'tags':
    case 'multiSelect':
      return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
    default:
      return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
  }
}

/**
 * The form's values from a stored input (editing a rule) or the schema's defaults (a new one). `defaults`
 * are the schema's own, by key (read with {@link defaultsOf}).
 */
export function initialValues(fields: FieldSpec[], stored: FormValues, defaults: FormValues): FormValues {
  const values: FormValues = {};
  for (const f of fields) values[f.key] = initialOf(f, stored[f.key], defaults[f.key]);
  return values;
}

/** The schema's defaults, by property. */
export function defaultsOf(schema: JsonSchema | null | undefined): FormValues {
  const out: FormValues = {};
  for (const [k, p] of Object.entries(schema?.properties ?? {}))
    if (p.default !== undefined) out[k] = p.default;
  return out;
}

/**
 * The action's `input` from the form's values: empty optional fields left out (or null where the schema
 * allows null), numbers as numbers, JSON parsed. A JSON area that does not parse is returned as
 * `{ error: path }`, so the form can say so before sending.
 */
export function toInput(
  fields: FieldSpec[],
  values: FormValues,
  prefix = '',
): { ok: true; input: FormValues } | { ok: false; path: string } {
  const input: FormValues = {};
  for (const f of fields) {
    const v = values[f.key];
    const path = `${prefix}${f.key}`;
    const empty = v === '' || v === undefined || v === null;
    switch (f.kind) {
      case 'boolean':
        input[f.key] = Boolean(v);
        break;
      case 'fields':
      case 'tags':
      case 'multiSelect':
        if (Array.isArray(v) && (v.length > 0 || f.required)) input[f.key] = v;
        break;
      case 'number':
        if (empty) {
          if (f.nullable) input[f.key] = null;
        } else input[f.key] = typeof v === 'number' ? v : Number(v);
        break;
      case 'object': {
        const inner = toInput(f.fields, (v ?? {}) as FormValues, `${path}.`);
        if (!inner.ok) return inner;
        input[f.key] = inner.input;
        break;
      }
      case 'variant': {
        if (empty) {
          if (f.nullable) input[f.key] = null;
          break;
        }
        const obj = v as FormValues;
        const chosen = f.variants.find((x) => x.value === obj[f.discriminator]);
        if (!chosen) break;
        const inner = toInput(chosen.fields, obj, `${path}.`);
        if (!inner.ok) return inner;
        input[f.key] = { [f.discriminator]: chosen.value, ...inner.input };
        break;
      }
      case 'fieldValue':
        input[f.key] = v === undefined || v === '' ? null : v;
        break;
      case 'json':
        if (empty || (typeof v === 'string' && !v.trim())) break;
        try {
          input[f.key] = JSON.parse(String(v));
        } catch {
          return { ok: false, path };
        }
        break;
      default:
        if (empty) {
          if (f.nullable) input[f.key] = null;
        } else input[f.key] = v;
    }
  }
  return { ok: true, input };
}
