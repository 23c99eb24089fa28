import jsonLogic from 'json-logic-js';
import { conditionOperators } from '../../../../shared/schemas/automation.js';

/** What a condition reads: the item's fields and the variables of the entry's earlier rules. */
export interface ConditionData {
  item: Record<string, unknown>;
  vars: Record<string, unknown>;
}

/**
 * Evaluates a JSON Logic condition (null: always true) and returns the values of the variables it read,
 * for the item's automation history ("Valor > 1000: 1.500,00").
 */
export function evaluateCondition(
  condition: Record<string, unknown> | null,
  data: ConditionData,
): { passed: boolean; values: Record<string, unknown> } {
  if (!condition) return { passed: true, values: {} };
  const values: Record<string, unknown> = {};
  for (const name of varsOf(condition)) values[name] = jsonLogic.apply({ var: name }, data) ?? null;
  return { passed: jsonLogic.truthy(jsonLogic.apply(condition as jsonLogic.RulesLogic, data)), values };
}

/** Every `var` name a condition reads (`item.valor`, `vars.invoice.amount`). */
export function varsOf(logic: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(logic)) for (const x of logic) varsOf(x, into);
  else if (logic && typeof logic === 'object') {
    for (const [op, arg] of Object.entries(logic)) {
      if (op === 'var') {
        const name = Array.isArray(arg) ? arg[0] : arg;
        if (typeof name === 'string') into.add(name);
      } else varsOf(arg, into);
    }
  }
  return into;
}

/** The operators a condition uses that the editor does not build (`conditionOperators`), with their path. */
export function unknownOperators(logic: unknown, path = 'condition', found: string[] = []): string[] {
  const allowed: ReadonlySet<string> = new Set(conditionOperators);
  if (Array.isArray(logic)) {
    for (const [i, x] of logic.entries()) unknownOperators(x, `${path}.${i}`, found);
  } else if (logic && typeof logic === 'object') {
    const entries = Object.entries(logic);
    if (entries.length !== 1) found.push(`${path}:${entries.map(([k]) => k).join(',') || '{}'}`);
    for (const [op, arg] of entries) {
      if (!allowed.has(op)) found.push(`${path}:${op}`);
      else if (op !== 'var') unknownOperators(arg, `${path}.${op}`, found);
    }
  }
  return found;
}
