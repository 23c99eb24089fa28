import { z } from 'zod';
import { defineAction, pipelineKindOf } from '../registry.js';
import { RulesError } from '../rules/rules.errors.js';
import { issue, pipelineOf, valueProblem } from './item-fields.js';

const input = z.strictObject({
  field: z.string().min(1).max(100),
  /** The new value, of the field's type (money in cents, dates yyyy-mm-dd); null clears it. */
  value: z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]),
});

const show = (v: unknown) => (v === null ? '—' : String(v));

/** "Alterar campo": sets a writable field of the item's pipeline; the value is checked against its type. */
export const itemSetFieldAction = defineAction({
  kind: 'item.set_field',
  category: 'staff',
  name: { 'pt-BR': 'Alterar campo', en: 'Change a field' },
  description: {
    'pt-BR': 'Altera um campo do item (o valor é conferido com o tipo do campo).',
    en: "Changes one of the item's fields (the value is checked against the field's type).",
  },
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
    const pipeline = await pipelineOf(ctx.db, ctx.officeId, ctx.item.pipelineId);
    const field = pipeline?.fields.find((f) => f.key === i.field && f.writable);
    if (!field) throw new RulesError('field_not_writable', { params: { field: i.field } });
    const problem = valueProblem(field, i.value);
    if (problem) throw new RulesError('invalid_value', { params: { field: i.field, reason: problem.en } });
    if (!ctx.testMode) {
      await pipelineKindOf(ctx.item.pipelineId)!.setField(
        ctx.app,
        ctx.db,
        ctx.officeId,
        ctx.item,
        i.field,
        i.value,
        { chainId: ctx.run.chainId, depth: ctx.run.depth, ruleRunId: ctx.run.id },
      );
    }
    return {
      summary: {
        'pt-BR': `${ctx.testMode ? 'Alteraria' : 'Alterado'} “${field.label['pt-BR']}”: ${show(ctx.item.fields[i.field])} → ${show(i.value)}.`,
        en: `${ctx.testMode ? 'Would set' : 'Set'} “${field.label.en}”: ${show(ctx.item.fields[i.field])} → ${show(i.value)}.`,
      },
      output: { changed: { field: i.field, from: ctx.item.fields[i.field] ?? null, to: i.value } },
    };
  },
});
