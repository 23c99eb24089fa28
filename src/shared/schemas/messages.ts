/**
 * The one error map of the product's validation: every zod issue, from the server's route schemas or from a
 * form in the browser checking the same schema, becomes a sentence a person can act on, in Portuguese and
 * English. It never shows a regular expression or zod's own wording ("Grande demais: esperava que o texto
 * tivesse <= 200 caracteres"): a length limit reads "Use no máximo 200 caracteres.", an empty required field
 * "Campo obrigatório.", a time "Informe um horário no formato 08:30.".
 *
 * A schema names one of {@link fieldMessages} with {@link msg}: `.refine(check, msg('invalid_tax_id'))`,
 * `.regex(TIME, msg('invalid_time'))`. Pure: imports zod's types only.
 */
import type { core } from 'zod';

/** The interface languages. pt-BR is the default; English is the choice. */
export type Lang = 'pt-BR' | 'en';
/** A text in every language. */
export type Localized = Record<Lang, string>;

/**
 * Messages of the product's own validation rules. A schema refers to one with `msg(key)`; the generic
 * ones (`required`, `choose_option`…) are what the error map answers for zod's own checks.
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
  only_digits: { 'pt-BR': 'Use apenas dígitos.', en: 'Use digits only.' },
  invalid_check_digit: {
    'pt-BR': 'Dígito verificador inválido: um algarismo (ou X / P, conforme o banco).',
    en: 'Invalid check digit: one digit (or X / P, as the bank uses).',
  },
  invalid_date_time: { 'pt-BR': 'Data e hora inválidas.', en: 'Invalid date and time.' },
  invalid_time: {
    'pt-BR': 'Informe um horário no formato 08:30.',
    en: 'Enter a time in the format 08:30.',
  },
  invalid_period: {
    'pt-BR': 'Informe a competência no formato 2026-11.',
    en: 'Enter the period in the format 2026-11.',
  },
  adjustment_percentage: {
    'pt-BR': 'Informe um percentual entre -100% e 1.000%, com até duas casas decimais (por exemplo 5,25).',
    en: 'Enter a percentage between -100% and 1,000%, with at most two decimals (e.g. 5.25).',
  },
  adjustment_multiple: {
    'pt-BR': 'Informe quantos salários mínimos: de 0,001 a 1.000 (por exemplo 1,5).',
    en: 'Enter how many minimum wages: from 0.001 to 1,000 (e.g. 1.5).',
  },
  anniversary_required: {
    'pt-BR': 'Informe a data de aniversário do contrato: o reajuste anual é aplicado nela.',
    en: "Enter the contract's anniversary: the yearly adjustment is applied on it.",
  },
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
  choose_option: { 'pt-BR': 'Escolha uma das opções.', en: 'Choose one of the options.' },
  choose_from_list: { 'pt-BR': 'Escolha um item da lista.', en: 'Choose an item from the list.' },
  invalid_format: {
    'pt-BR': 'Formato inválido. Confira o valor digitado.',
    en: 'Invalid format. Check what you typed.',
  },
  invalid_value: { 'pt-BR': 'Valor inválido.', en: 'Invalid value.' },
  not_a_number: { 'pt-BR': 'Informe um número.', en: 'Enter a number.' },
  not_a_whole_number: { 'pt-BR': 'Informe um número inteiro.', en: 'Enter a whole number.' },
  not_text: { 'pt-BR': 'Informe um texto.', en: 'Enter text.' },
  not_yes_no: { 'pt-BR': 'Escolha sim ou não.', en: 'Choose yes or no.' },
  not_a_list: { 'pt-BR': 'Informe uma lista.', en: 'Enter a list.' },
  pick_at_least_one: { 'pt-BR': 'Escolha pelo menos um item.', en: 'Choose at least one item.' },
  item_or_client: {
    'pt-BR': 'Informe o item (itemId) ou o CNPJ/CPF do cliente (clientDocument) — um dos dois.',
    en: "Give the item (itemId) or the client's CNPJ/CPF (clientDocument) — one of the two.",
  },
  invalid_url: {
    'pt-BR': 'Informe um endereço completo que comece com https:// (ou http://).',
    en: 'Enter a full address starting with https:// (or http://).',
  },
  invalid_port: {
    'pt-BR': 'Informe uma porta de 1 a 65535 (587 para STARTTLS, 465 para TLS).',
    en: 'Enter a port from 1 to 65535 (587 for STARTTLS, 465 for TLS).',
  },
  invalid_phone_number_id: {
    'pt-BR': 'Use o ID numérico do número no painel da Meta (de 5 a 20 dígitos).',
    en: "Use the number's numeric ID from Meta's dashboard (5 to 20 digits).",
  },
  invalid_language_code: {
    'pt-BR': 'Use o código de idioma dos modelos aprovados, como pt_BR ou en_US.',
    en: 'Use the language code of the approved templates, such as pt_BR or en_US.',
  },
  invalid_api_version: {
    'pt-BR': 'Use a versão no formato v21.0.',
    en: 'Use the version in the format v21.0.',
  },
  invalid_pix_key: {
    'pt-BR':
      'Chave PIX inválida para o tipo escolhido. Use CPF ou CNPJ com dígitos válidos, e-mail, celular com DDD (+55) ou chave aleatória.',
    en: 'Invalid PIX key for the chosen type. Use a CPF or CNPJ with valid check digits, an e-mail, a mobile number with area code (+55) or a random key.',
  },
  delay_too_long: {
    'pt-BR':
      'Espera longa demais: use no máximo um ano (525.600 minutos, 8.760 horas, 365 dias ou 250 dias úteis).',
    en: 'Delay too long: at most one year (525,600 minutes, 8,760 hours, 365 days or 250 business days).',
  },
} satisfies Record<string, Localized>;

export type FieldMessageKey = keyof typeof fieldMessages;

/**
 * The check parameter that names one of {@link fieldMessages}: works for `.refine`, `.superRefine`
 * issues, `.regex` and the other string formats alike.
 *
 * @example
 * z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, msg('invalid_time'))
 */
