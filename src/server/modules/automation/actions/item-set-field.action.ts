import { z } from 'zod';
import type { Db } from '../../../db/database.js';
import {
  type ActionOutcome,
  type AutomationItem,
  type BatchRun,
  type ItemField,
  pipelineKindOf,
} from '../registry.js';
import { RulesError } from '../rules/rules.errors.js';
import { actionKindOf } from './action-texts.js';
import { causeOf, issue, itemChanges, pipelineOf, valueProblem } from './item-fields.js';

const input = z.strictObject({
  field: z.string().min(1).max(100),
  /** The new value, of the field's type (money in cents, dates yyyy-mm-dd); null clears it. */
  value: z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]),
});

type Input = z.infer<typeof input>;

const show = (v: unknown) => (v === null ? '—' : String(v));

/** "Alterar campo": sets a writable field of the item's pipeline; the value is checked against its type. */
export const itemSetFieldAction = actionKindOf({
  kind: 'item.set_field',
  input,
  describe: (i, lang) =>
    lang === 'en' ? `Set ${i.field} to ${show(i.value)}` : `Alterar ${i.field} para ${show(i.value)}`,
  async validate(_db, _officeId, i, pipeline) {
    const field = pipeline.fields.find((f) => f.key === i.field);
    if (!field)
      return [
        issue('input.field', 'not_found', {
          'pt-BR': 'Este campo não existe neste funil.',
          en: 'This field does not exist in this pipeline.',
        }),
      ];
    if (!field.writable)
      return [
        issue('input.field', 'read_only', {
          'pt-BR': 'Este campo não pode ser alterado por uma regra.',
          en: 'This field cannot be changed by a rule.',
        }),
      ];
    const problem = valueProblem(field, i.value);
    return problem ? [issue('input.value', 'invalid', problem)] : [];
  },
  async execute(ctx, i) {
    const field = await writableField(ctx.db, ctx.officeId, ctx.item.pipelineId, i);
    if (!ctx.testMode) await itemChanges(ctx).setField(i.field, i.value);
    return outcomeOf(field, i, ctx.item, ctx.testMode);
  },
  /**
   * A drain batch's runs of one rule: the field checked once, then the pipeline kind's `setFieldMany`
   * (one UPDATE per chunk of items and their events in multi-row inserts) — or its `setField` per item
   * when the kind has no batch form.
   */
  async executeBatch(ctx, i, runs) {
    const outcomes: ActionOutcome[] = [];
    const byPipeline = new Map<string, BatchRun[]>();
    for (const r of runs) {
      const list = byPipeline.get(r.item.pipelineId) ?? [];
      byPipeline.set(r.item.pipelineId, list);
      list.push(r);
    }
    const fields = new Map<string, ItemField>();
    for (const [pipelineId, list] of byPipeline) {
      const field = await writableField(ctx.db, ctx.officeId, pipelineId, i);
      fields.set(pipelineId, field);
      const kind = pipelineKindOf(pipelineId)!;
      const changes = list.map((r) => ({ item: r.item, cause: causeOf(r.run) }));
      if (kind.setFieldMany)
        await kind.setFieldMany(ctx.app, ctx.db, ctx.officeId, changes, i.field, i.value);
      else
        for (const c of changes)
          await kind.setField(ctx.app, ctx.db, ctx.officeId, c.item, i.field, i.value, c.cause);
    }
    for (const r of runs) outcomes.push(outcomeOf(fields.get(r.item.pipelineId)!, i, r.item, false));
    return outcomes;
  },
});

/** The writable field the input names in the item's pipeline, checked with the value; else throws. */
async function writableField(db: Db, officeId: string, pipelineId: string, i: Input): Promise<ItemField> {
  const pipeline = await pipelineOf(db, officeId, pipelineId);
  const field = pipeline?.fields.find((f) => f.key === i.field && f.writable);
  if (!field) throw new RulesError('field_not_writable', { params: { field: i.field } });
  const problem = valueProblem(field, i.value);
  if (problem) throw new RulesError('invalid_value', { params: { field: i.field, reason: problem.en } });
  return field;
}

function outcomeOf(field: ItemField, i: Input, item: AutomationItem, testMode: boolean): ActionOutcome {
  const from = item.fields[i.field];
  return {
    summary: {
      'pt-BR': `${testMode ? 'Alteraria' : 'Alterado'} “${field.label['pt-BR']}”: ${show(from)} → ${show(i.value)}.`,
      en: `${testMode ? 'Would set' : 'Set'} “${field.label.en}”: ${show(from)} → ${show(i.value)}.`,
    },
    output: { changed: { field: i.field, from: from ?? null, to: i.value } },
  };
}
