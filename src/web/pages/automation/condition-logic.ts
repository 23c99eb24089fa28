/**
 * The visual condition editor's model and its two-way conversion with JSON Logic, the form a rule's
 * condition is stored in (`ruleCondition`, src/shared/schemas/automation.ts).
 *
 * Terms: a **row** compares one field of the item with a value ("Valor > R$ 1.000,00"); a **group** joins
 * rows and groups with AND or OR. The operators a row offers depend on the field's type (text, number,
 * money, date, boolean, select, user, client). Only the JSON Logic operators of `conditionOperators` are
 * written, and only what the editor can show again is read back: anything else is refused with a reason,
 * so a condition is never half-shown and silently rewritten.
 *
 * ```ts
 * const tree = fromLogic({ and: [{ '>': [{ var: 'item.value' }, 100000] }] }, fields); // { ok: true, tree }
 * toLogic(tree.tree); // the same JSON Logic back
 * ```
 */
import { conditionOperators } from '../../../shared/schemas/automation.js';

/** The type of an item's field (the server's `ItemFieldType`), which decides the operators and the input. */
export type FieldType = 'text' | 'number' | 'money' | 'date' | 'boolean' | 'select' | 'user' | 'client';

/** A field a condition may read: `key` is the item's field (`{ "var": "item.<key>" }`). */
export interface ConditionField {
  key: string;
  label: string;
  type: FieldType;
  options?: { value: string; label: string }[];
}

export const rowOperators = [
  'eq',
  'neq',
  'lt',
  'lte',
  'gt',
  'gte',
  'contains',
  'not_contains',
  'in',
  'not_in',
  'empty',
  'not_empty',
  'is_true',
  'is_false',
] as const;
export type RowOperator = (typeof rowOperators)[number];

/** The operators a row offers for a field of each type, in the order the editor lists them. */
export const operatorsByType: Record<FieldType, readonly RowOperator[]> = {
  text: ['eq', 'neq', 'contains', 'not_contains', 'empty', 'not_empty'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'empty', 'not_empty'],
  money: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'empty', 'not_empty'],
  date: ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'empty', 'not_empty'],
  boolean: ['is_true', 'is_false'],
  select: ['eq', 'neq', 'in', 'not_in', 'empty', 'not_empty'],
  user: ['eq', 'neq', 'in', 'not_in', 'empty', 'not_empty'],
  client: ['eq', 'neq', 'empty', 'not_empty'],
};

/** Operators that compare with no value. */
export const valueless: ReadonlySet<RowOperator> = new Set(['empty', 'not_empty', 'is_true', 'is_false']);
/** Operators whose value is a list (`in`). */
export const listValued: ReadonlySet<RowOperator> = new Set(['in', 'not_in']);

/**
 * A row's value: a string for text, date (`yyyy-mm-dd`), select, user and client; a number for number
 * and money (cents); a list of strings for `in`; null for the valueless operators or while not chosen.
 */
export type RowValue = string | number | string[] | null;

export interface ConditionRow {
  kind: 'row';
  id: string;
  field: string;
  operator: RowOperator;
  value: RowValue;
}

export interface ConditionGroup {
  kind: 'group';
  id: string;
  op: 'and' | 'or';
  children: (ConditionRow | ConditionGroup)[];
}

/** Why a condition could not be shown in the editor (a message key of `t.automation.conditionErrors`). */
export type LoadError =
  | { code: 'operator'; operator: string }
  | { code: 'unknown_field'; field: string }
  | { code: 'variable'; field: string }
  | { code: 'shape' }
  | { code: 'type'; field: string; operator: string };

let counter = 0;
/** A key for React lists and drag handles (never stored). */
export const newId = (prefix = 'c') => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

export function emptyGroup(op: 'and' | 'or' = 'and'): ConditionGroup {
  return { kind: 'group', id: newId('g'), op, children: [] };
}

/** A new row on `field`, with its type's first operator and an empty value. */
export function newRow(field: ConditionField): ConditionRow {
  const operator = operatorsByType[field.type][0] as RowOperator;
  return { kind: 'row', id: newId('r'), field: field.key, operator, value: defaultValue(operator) };
}

function defaultValue(operator: RowOperator): RowValue {
  if (valueless.has(operator)) return null;
  if (listValued.has(operator)) return [];
  return null;
}

/** The row after choosing another operator: the value kept when it still fits, else emptied. */
export function withOperator(row: ConditionRow, operator: RowOperator): ConditionRow {
  const wasList = listValued.has(row.operator);
  const isList = listValued.has(operator);
  let value: RowValue = row.value;
  if (valueless.has(operator)) value = null;
  else if (wasList !== isList) {
    if (isList) value = typeof row.value === 'string' && row.value ? [row.value] : [];
    else value = Array.isArray(row.value) ? (row.value[0] ?? null) : null;
  }
  return { ...row, operator, value };
}

