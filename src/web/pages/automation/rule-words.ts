/**
 * A rule's delay and condition in words, for its card: "Após 2 dias úteis, em horário comercial",
 * "Se Valor > R$ 1.000,00 e Responsável é Ana" (pt-BR), "After 2 business days, within business hours",
 * "If Value > R$ 1.000,00 and Responsible is Ana" (money is written R$ 1.234,56 in both).
 */
import { en } from '../../i18n/en.js';
import type { Lang } from '../../i18n/lang.js';
import { type Dictionary, ptBR } from '../../i18n/pt-BR.js';
import { formatIsoDate, formatMoney } from '../../lib/format.js';
import { joinList } from '../../lib/schedule-text.js';
import {
  type ConditionField,
  type ConditionGroup,
  type ConditionRow,
  type FieldType,
  fromLogic,
  type RowValue,
} from './condition-logic.js';
import type { RuleDelay } from './delay-form.js';

const dictionaries: Record<Lang, Dictionary> = { 'pt-BR': ptBR, en };

/** Names for the ids a condition holds (users, clients), when the screen knows them. */
export interface NameLookup {
  user?: (id: string) => string | undefined;
  client?: (id: string) => string | undefined;
}

/** The delay in words; `fieldLabel` names a date field (its key when unknown). */
export function describeDelay(
  delay: RuleDelay | null | undefined,
  lang: Lang = 'pt-BR',
  fieldLabel: (key: string) => string | undefined = () => undefined,
): string {
  const w = dictionaries[lang].automation.words;
  const hours = delay?.businessHours ?? false;
  if (!delay || delay.kind === 'none') return hours ? w.nowBusinessHours : w.now;
  let main: string;
  if (delay.kind === 'after') main = w.after(delay.amount, delay.unit);
  else {
    const label = fieldLabel(delay.field) ?? w.unknownField(delay.field);
    const n = Math.abs(delay.offsetDays);
    const business = delay.businessDays ?? false;
    main =
      n === 0
        ? w.onField(label)
        : delay.offsetDays < 0
          ? w.beforeField(n, business, label)
          : w.afterField(n, business, label);
    if (delay.time) main = `${main} ${w.at(delay.time)}`;
  }
  return hours ? `${main}, ${w.businessHours}` : main;
}

function valueWords(
  value: RowValue,
  field: ConditionField | undefined,
  lang: Lang,
  names: NameLookup,
): string {
  const w = dictionaries[lang].automation.words;
  const one = (v: string | number): string => {
    const type: FieldType = field?.type ?? 'text';
    if (type === 'money' && typeof v === 'number') return formatMoney(v);
    if (type === 'number' && typeof v === 'number')
      return v.toLocaleString(lang === 'en' ? 'en-US' : 'pt-BR');
    if (type === 'date' && typeof v === 'string') return formatIsoDate(v);
    if (type === 'select') return field?.options?.find((o) => o.value === v)?.label ?? String(v);
    if (type === 'user') return names.user?.(String(v)) ?? String(v);
    if (type === 'client') return names.client?.(String(v)) ?? String(v);
    return `“${v}”`;
  };
  if (Array.isArray(value)) return joinList(value.map(one), w.or);
  return value === null ? '' : one(value);
}

function rowWords(row: ConditionRow, fields: Map<string, ConditionField>, lang: Lang, names: NameLookup) {
  const ops = dictionaries[lang].automation.ops;
  const field = fields.get(row.field);
  const label = field?.label ?? row.field;
  const type = field?.type ?? 'text';
  const kind = type === 'number' || type === 'money' ? 'number' : type === 'date' ? 'date' : 'other';
  let op: string;
  switch (row.operator) {
    case 'eq':
    case 'neq':
      op = ops[row.operator][kind];
      break;
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      op = ops[row.operator][kind === 'date' ? 'date' : 'number'];
      break;
    default:
      op = ops[row.operator];
  }
  const value = valueWords(row.value, field, lang, names);
  return value ? `${label} ${op} ${value}` : `${label} ${op}`;
}

function groupWords(
  group: ConditionGroup,
  fields: Map<string, ConditionField>,
  lang: Lang,
  names: NameLookup,
  nested: boolean,
): string {
  const w = dictionaries[lang].automation.words;
  const parts = group.children
    .map((c) =>
      c.kind === 'row' ? rowWords(c, fields, lang, names) : groupWords(c, fields, lang, names, true),
    )
    .filter(Boolean);
  const text = parts.join(` ${group.op === 'and' ? w.and : w.or} `);
  return nested && parts.length > 1 ? `(${text})` : text;
}

/** The editor's tree in words: "Se …", or null when it has no row (the card then says nothing). */
export function describeTree(
  tree: ConditionGroup,
  fields: readonly ConditionField[],
  lang: Lang = 'pt-BR',
  names: NameLookup = {},
): string | null {
  const text = groupWords(tree, new Map(fields.map((f) => [f.key, f])), lang, names, false);
  return text ? dictionaries[lang].automation.words.if(text) : null;
}

/**
 * A stored condition (JSON Logic) in words; null for no condition. One the editor cannot read is told as
 * "a condition the visual editor does not show" (the form says why: {@link conditionErrorText}).
 */
export function describeCondition(
  logic: unknown,
  fields: readonly ConditionField[],
  lang: Lang = 'pt-BR',
  names: NameLookup = {},
): string | null {
  const read = fromLogic(logic, fields);
  if (!read.ok) return dictionaries[lang].automation.words.advanced;
  return describeTree(read.tree, fields, lang, names);
}

/** The message for a condition the editor cannot show. */
export function conditionErrorText(
  error: Extract<ReturnType<typeof fromLogic>, { ok: false }>['error'],
  lang: Lang,
) {
  const e = dictionaries[lang].automation.conditionErrors;
  switch (error.code) {
    case 'operator':
      return e.operator(error.operator);
    case 'unknown_field':
      return e.unknown_field(error.field);
    case 'variable':
      return e.variable(error.field);
    case 'type':
      return e.type(error.field, error.operator);
    case 'shape':
      return e.shape;
  }
}
