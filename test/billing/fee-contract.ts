import type { saveFeeContract, savePixSettings } from '../../src/server/modules/billing/index.js';

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

/** The office's PIX settings in the billing tests: a CNPJ key, the name and city its BR Codes carry. */
export const officePix: Parameters<typeof savePixSettings>[2] = {
  keyKind: 'cnpj',
  key: '11.222.333/0001-81',
  merchantName: 'Escritório Teste Contábil',
  merchantCity: 'São Paulo',
};