/** Whether a row is complete enough to be saved (a value where its operator needs one). */
export function rowComplete(row: ConditionRow): boolean {
  if (valueless.has(row.operator)) return true;
  if (listValued.has(row.operator)) return Array.isArray(row.value) && row.value.length > 0;
  return row.value !== null && row.value !== '';
}

// ------------------------------------------------------------------------------------------ writing

type Logic = Record<string, unknown>;

const varOf = (field: string) => ({ var: `item.${field}` });

/** True for the types whose "empty" is a missing value only (0 is a number, not "empty"). */
const emptyIsNull = (type: FieldType) => type === 'number' || type === 'money' || type === 'date';

/** The row operators that are one JSON Logic comparison of the field with the value, and that comparison. */
const comparisons = { eq: '==', neq: '!=', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;
const isComparison = (operator: RowOperator): operator is keyof typeof comparisons => operator in comparisons;

function rowToLogic(row: ConditionRow, type: FieldType): Logic {
  const v = varOf(row.field);
  if (isComparison(row.operator)) return { [comparisons[row.operator]]: [v, row.value] };
  switch (row.operator) {
    case 'contains':
      return { in: [row.value, v] };
    case 'not_contains':
      return { '!': { in: [row.value, v] } };
    case 'in':
      return { in: [v, row.value] };
    case 'not_in':
      return { '!': { in: [v, row.value] } };
    case 'empty':
      return emptyIsNull(type) ? { '==': [v, null] } : { '!': v };
    case 'not_empty':
      return emptyIsNull(type) ? { '!=': [v, null] } : { '!!': v };
    case 'is_true':
      return { '!!': v };
    case 'is_false':
      return { '!': v };
  }
}

function groupToLogic(group: ConditionGroup, types: Map<string, FieldType>): Logic | null {
  const parts: Logic[] = [];
  for (const child of group.children) {
    if (child.kind === 'group') {
      const inner = groupToLogic(child, types);
      if (inner) parts.push(inner);
    } else {
      parts.push(rowToLogic(child, types.get(child.field) ?? 'text'));
    }
  }
  return parts.length ? { [group.op]: parts } : null;
}

/**
 * The editor's tree as JSON Logic: `{ "and": [...] }` or `{ "or": [...] }`, groups without rows left out;
 * null when there is no row at all (the rule always runs).
 */
export function toLogic(tree: ConditionGroup, fields: readonly ConditionField[]): Logic | null {
  return groupToLogic(tree, new Map(fields.map((f) => [f.key, f.type])));
}

// ------------------------------------------------------------------------------------------ reading

class Refused extends Error {
  constructor(readonly reason: LoadError) {
    super(reason.code);
  }
}

const allowed = new Set<string>(conditionOperators);

const isObject = (x: unknown): x is Logic => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The single operator of a JSON Logic node, refused when it is not one the editor writes. */
function opOf(node: unknown): [string, unknown] {
  if (!isObject(node)) throw new Refused({ code: 'shape' });
  const keys = Object.keys(node);
  if (keys.length !== 1) throw new Refused({ code: 'shape' });
  const op = keys[0] as string;
  if (!allowed.has(op)) throw new Refused({ code: 'operator', operator: op });
  return [op, node[op]];
}

/** The field key of `{ "var": "item.<key>" }` (or `["item.<key>"]`), or undefined when it is not a var. */
function varField(node: unknown, fields: Map<string, ConditionField>): ConditionField | undefined {
  if (!isObject(node) || Object.keys(node).length !== 1 || !('var' in node)) return undefined;
  let path = node.var;
  if (Array.isArray(path) && path.length === 1) path = path[0];
  if (typeof path !== 'string') throw new Refused({ code: 'shape' });
  if (!path.startsWith('item.')) throw new Refused({ code: 'variable', field: path });
  const key = path.slice('item.'.length);
  const field = fields.get(key);
  if (!field) throw new Refused({ code: 'unknown_field', field: key });
  return field;
}

const isScalar = (x: unknown): x is string | number => typeof x === 'string' || typeof x === 'number';

function scalarFor(field: ConditionField, value: unknown, op: string): string | number {
  const numeric = field.type === 'number' || field.type === 'money';
  if (numeric ? typeof value === 'number' : typeof value === 'string') return value as string | number;
  throw new Refused({ code: 'type', field: field.label, operator: op });
}

const flipped: Record<string, string> = {
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
  '==': '==',
  '!=': '!=',
};
/** JSON Logic comparison → the row operator that writes it. */
const comparison: Record<string, RowOperator> = Object.fromEntries(
  Object.entries(comparisons).map(([operator, op]) => [op, operator as RowOperator]),
);

function row(field: ConditionField, operator: RowOperator, value: RowValue, op: string): ConditionRow {
  if (!operatorsByType[field.type].includes(operator))
    throw new Refused({ code: 'type', field: field.label, operator: op });
  return { kind: 'row', id: newId('r'), field: field.key, operator, value };
}

function readRow(op: string, args: unknown, fields: Map<string, ConditionField>): ConditionRow {
  if (op === '!' || op === '!!') {
    const inner = Array.isArray(args) && args.length === 1 ? args[0] : args;
    const field = varField(inner, fields);
    if (field) {
      const operator: RowOperator =
        field.type === 'boolean'
          ? op === '!!'
            ? 'is_true'
            : 'is_false'
          : op === '!!'
            ? 'not_empty'
            : 'empty';
      return row(field, operator, null, op);
    }
    if (op === '!') {
      const [innerOp, innerArgs] = opOf(inner);
      if (innerOp === 'in') {
        const positive = readRow('in', innerArgs, fields);
        return { ...positive, operator: positive.operator === 'in' ? 'not_in' : 'not_contains' };
      }
    }
    throw new Refused({ code: 'shape' });
  }
  if (!Array.isArray(args) || args.length !== 2) throw new Refused({ code: 'shape' });
  const [a, b] = args as [unknown, unknown];
  if (op === 'in') {
    const left = varField(a, fields);
    if (left) {
      if (!Array.isArray(b) || !b.every((x) => typeof x === 'string'))
        throw new Refused({ code: 'type', field: left.label, operator: op });
      return row(left, 'in', b as string[], op);
    }
    const right = varField(b, fields);
    if (right && typeof a === 'string') return row(right, 'contains', a, op);
    throw new Refused({ code: 'shape' });
  }
  const compared = comparison[op];
  if (!compared) throw new Refused({ code: 'shape' });
  let field = varField(a, fields);
  let value = b;
  let effective = op;
  if (!field) {
    field = varField(b, fields);
    value = a;
    effective = flipped[op] as string;
  }
  if (!field) throw new Refused({ code: 'shape' });
  if (value === null && (op === '==' || op === '!='))
    return row(field, op === '==' ? 'empty' : 'not_empty', null, op);
  if (field.type === 'boolean' && typeof value === 'boolean' && (op === '==' || op === '!=')) {
    const truthy = (op === '==') === value;
    return row(field, truthy ? 'is_true' : 'is_false', null, op);
  }
  if (!isScalar(value)) throw new Refused({ code: 'type', field: field.label, operator: op });
  return row(field, comparison[effective] as RowOperator, scalarFor(field, value, op), op);
}

function readNode(node: unknown, fields: Map<string, ConditionField>): ConditionRow | ConditionGroup {
  const [op, args] = opOf(node);
  if (op === 'and' || op === 'or') {
    if (!Array.isArray(args)) throw new Refused({ code: 'shape' });
    return { kind: 'group', id: newId('g'), op, children: args.map((a) => readNode(a, fields)) };
  }
  if (op === 'var') throw new Refused({ code: 'shape' });
  return readRow(op, args, fields);
}

/**
 * JSON Logic (as stored) → the editor's tree: a top group (AND unless the condition is an OR), its rows
 * and inner groups. Null means no condition: an empty AND group. What the editor cannot show — an
 * operator outside `conditionOperators` or one it never writes, a field the pipeline does not have, a
 * `vars.…` variable, a value of the wrong type — comes back as `{ ok: false, error }`.
 */
export function fromLogic(
  logic: unknown,
  fields: readonly ConditionField[],
): { ok: true; tree: ConditionGroup } | { ok: false; error: LoadError } {
  if (logic === null || logic === undefined) return { ok: true, tree: emptyGroup() };
  try {
    const byKey = new Map(fields.map((f) => [f.key, f]));
    const node = readNode(logic, byKey);
    const tree = node.kind === 'group' ? node : { ...emptyGroup(), children: [node] };
    return { ok: true, tree };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, error: error.reason };
    throw error;
  }
}

/** How many rows the tree holds (the editor's "N condições" and the empty state). */
export function countRows(group: ConditionGroup): number {
  return group.children.reduce((n, c) => n + (c.kind === 'row' ? 1 : countRows(c)), 0);
}

/** The first incomplete row's id, or null when every row has its value. */
export function firstIncomplete(group: ConditionGroup): string | null {
  for (const c of group.children) {
    if (c.kind === 'row') {
      if (!rowComplete(c)) return c.id;
    } else {
      const inner = firstIncomplete(c);
      if (inner) return inner;
    }
  }
  return null;
}
