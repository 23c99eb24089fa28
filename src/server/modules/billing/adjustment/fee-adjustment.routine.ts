import { z } from 'zod';
import { findOffice } from '../../platform/index.js';
import { defineRoutine, inAudience } from '../../routines/index.js';
import '../billing.templates.js';
import {
  adjustmentTablesIn,
  applyAdjustment,
  type ContractToAdjust,
  contractsToAdjust,
  previewContract,
} from './adjustment.service.js';

const plusDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * Reajuste anual dos honorários: for each contract with an adjustment rule whose anniversary is within
 * `daysBefore` days, the new value is computed (`previewContract`, recorded once per contract and
 * anniversary) and the letter (`billing.fee-adjustment`) sent to the client once — its idempotency key is
 * `fee-adjustment:<contract>:<year>` — and on the anniversary (or the first run after it) the new value is
 * applied once (`applyAdjustment`: only a row not yet applied moves, and the contract's next anniversary
 * becomes a year later, so a second run finds nothing to do). A contract missing an index month or the
 * year's salário mínimo is counted as incomplete and waits for the office to record it.
 */
export const billingFeeAdjustment = defineRoutine({
  kind: 'billing.fee-adjustment',
  config: z.object({
    daysBefore: z
      .number()
      .int()
      .min(0)
      .max(90)
      .default(30)
      .meta({
        label: { 'pt-BR': 'Enviar a carta quantos dias antes', en: 'Send the letter how many days before' },
        help: {
          'pt-BR': 'A carta vai uma vez, este número de dias antes da data de reajuste do contrato.',
          en: "The letter goes once, this many days before the contract's anniversary.",
        },
      }),
  }),
  templates: { client: 'billing.fee-adjustment' },
  channels: ['email'],
  async *select(ctx, config) {
    const rows = await contractsToAdjust(ctx.db, ctx.officeId, plusDays(ctx.date, config.daysBefore))
      .where(inAudience(ctx.settings.audience, 'f.client_id'))
      .execute();
    if (rows.length > 0) yield rows;
  },
  async perRecord(ctx, c: ContractToAdjust) {
    const now = ctx.app.clock.now();
    const office = await findOffice(ctx.db, ctx.officeId);
    const tables = await adjustmentTablesIn(ctx.db, ctx.officeId);
    const preview = await previewContract(ctx.db, ctx.officeId, office, tables, c, now.toISOString());
    if (!preview.id || !preview.vars) {
      ctx.count('incomplete');
      await ctx.log('warn', {
        'pt-BR': `${c.legal_name}: faltam ${preview.missing.join(', ')} para o reajuste`,
        en: `${c.legal_name}: ${preview.missing.join(', ')} missing for the adjustment`,
      });
      return;
    }
    if (preview.status === 'previewed') {
      if (ctx.settings.channels.length > 0) {
        await ctx.notifyClient(c.client_id, {
          vars: preview.vars,
          key: `fee-adjustment:${c.id}:${preview.effectiveOn.slice(0, 4)}`,
        });
      }
      await ctx.db
        .updateTable('fee_adjustments')
        .set({ status: 'letter_sent', letter_sent_at: now.toISOString(), updated_at: now.toISOString() })
        .where('id', '=', preview.id)
        .where('status', '=', 'previewed')
        .execute();
      ctx.count('letters');
    }
    if (preview.effectiveOn <= ctx.date) {
      const row = await ctx.db
        .selectFrom('fee_adjustments')
        .selectAll()
        .where('id', '=', preview.id)
        .executeTakeFirstOrThrow();
      const actor = { officeId: ctx.officeId, userId: ctx.requestedBy };
      if (await applyAdjustment(ctx.db, actor, row, now)) ctx.count('applied');
    }
  },
  describe: (c: ContractToAdjust) => `${c.legal_name} — ${c.readjustment_date}`,
});
