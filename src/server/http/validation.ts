import type { FastifySchemaCompiler } from 'fastify';
import type { core, ZodType, z } from 'zod';
import { en as zodEn, ptBR as zodPtBR } from 'zod/locales';
import { type FieldIssue, HttpError } from './errors.js';
import type { Localized } from './i18n.js';

/**
 * Messages of the product's own validation rules. A schema refers to one with
 * `.refine(check, { params: { i18n: 'invalid_tax_id' } })`.
 */
export const fieldMessages = {
  invalid_tax_id: { 'pt-BR': 'CNPJ ou CPF inválido.', en: 'Invalid CNPJ or CPF.' },
  invalid_cnpj: { 'pt-BR': 'CNPJ inválido.', en: 'Invalid CNPJ.' },
  invalid_phone: {
    'pt-BR': 'Telefone inválido. Use DDD e número, por exemplo (11) 98765-4321.',
    en: 'Invalid phone number. Use area code and number, e.g. (11) 98765-4321.',
  },
  invalid_cep: {
    'pt-BR': 'CEP inválido. Use 8 dígitos, por exemplo 01310-100.',
    en: 'Invalid CEP (8 digits).',
  },
  invalid_email: { 'pt-BR': 'E-mail inválido.', en: 'Invalid e-mail address.' },
  invalid_uf: { 'pt-BR': 'UF inválida.', en: 'Invalid state (UF).' },
  invalid_date: { 'pt-BR': 'Data inválida.', en: 'Invalid date.' },
  invalid_time_zone: { 'pt-BR': 'Fuso horário desconhecido.', en: 'Unknown time zone.' },
  invalid_cron: {
    'pt-BR': 'Expressão cron inválida. Use cinco campos: minuto hora dia mês dia-da-semana.',
    en: 'Invalid cron expression. Use five fields: minute hour day month weekday.',
  },
  end_before_start: {
    'pt-BR': 'A data final é anterior à inicial.',
    en: 'The end date is before the start date.',
  },
  nonexistent_local_time: {
    'pt-BR': 'Este horário não existe neste dia por causa do horário de verão.',
    en: 'This local time does not exist on that day (daylight-saving change).',
  },
  invalid_characters: {
    'pt-BR':
      'O texto tem caracteres inválidos: caracteres de controle (como NUL ou ESC) ou Unicode malformado.',
    en: 'The text has invalid characters: control characters (such as NUL or ESC) or malformed Unicode.',
  },
  single_line: {
    'pt-BR': 'Este campo não aceita quebras de linha nem tabulações.',
    en: 'This field does not accept line breaks or tabs.',
  },
  required: { 'pt-BR': 'Campo obrigatório.', en: 'Required field.' },
  unknown_field: { 'pt-BR': 'Campo desconhecido.', en: 'Unknown field.' },
} satisfies Record<string, Localized>;

export type FieldMessageKey = keyof typeof fieldMessages;

/** A refinement parameter that names one of `fieldMessages`. */
export function msg(key: FieldMessageKey) {
  return { params: { i18n: key } };
}

const ptMap = zodPtBR().localeError;
const enMap = zodEn().localeError;

function localizeIssue(issue: core.$ZodIssue): Localized {
  const key = issue.code === 'custom' ? (issue.params?.i18n as FieldMessageKey | undefined) : undefined;
  if (key && key in fieldMessages) return fieldMessages[key];
  if (issue.code === 'invalid_type' && issue.input === undefined) return fieldMessages.required;
  const raw = issue as unknown as core.$ZodRawIssue;
  const text = (map: typeof ptMap) => {
    const out = map(raw);
    return typeof out === 'string' ? out : (out?.message ?? issue.message);
  };
  return { 'pt-BR': text(ptMap), en: text(enMap) };
}

/** Turns zod issues into field issues with messages in every language. */
export function toFieldIssues(issues: readonly core.$ZodIssue[], prefix: string[] = []): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) {
        out.push({
          field: [...path, k].join('.'),
          code: 'unknown_field',
          message: fieldMessages.unknown_field,
        });
      }
      continue;
    }
    const code = issue.code === 'custom' ? String(issue.params?.i18n ?? 'custom') : issue.code;
    out.push({ field: path.join('.'), code, message: localizeIssue(issue) });
  }
  return out;
}

/** A validation failure of a zod schema, as the product's error. */
export function validationError(error: z.ZodError, prefix: string[] = []): InstanceType<typeof HttpError> {
  return new HttpError('validation_failed', { fields: toFieldIssues(error.issues, prefix) });
}

/**
 * Fastify's validator for zod schemas. Unlike the type provider's default, the issues keep their input
 * so that messages can be localised per request in the error handler.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema }) =>
  (data) => {
    const r = schema.safeParse(data, { reportInput: true });
    if (r.success) return { value: r.data };
    return { error: validationError(r.error) };
  };
