/**
 * Processos — what a request may send to build a pipeline (stages, the office's own fields, the public
 * form), to create, edit and move cards, and to submit the public form; shared by the processes module's
 * routes and the web's forms. `checkCardFields` is the one check of a card's field values against its
 * pipeline's fields, run by the server on every write and by the web's forms before sending.
 *
 * Terms: a **pipeline** (processo) is an office-defined record type with ordered **stages** (etapas); a
 * **card** is one item of it (e.g. one company being opened); a **movement** is a card changing stage; a
 * **form** is the pipeline's public page, whose submissions create cards in the first stage.
 */
import { z } from 'zod';
import { isCivilDate, TAX_ID_INPUT } from '../br/index.js';
import { civilDay, longText, optionalLongText, optionalText, phoneField, text } from './fields.js';
import { fieldMessages, type Localized, msg } from './messages.js';

/** The types of a pipeline's own fields. Money is integer cents; dates are `YYYY-MM-DD`. */
export const processFieldTypes = ['text', 'number', 'money', 'date', 'boolean', 'select'] as const;
export type ProcessFieldType = (typeof processFieldTypes)[number];

/** How the public form asks one of its contact questions. */
export const askLevels = ['off', 'optional', 'required'] as const;
export type AskLevel = (typeof askLevels)[number];
/** The contact questions a form may ask, in the order the page shows them. */
export const askKeys = ['name', 'email', 'phone', 'document', 'message'] as const;
export type AskKey = (typeof askKeys)[number];

/** A card's state in lists: open (in the kanban), closed (done, kept in the kanban's history) or archived. */
export const cardStates = ['open', 'closed', 'archived'] as const;
export const cardSortable = ['title', 'stage', 'value', 'dueDate', 'createdAt', 'updatedAt'] as const;

/** Field keys the card itself uses: a field of the office may not take them. */
export const reservedFieldKeys = ['title', 'value', 'dueDate', 'clientId', 'responsibleId', 'stage'] as const;

const FIELD_KEY = /^[a-z][a-zA-Z0-9_]{0,39}$/;
const COLOR = /^#[0-9a-fA-F]{6}$/;

/** A stage colour, `#rrggbb`. */
export const stageColor = z
  .string()
  .trim()
  .regex(COLOR, msg('invalid_format'))
  .meta({ description: 'A CSS colour, #rrggbb' });

export const stageInput = z.strictObject({
  name: text(60).min(1),
  color: stageColor.nullish().transform((v) => v ?? null),
});

const selectOption = z.strictObject({ value: text(60).min(1), label: text(100).min(1) });

const fieldCommon = {
  label: text(100).min(1),
  /** For `select`: the choices (at least one). */
  options: z
    .array(selectOption)
    .max(50)
    .nullish()
    .transform((v) => v ?? null),
  required: z.boolean().default(false),
};

export const fieldInput = z
  .strictObject({
    /** The key in the card's `fields` and in automation conditions (`item.<key>`). Cannot change later. */
    key: z
      .string()
      .trim()
      .regex(FIELD_KEY, msg('invalid_format'))
      .refine((k) => !(reservedFieldKeys as readonly string[]).includes(k), msg('invalid_value'))
      .meta({ description: 'camelCase or snake_case, starts with a letter, up to 40 characters' }),
    type: z.enum(processFieldTypes),
    ...fieldCommon,
  })
  .superRefine((f, ctx) => checkOptions(f.type, f.options, ctx));

/** The editable part of a field: its key and type never change (the cards' values depend on them). */
export const fieldPatch = z.strictObject(fieldCommon);

function checkOptions(
  type: ProcessFieldType,
  options: { value: string }[] | null,
  ctx: z.RefinementCtx,
): void {
  if (type === 'select' && !options?.length)
    ctx.addIssue({
      code: 'custom',
      path: ['options'],
      message: 'pick_at_least_one',
      params: { i18n: 'pick_at_least_one' },
    });
  if (options && new Set(options.map((o) => o.value)).size !== options.length)
    ctx.addIssue({
      code: 'custom',
      path: ['options'],
      message: 'invalid_value',
      params: { i18n: 'invalid_value' },
    });
}

export const pipelineInput = z.strictObject({
  name: text(100).min(2),
  description: optionalLongText(2000),
  /** The stages, in order; omitted: Novo, Em andamento, Concluído. */
  stages: z.array(stageInput).min(1).max(30).optional(),
});
export const pipelinePatch = z.strictObject({
  name: text(100).min(2),
  description: optionalLongText(2000),
  active: z.boolean(),
});

/** New order of a pipeline's stages (or fields): every id, once. */
export const orderBody = z.strictObject({ ids: z.array(z.uuid()).min(1).max(100) });

const cents = z.number().int().min(0).max(100_000_000_00);
const optionalId = () =>
  z
    .uuid()
    .nullish()
    .transform((v) => v ?? null);

/** The values of a card's own fields, keyed by field key; checked by {@link checkCardFields}. */
export const cardFieldValues = z.record(z.string().max(40), z.unknown());

export const cardInput = z.strictObject({
  pipelineId: z.uuid(),
  /** Omitted: the pipeline's first stage. */
  stageId: z.uuid().optional(),
  title: text(200).min(2),
  clientId: optionalId(),
  responsibleId: optionalId(),
  valueCents: cents.default(0),
  dueDate: civilDay.nullish().transform((v) => v ?? null),
  fields: cardFieldValues.default({}),
});

