import type { saveFeeContract } from '../../src/server/modules/billing/index.js';

type FeeContractBody = Parameters<typeof saveFeeContract>[3];

/**
 * The usual monthly fee contract of the billing tests and benches: due on the 10th from January 2026,
 * active, with no readjustment date.
 */
export const monthlyFee = (amountCents: number, over: Partial<FeeContractBody> = {}): FeeContractBody => ({
  amountCents,
  dueRule: 'day',
  dueDay: 10,
  startPeriod: '2026-01',
  readjustmentDate: null,
  readjustmentNote: null,
  active: true,
  ...over,
});
