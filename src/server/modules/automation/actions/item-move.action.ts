import { z } from 'zod';
import { RulesError } from '../rules/rules.errors.js';
import { actionKindOf } from './action-texts.js';
import { issue, itemChanges, pipelineOf } from './item-fields.js';

const input = z.strictObject({ stageId: z.string().min(1).max(100) });

/** "Mover para outro estágio": moves the item to another stage of its pipeline, in the run's chain. */
export const itemMoveAction = actionKindOf({
  kind: 'item.move',
  input,
  describe: (i, lang) => (lang === 'en' ? `Move to stage ${i.stageId}` : `Mover para o estágio ${i.stageId}`),
  async validate(_db, _officeId, i, pipeline) {
    return pipeline.stages.some((s) => s.id === i.stageId)
      ? []
      : [
          issue('input.stageId', 'not_found', {
            'pt-BR': 'Este estágio não existe neste funil.',
            en: 'This stage does not exist in this pipeline.',
          }),
        ];
  },
  async execute(ctx, i) {
    const pipeline = await pipelineOf(ctx.db, ctx.officeId, ctx.item.pipelineId);
    const stage = pipeline?.stages.find((s) => s.id === i.stageId);
    if (!pipeline || !stage) throw new RulesError('stage_not_found', { params: { stage: i.stageId } });
    if (ctx.item.stageId === i.stageId)
      return {
        summary: {
          'pt-BR': `Já estava em “${stage.name['pt-BR']}”.`,
          en: `Already in “${stage.name.en}”.`,
        },
      };
    if (!ctx.testMode) await itemChanges(ctx).move(i.stageId);
    return {
      summary: {
        'pt-BR': `${ctx.testMode ? 'Moveria' : 'Movido'} para “${stage.name['pt-BR']}”.`,
        en: `${ctx.testMode ? 'Would move' : 'Moved'} to “${stage.name.en}”.`,
      },
    };
  },
});
