import type { Db } from '../../../db/database.js';
import type { FieldIssue } from '../../../http/errors.js';
import { toFieldIssues } from '../../../http/validation.js';
import { actionKind, type PipelineView } from '../registry.js';
import { unknownOperators, varsOf } from '../runs/conditions.js';
import type { RuleDefinition } from '../runs/definitions.js';

/**
 * Everything wrong with a rule before it is saved, as field errors in both languages: an unknown action,
 * an input the action's schema (or its own `validate`) refuses, a condition with an operator the editor
 * does not build or a variable that is neither `item.<a field of the pipeline>` nor `vars.<…>`, a delay on
 * a field that is not a date of the pipeline. (A delay out of range is refused by the body's schema.)
 */
export async function ruleIssues(
  db: Db,
  officeId: string,
  pipeline: PipelineView,
  def: RuleDefinition,
): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const action = actionKind(def.action);
  if (!action) {
    issues.push({
      field: 'action',
      code: 'not_found',
      message: { 'pt-BR': `Ação desconhecida: ${def.action}.`, en: `Unknown action: ${def.action}.` },
    });
  } else {
    const parsed = action.input.safeParse(def.input, { reportInput: true });
    if (!parsed.success) issues.push(...toFieldIssues(parsed.error.issues, ['input']));
    else if (action.validate) issues.push(...(await action.validate(db, officeId, parsed.data, pipeline)));
  }
  if (def.condition) {
    for (const bad of unknownOperators(def.condition)) {
      const op = bad.split(':').pop();
      issues.push({
        field: 'condition',
        code: 'unknown_operator',
        message: {
          'pt-BR': `Operador não permitido na condição: ${op}.`,
          en: `Operator not allowed in the condition: ${op}.`,
        },
      });
    }
    const keys = new Set(pipeline.fields.map((f) => f.key));
    for (const name of varsOf(def.condition)) {
      const [root, key] = name.split('.');
      const known = (root === 'item' && key !== undefined && keys.has(key)) || (root === 'vars' && !!key);
      if (!known)
        issues.push({
          field: 'condition',
          code: 'unknown_field',
          message: {
            'pt-BR': `A condição usa um campo que não existe neste funil: ${name}.`,
            en: `The condition uses a field this pipeline does not have: ${name}.`,
          },
        });
    }
  }
  const delay = def.delay;
  if (delay.kind === 'field') {
    const field = pipeline.fields.find((f) => f.key === delay.field);
    if (field?.type !== 'date')
      issues.push({
        field: 'delay.field',
        code: 'not_a_date_field',
        message: {
          'pt-BR': `“${delay.field}” não é um campo de data deste funil.`,
          en: `“${delay.field}” is not a date field of this pipeline.`,
        },
      });
  }
  return issues;
}