export function msg(key: FieldMessageKey) {
  return { error: key, params: { i18n: key } };
}

const isKey = (value: unknown): value is FieldMessageKey =>
  typeof value === 'string' && Object.hasOwn(fieldMessages, value);

/**
 * The sentences of a size limit, `{n}` the limit: a text's length, a list's count, or a number's value
 * (`below`/`above` when the limit itself is not allowed).
 */
const sizeLimits = {
  too_big: {
    text: { 'pt-BR': 'Use no máximo {n} caracteres.', en: 'Use at most {n} characters.' },
    list: { 'pt-BR': 'Escolha no máximo {n} itens.', en: 'Choose at most {n} items.' },
    exclusive: { 'pt-BR': 'Informe um valor menor que {n}.', en: 'Enter a value below {n}.' },
    number: { 'pt-BR': 'Informe no máximo {n}.', en: 'Enter at most {n}.' },
  },
  too_small: {
    text: { 'pt-BR': 'Use pelo menos {n} caracteres.', en: 'Use at least {n} characters.' },
    list: { 'pt-BR': 'Escolha pelo menos {n} itens.', en: 'Choose at least {n} items.' },
    exclusive: { 'pt-BR': 'Informe um valor maior que {n}.', en: 'Enter a value above {n}.' },
    number: { 'pt-BR': 'Informe no mínimo {n}.', en: 'Enter at least {n}.' },
  },
} satisfies Record<'too_big' | 'too_small', Record<string, Localized>>;

/** A sentence around a number, the number written as people write it in each language (10.000 / 10,000). */
function counted(n: number | bigint, text: Localized): Localized {
  return {
    'pt-BR': text['pt-BR'].replace('{n}', Number(n).toLocaleString('pt-BR')),
    en: text.en.replace('{n}', Number(n).toLocaleString('en-US')),
  };
}

/** What a size limit measures: a text's length, a list's count, a number's value; null for anything else. */
function sizeKind(origin: string, inclusive: boolean | undefined): keyof typeof sizeLimits.too_big | null {
  if (origin === 'string') return 'text';
  if (origin === 'array' || origin === 'set') return 'list';
  if (origin === 'number' || origin === 'int' || origin === 'bigint')
    return inclusive === false ? 'exclusive' : 'number';
  return null;
}

