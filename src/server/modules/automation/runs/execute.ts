import { sql } from 'kysely';
import type { AppContext } from '../../../context.js';
import type { Db } from '../../../db/database.js';
import type { Localized } from '../../../http/i18n.js';
import { type ActionOutcome, type AutomationItem, actionKind } from '../registry.js';
import { batchMemo } from './batch-scope.js';
import { evaluateCondition } from './conditions.js';
import type { RuleDefinition } from './definitions.js';
import { itemGone, reasonOf, skippedNoDate, unknownAction } from './run-texts.js';

/** One run as the executor needs it. */
export interface RunToExecute {
  id: string;
  ruleId: string;
  version: number;
  chainId: string;
  depth: number;
}

export interface RunResult {
  status: 'done' | 'skipped' | 'failed';
  conditionValues: Record<string, unknown> | null;
  outcome: ActionOutcome | null;
  error: Localized | null;
}

/**
 * Checks and runs one rule run inside `db` (a transaction), in a savepoint: a throwing action is rolled
 * back alone and the run is `failed` with the reason — the other runs, the item and the batch go on.
 * The condition is evaluated on the item's fields and the entry's variables; the values it read are
 * returned for the history. Not for `external` actions (see `runExternal`).
 */
export async function executeRun(
  ctx: AppContext,
  db: Db,
  officeId: string,
  run: RunToExecute,
  def: RuleDefinition,
  item: AutomationItem | null,
  vars: Record<string, unknown>,
  opts: {
    now: Date;
    testMode: boolean;
    savepoint: boolean;
    /**
     * PostgreSQL drain batches: leave a successful run's savepoint open instead of releasing it (one
     * round trip fewer per run). The next run's SAVEPOINT of the same name shadows it; a rollback goes
     * back to the latest one; the batch's COMMIT commits them all.
     */
    keepSavepoint?: boolean;
  },
): Promise<RunResult> {
  const pre = precheck(def, item, vars);
  if (pre) return pre;
  const action = actionKind(def.action)!;
  const conditionValues = evaluateCondition(def.condition, { item: item!.fields, vars }).values;
  if (opts.savepoint) await sql`savepoint automation_run`.execute(db);
  try {
    const input = parsedInput(action, def);
    const outcome = await action.execute(
      {
        app: ctx,
        db,
        officeId,
        item: item!,
        run,
        vars,
        testMode: opts.testMode,
        now: opts.now,
        memo: batchMemo(db),
      },
      input,
    );
    if (opts.savepoint && !opts.keepSavepoint) await sql`release savepoint automation_run`.execute(db);
    return { status: 'done', conditionValues, outcome, error: null };
  } catch (err) {
    if (opts.savepoint) {
      await sql`rollback to savepoint automation_run`.execute(db);
      await sql`release savepoint automation_run`.execute(db);
    }
    return { status: 'failed', conditionValues, outcome: null, error: reasonOf(err) };
  }
}

/**
 * A definition's input as its action's schema reads it, parsed once per definition object (published
 * versions are kept in memory and never change; a draft in test mode is a fresh object each time).
 */
const parsedInputs = new WeakMap<RuleDefinition, unknown>();
export function parsedInput(action: { input: { parse(v: unknown): unknown } }, def: RuleDefinition): unknown {
  if (parsedInputs.has(def)) return parsedInputs.get(def);
  const input = action.input.parse(def.input);
  parsedInputs.set(def, input);
  return input;
}

/**
 * What decides a run without executing its action: an unknown action or a missing item (`failed`), an
 * empty date field of a field-relative delay or a false condition (`skipped`). Null: go ahead.
 */
export function precheck(
  def: RuleDefinition,
  item: AutomationItem | null,
  vars: Record<string, unknown>,
): RunResult | null {
  if (!actionKind(def.action))
    return { status: 'failed', conditionValues: null, outcome: null, error: unknownAction(def.action) };
  if (!item) return { status: 'failed', conditionValues: null, outcome: null, error: itemGone };
  if (def.delay.kind === 'field' && !item.fields[def.delay.field])
    return { status: 'skipped', conditionValues: null, outcome: null, error: skippedNoDate(def.delay.field) };
  const condition = evaluateCondition(def.condition, { item: item.fields, vars });
  if (!condition.passed)
    return {
      status: 'skipped',
      conditionValues: condition.values,
      outcome: null,
      error: {
        'pt-BR': 'Não executada: a condição não foi atendida.',
        en: 'Not run: the condition was not met.',
      },
    };
  return null;
}