/** A change to a card: only what is sent changes; `fields` merges (a key set to null clears it). */
export const cardPatch = z.strictObject({
  title: text(200).min(2).optional(),
  clientId: optionalId().optional(),
  responsibleId: optionalId().optional(),
  valueCents: cents.optional(),
  dueDate: civilDay
    .nullish()
    .transform((v) => v ?? null)
    .optional(),
  fields: cardFieldValues.optional(),
});

export const moveBody = z.strictObject({
  stageId: z.uuid(),
  /** Where in the target column (0 = top); omitted: at the bottom. */
  position: z.number().int().min(0).max(100_000).optional(),
  comment: optionalText(500),
});

export const lifecycleBody = z.strictObject({ action: z.enum(['close', 'reopen', 'archive', 'unarchive']) });

/** The contact questions and how each is asked (a record, so no property is mistaken for the answer itself). */
export const askSchema = z.record(z.enum(askKeys), z.enum(askLevels));

export const formInput = z.strictObject({
  title: text(120).min(2),
  intro: optionalLongText(2000),
  /** How each contact question is asked: every one of `askKeys`, each off, optional or required. */
  ask: askSchema,
  /** Which of the pipeline's fields the form asks too (their own `required` applies). */
  fieldKeys: z.array(z.string().max(40)).max(30).default([]),
  thanks: longText(1000).min(2),
  active: z.boolean().default(true),
});

/**
 * What the public form sends. Every contact answer is optional here; the form's `ask` levels decide which
 * are required (checked by the server with the form's definition). `website` is a honeypot: hidden from
 * people, filled by bots — a submission with it is answered as a success and dropped.
 */
export const formSubmission = z.strictObject({
  name: optionalText(120),
  /** Optional: empty is none. */
  email: z
    .string()
    .meta({ format: 'email' })
    .trim()
    .toLowerCase()
    .max(254)
    .nullish()
    .transform((v, ctx) => {
      if (!v) return null;
      if (z.email().safeParse(v).success) return v;
      ctx.addIssue({ code: 'custom', message: 'invalid_email', params: { i18n: 'invalid_email' }, input: v });
      return z.NEVER;
    }),
  phone: phoneField,
  /** CNPJ or CPF, formatted or bare; check digits verified by the server (`invalid_tax_id`). */
  document: z
    .string()
    .meta({ pattern: `^(?:${TAX_ID_INPUT.source.slice(1, -1)})?$` })
    .trim()
    .max(20)
    .nullish()
    .transform((v) => (v ? v : null)),
  message: optionalLongText(5000),
  fields: cardFieldValues.default({}),
  website: z.string().max(500).optional(),
});
export type FormSubmission = z.infer<typeof formSubmission>;

/** A pipeline field as the check needs it. */
export interface FieldDef {
  key: string;
  label: string;
  type: ProcessFieldType;
  options: { value: string; label: string }[] | null;
  required: boolean;
}

/** One problem with a field value: the field path (`fields.<key>`), a code and the message. */
export interface CardFieldIssue {
  field: string;
  code: string;
  message: Localized;
}

const issue = (key: string, code: keyof typeof fieldMessages): CardFieldIssue => ({
  field: `fields.${key}`,
  code,
  message: fieldMessages[code],
});

/**
 * Checks field values against the pipeline's fields and returns the cleaned values (trimmed text, null
 * for cleared values dropped) and the issues. `partial`: only the keys present are checked (an edit);
 * otherwise every required field must have a value (a new card). `only`: check requiredness only among
 * these keys (the public form asks some of the fields).
 *
 * @example
 * checkCardFields(defs, { cnae: '6201-5/01', capital: 1_000_000 }, { partial: false })
 */
export function checkCardFields(
  defs: readonly FieldDef[],
  values: Record<string, unknown>,
  opts: { partial: boolean; only?: readonly string[] },
): { values: Record<string, unknown>; issues: CardFieldIssue[] } {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const issues: CardFieldIssue[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(values)) {
    const def = byKey.get(key);
    if (!def) {
      issues.push(issue(key, 'unknown_field'));
      continue;
    }
    if (raw === null || raw === undefined || raw === '') {
      if (def.required && (!opts.only || opts.only.includes(key))) issues.push(issue(key, 'required'));
      else out[key] = null;
      continue;
    }
    const checked = checkValue(def, raw);
    if ('code' in checked) issues.push(issue(key, checked.code));
    else out[key] = checked.value;
  }
  if (!opts.partial)
    for (const def of defs) {
      if (!def.required || def.key in values) continue;
      if (opts.only && !opts.only.includes(def.key)) continue;
      issues.push(issue(def.key, 'required'));
    }
  return { values: out, issues };
}

function checkValue(def: FieldDef, raw: unknown): { value: unknown } | { code: keyof typeof fieldMessages } {
  switch (def.type) {
    case 'text': {
      if (typeof raw !== 'string') return { code: 'not_text' };
      const r = longText(2000).safeParse(raw);
      return r.success ? { value: r.data } : { code: 'invalid_characters' };
    }
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) ? { value: raw } : { code: 'not_a_number' };
    case 'money':
      return typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw <= 100_000_000_00
        ? { value: raw }
        : { code: 'not_a_whole_number' };
    case 'date':
      return typeof raw === 'string' && isCivilDate(raw.trim())
        ? { value: raw.trim() }
        : { code: 'invalid_date' };
    case 'boolean':
      return typeof raw === 'boolean' ? { value: raw } : { code: 'not_yes_no' };
    case 'select':
      return typeof raw === 'string' && def.options?.some((o) => o.value === raw)
        ? { value: raw }
        : { code: 'choose_option' };
  }
}
