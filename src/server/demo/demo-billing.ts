import type { AppContext } from '../context.js';
import {
  addMonths,
  createInvoice,
  payInvoice,
  saveFeeContract,
  savePixSettings,
  todayIn,
} from '../modules/billing/index.js';
import type { Actor } from '../modules/platform/index.js';

const amounts = [45000, 65000, 89000, 120000, 150000, 210000, 98000, 135000] as const;

/**
 * The demo office's Honorários: its PIX key, a fee contract for most active clients (the 5th business
 * day, day 10 or day 28), the invoices of the last two months and this one — what fell due
 * is paid, except for a few clients in arrears. Deterministic for a given clock.
 */
export async function seedDemoBilling(ctx: AppContext, actor: Actor, clientIds: string[]): Promise<void> {
  await savePixSettings(ctx, actor, {
    keyKind: 'cnpj',
    key: '11.222.333/0001-81',
    merchantName: 'Contábil Exemplo',
    merchantCity: 'São Paulo',
  });
  const today = todayIn('America/Sao_Paulo', ctx.clock.now());
  const current = today.slice(0, 7);
  const first = addMonths(current, -2);
  const active = await ctx.db
    .selectFrom('clients')
    .select('id')
    .where('office_id', '=', actor.officeId)
    .where('status', '=', 'active')
    .execute();
  const activeIds = new Set(active.map((c) => c.id));
  const billed = clientIds.filter((id, i) => activeIds.has(id) && i % 5 !== 4);
  for (const [i, clientId] of billed.entries()) {
    await saveFeeContract(ctx, actor, clientId, {
      amountCents: amounts[i % amounts.length]!,
      dueRule: i % 3 === 0 ? 'business_day' : 'day',
      dueDay: i % 3 === 0 ? 5 : i % 3 === 1 ? 10 : 28,
      startPeriod: first,
      readjustmentDate: i % 4 === 0 ? `${current.slice(0, 4)}-12-01` : null,
      readjustmentNote: i % 4 === 0 ? 'IPCA acumulado dos últimos 12 meses' : null,
      active: true,
    });
    for (const period of [first, addMonths(first, 1), current]) {
      const invoice = await createInvoice(ctx, actor, clientId, { period });
      // What fell due is paid, except for a few clients who are behind; the rest is open.
      const behind = i % 7 === 2;
      if (invoice.dueDate < today && !behind) {
        await payInvoice(ctx, actor, invoice.id, { paidOn: invoice.dueDate, note: null });
      }
    }
  }
}