/** The stable code of an issue: the product's key when the schema named one, else zod's code. */
export function issueCode(issue: core.$ZodIssue): string {
  const key = issue.code === 'custom' ? issue.params?.i18n : undefined;
  if (isKey(key)) return key;
  return issue.code;
}

/** Whether the issue is about a value that is missing (absent, null, or an empty text). */
function isMissing(issue: core.$ZodIssue): boolean {
  const input = (issue as { input?: unknown }).input;
  // A yes/no sent as null is answered "Escolha sim ou não.", any other null as a missing value.
  if (issue.code === 'invalid_type')
    return input === undefined || (input === null && issue.expected !== 'boolean');
  if (issue.code === 'too_small' && issue.origin === 'string') {
    return input === '' || (typeof input === 'string' && input.trim() === '') || Number(issue.minimum) <= 1;
  }
  return false;
}

/**
 * The message of one issue in every language. Parse with `{ reportInput: true }` so that an empty text is
 * told apart from a short one ("Campo obrigatório." rather than "Use pelo menos 2 caracteres.").
 */
export function localizeIssue(issue: core.$ZodIssue): Localized {
  const named = issue.code === 'custom' ? issue.params?.i18n : undefined;
  if (isKey(named)) return fieldMessages[named];
  if (isKey(issue.message)) return fieldMessages[issue.message];
  if (isMissing(issue)) return fieldMessages.required;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'number' || issue.expected === 'bigint' || issue.expected === 'nan')
        return fieldMessages.not_a_number;
      if (issue.expected === 'int') return fieldMessages.not_a_whole_number;
      if (issue.expected === 'string') return fieldMessages.not_text;
      if (issue.expected === 'boolean') return fieldMessages.not_yes_no;
      if (issue.expected === 'array' || issue.expected === 'set') return fieldMessages.not_a_list;
      return fieldMessages.invalid_value;
    case 'too_big':
    case 'too_small': {
      const kind = sizeKind(issue.origin, issue.inclusive);
      const limit = issue.code === 'too_big' ? issue.maximum : issue.minimum;
      // "At least one item" reads better than "at least 1 items".
      if (issue.code === 'too_small' && kind === 'list' && Number(limit) <= 1)
        return fieldMessages.pick_at_least_one;
      return kind ? counted(limit, sizeLimits[issue.code][kind]) : fieldMessages.invalid_value;
    }
    case 'invalid_format':
      switch (issue.format) {
        case 'email':
          return fieldMessages.invalid_email;
        case 'uuid':
        case 'guid':
          return fieldMessages.choose_from_list;
        case 'date':
          return fieldMessages.invalid_date;
        case 'datetime':
          return fieldMessages.invalid_date_time;
        case 'time':
          return fieldMessages.invalid_time;
        default:
          // A pattern without a named message: say what to do, never show the expression.
          return fieldMessages.invalid_format;
      }
    case 'invalid_value':
      return fieldMessages.choose_option;
    case 'invalid_union':
      return (issue as { note?: string }).note === 'No matching discriminator'
        ? fieldMessages.choose_option
        : fieldMessages.invalid_value;
    case 'not_multiple_of':
      return counted(issue.divisor, {
        'pt-BR': 'Informe um múltiplo de {n}.',
        en: 'Enter a multiple of {n}.',
      });
    case 'unrecognized_keys':
      return fieldMessages.unknown_field;
    default:
      return fieldMessages.invalid_value;
  }
}

/** One field's error: where (`emails.1`), a stable code and the message in every language. */
export interface LocalizedFieldIssue {
  field: string;
  code: string;
  message: Localized;
}

/**
 * Zod issues as field issues, one per field and problem (an unknown key is an issue of its own field).
 * The server's problem documents and the web's forms both come from here.
 */
export function toFieldIssues(
  issues: readonly core.$ZodIssue[],
  prefix: string[] = [],
): LocalizedFieldIssue[] {
  const out: LocalizedFieldIssue[] = [];
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
    out.push({ field: path.join('.'), code: issueCode(issue), message: localizeIssue(issue) });
  }
  return out;
}
