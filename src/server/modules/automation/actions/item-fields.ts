import type { Db } from '../../../db/database.js';
import type { FieldIssue } from '../../../http/errors.js';
import type { Localized } from '../../../http/i18n.js';
import { parseCivilDate } from '../../br/index.js';
import {
  type ActionContext,
  type AutomationCause,
  type ItemField,
  type PipelineView,
  pipelineKindOf,
} from '../registry.js';
import { scopedPipelineView } from '../runs/batch-scope.js';

/** The pipeline an item belongs to, as its kind lists it for the office (null: gone). */
export const pipelineOf = (db: Db, officeId: string, pipelineId: string): Promise<PipelineView | null> =>
  scopedPipelineView(db, officeId, pipelineId);

/** The cause of a change a rule run makes: the run, in its chain at its depth. */
export const causeOf = (run: ActionContext['run']): AutomationCause => ({
  chainId: run.chainId,
  depth: run.depth,
  ruleRunId: run.id,
});

/**
 * The changes an item action makes to the run's item, through the item's pipeline kind and as the run
 * (`causeOf`). A move goes one level deeper in the chain: the stage it enters runs its own rules.
 */
export function itemChanges(ctx: ActionContext) {
  const kind = pipelineKindOf(ctx.item.pipelineId)!;
  const cause = causeOf(ctx.run);
  const { app, db, officeId, item } = ctx;
  return {
    move: (stageId: string) =>
      kind.moveItem(app, db, officeId, item, stageId, { ...cause, depth: cause.depth + 1 }),
    setField: (key: string, value: unknown) => kind.setField(app, db, officeId, item, key, value, cause),
    setResponsible: (userId: string | null) => kind.setResponsible(app, db, officeId, item, userId, cause),
  };
}

/** Why `value` does not fit `field`'s type, or null when it does (null clears any field). */
export function valueProblem(field: ItemField, value: unknown): Localized | null {
  if (value === null) return null;
  const bad = (pt: string, en: string): Localized => ({ 'pt-BR': pt, en });
  switch (field.type) {
    case 'text':
      return typeof value === 'string' && value.length <= 2000
        ? null
        : bad('Informe um texto (até 2.000 caracteres).', 'Enter a text (up to 2,000 characters).');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? null
        : bad('Informe um número.', 'Enter a number.');
    case 'money':
      return typeof value === 'number' && Number.isSafeInteger(value)
        ? null
        : bad('Informe um valor em centavos (número inteiro).', 'Enter an amount in cents (a whole number).');
    case 'date':
      try {
        if (typeof value === 'string' && parseCivilDate(value)) return null;
      } catch {
        // not a civil date: said below
      }
      return bad('Informe uma data no formato aaaa-mm-dd.', 'Enter a date as yyyy-mm-dd.');
    case 'boolean':
      return typeof value === 'boolean' ? null : bad('Informe sim ou não.', 'Enter yes or no.');
    case 'select':
      return field.options?.some((o) => o.value === value)
        ? null
        : bad('Escolha uma das opções do campo.', "Choose one of the field's options.");
    case 'user':
    case 'client':
      return typeof value === 'string' && value.length > 0 && value.length <= 100
        ? null
        : bad('Informe um identificador.', 'Enter an id.');
  }
}

export const issue = (field: string, code: string, message: Localized): FieldIssue => ({
  field,
  code,
  message,
});
