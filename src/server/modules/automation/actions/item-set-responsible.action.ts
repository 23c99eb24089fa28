import { z } from 'zod';
import { findUser } from '../../platform/index.js';
import { RulesError } from '../rules/rules.errors.js';
import { actionKindOf } from './action-texts.js';
import { issue, itemChanges } from './item-fields.js';

const input = z.strictObject({
  /** A user of the office; null leaves the item without a responsible. */
  userId: z.uuid().nullable(),
});

/** "Alterar responsável": makes a user of the office the item's responsible, or clears it. */
export const itemSetResponsibleAction = actionKindOf({
  kind: 'item.set_responsible',
  input,
  describe: (i, lang) =>
    i.userId === null
      ? lang === 'en'
        ? 'Remove the responsible'
        : 'Remover o responsável'
      : lang === 'en'
        ? 'Change the responsible'
        : 'Alterar o responsável',
  async validate(db, officeId, i) {
    if (i.userId === null) return [];
    const user = await findUser(db, officeId, i.userId);
    return user?.active
      ? []
      : [
          issue('input.userId', 'not_found', {
            'pt-BR': 'Usuário não encontrado (ou inativo) neste escritório.',
            en: 'User not found (or inactive) in this office.',
          }),
        ];
  },
  async execute(ctx, i) {
    const user = i.userId === null ? null : await findUser(ctx.db, ctx.officeId, i.userId);
    if (i.userId !== null && !user?.active) throw new RulesError('user_not_found');
    if (!ctx.testMode) await itemChanges(ctx).setResponsible(i.userId);
    const name = user?.name ?? null;
    return {
      summary: name
        ? { 'pt-BR': `Responsável: ${name}.`, en: `Responsible: ${name}.` }
        : { 'pt-BR': 'Item sem responsável.', en: 'The item has no responsible.' },
      output: { responsible: user ? { id: user.id, name: user.name } : null },
    };
  },
});
