import type { FieldIssue } from '../../../http/errors.js';
import type { PipelineView } from '../registry.js';
import { triggerIssue } from './triggers.errors.js';

/**
 * Each `[key, path]` must name a field of the pipeline (a date field when `dateOnly`); the issue goes on
 * `path` (`config.fields.1`, `config.field`).
 */
export function checkFields(
  pipeline: PipelineView,
  keys: readonly (readonly [string, string])[],
  dateOnly = false,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [key, path] of keys) {
    const field = pipeline.fields.find((f) => f.key === key);
    if (!field) issues.push(triggerIssue(path, 'unknown_pipeline_field'));
    else if (dateOnly && field.type !== 'date') issues.push(triggerIssue(path, 'not_a_date_field'));
  }
  return issues;
}
