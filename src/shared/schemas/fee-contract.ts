/**
 * What a request may send about a client's fee contract (contrato de honorários): the body of
 * `PUT /api/clients/:id/fee-contract`, which the contract form checks too. The contract's **anniversary**
 * (`readjustmentDate`) is the day its **yearly adjustment** (reajuste anual) applies, by one rule:
 * - `index`: the variation of IPCA, IGP-M or INPC over the twelve months before it (the office records the
 *   monthly rates in Honorários → Reajuste anual);
 * - `percentage`: a fixed percentage, in basis points (5,25% = 525);
 * - `minimum_wage`: a multiple of the salário mínimo of the year, in thousandths (1,5 × = 1500).
 */
import { z } from 'zod';
import { civilDay, optionalText } from './fields.js';
import { type FieldMessageKey, msg } from './messages.js';

export const adjustmentIndexes = ['IPCA', 'IGPM', 'INPC'] as const;

/** The fixed percentage's range, in basis points: -100% to 1.000%. */
export const ADJUSTMENT_BP = { min: -10_000, max: 100_000 } as const;
/** The salário mínimo multiple's range, in thousandths: 0,001 to 1.000 salários. */
export const ADJUSTMENT_MW_MULTIPLE = { min: 1, max: 1_000_000 } as const;

/** A whole number within `range`; every way of missing it is told by the one message `key`. */
const wholeNumberIn = (range: { min: number; max: number }, key: FieldMessageKey) =>
  z.number(msg(key)).int(msg(key)).min(range.min, msg(key)).max(range.max, msg(key));

/** How a contract is adjusted each year on its anniversary. */
export const feeAdjustmentRule = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('index'), index: z.enum(adjustmentIndexes) }),
  z.strictObject({
    method: z.literal('percentage'),
    bp: wholeNumberIn(ADJUSTMENT_BP, 'adjustment_percentage'),
  }),
  z.strictObject({
    method: z.literal('minimum_wage'),
    mwMultiple: wholeNumberIn(ADJUSTMENT_MW_MULTIPLE, 'adjustment_multiple'),
  }),
]);
export type FeeAdjustmentRule = z.output<typeof feeAdjustmentRule>;

/** A competência, `YYYY-MM`. */
const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, msg('invalid_period'));

export const dueRules = ['day', 'business_day'] as const;
/** The most a business-day rule may ask for: every month has at least this many business days. */
export const MAX_BUSINESS_DAY = 15;
/** How a fee is collected: PIX only, boleto only, or the boleto with the PIX QR code beside it. */
export const paymentMethods = ['pix', 'boleto', 'both'] as const;

export const feeContractBody = z
  .strictObject({
    /** R$ 0,01 to R$ 10.000.000,00, in cents. */
    amountCents: z.number().int().min(1).max(1_000_000_000),
    dueRule: z.enum(dueRules),
    /** Day of the month (1–31) or, for `business_day`, which business day (1–15). */
    dueDay: z.number().int().min(1).max(31),
    startPeriod: period,
    /** The contract's anniversary: the day the yearly adjustment applies (and the letter goes before it). */
    readjustmentDate: civilDay.nullish().transform((v) => v ?? null),
    readjustmentNote: optionalText(200),
    /**
     * The yearly adjustment rule: `null` for none; left out, the contract keeps the one it has. A rule
     * needs the anniversary (`readjustmentDate`).
     */
    adjustment: feeAdjustmentRule.nullish(),
    active: z.boolean().default(true),
    /** `boleto` and `both` need the office's default bank account (the routine issues the boleto). */
    paymentMethod: z.enum(paymentMethods).default('pix'),
  })
  .superRefine((v, ctx) => {
    if (v.adjustment && !v.readjustmentDate)
      ctx.addIssue({
        code: 'custom',
        path: ['readjustmentDate'],
        message: 'anniversary_required',
        params: { i18n: 'anniversary_required' },
      });
  });
