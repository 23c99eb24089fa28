/**
 * billing — terminology:
 * - fee contract (contrato de honorários): what a client pays each month — the amount in cents, the due
 *   rule (a fixed day of the month, clamped to the month's last day, or the Nth business day of the
 *   office's calendar), the first competência billed, the anniversary (readjustment date, a note) and the
 *   yearly adjustment rule applied on it (an index, a fixed percentage or a salário-mínimo multiple).
 *   One per client; its history is the audit log.
 * - competência (period): the month a fee refers to, `YYYY-MM`.
 * - invoice (cobrança): one charge per client and competência — exactly once, by the unique key
 *   (office, client, period) — with its amount, due date, PIX "copia e cola" and txid. Its stored status
 *   is `open`, `paid` (baixa manual) or `cancelled`; `overdue` is derived: open and past its due date in
 *   the office's time zone.
 * - PIX settings: the office's receiving key (CPF, CNPJ, e-mail, mobile or random key) and the merchant
 *   name and city the payer's bank shows.
 * - in arrears (inadimplente): a client with at least one overdue invoice.
 */
import { z } from 'zod';
import type { pixSettingsBody } from '../../../shared/schemas/billing.js';
import {
  dueRules,
  type FeeAdjustmentRule,
  feeAdjustmentRule,
  feeContractBody,
  MAX_BUSINESS_DAY,
  paymentMethods,
} from '../../../shared/schemas/fee-contract.js';
import { optionalLongText, out } from '../../http/schemas.js';
import { msg } from '../../http/validation.js';
import { pixKeyKinds } from '../br/index.js';

/** A competência, `YYYY-MM`. */
export const periodField = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/** A civil date `YYYY-MM-DD` that exists. */
export const civilDateField = z
  .string()
  .meta({ format: 'date' })
  .refine(
    (v) =>
      /^\d{4}-\d{2}-\d{2}$/.test(v) &&
      !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
      new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    msg('invalid_date'),
  );

/** Amounts a fee may take: R$ 0,01 to R$ 10.000.000,00. */
export const amountCentsField = z.number().int().min(1).max(1_000_000_000);

export const pixKeyKind = z.enum(pixKeyKinds);

// The request body lives in src/shared/schemas/billing.ts (the PIX settings form validates with it).
export { pixSettingsBody } from '../../../shared/schemas/billing.js';
export type PixSettingsInput = z.infer<typeof pixSettingsBody>;

export const pixSettingsSchema = z.object({
  keyKind: pixKeyKind,
  key: z.string(),
  /** As the payer's bank shows it: no accents, upper case. */
  merchantName: z.string(),
  merchantCity: z.string(),
  updatedAt: out.dateTime,
});
export type PixSettings = z.infer<typeof pixSettingsSchema>;

export const dueRule = z.enum(dueRules);
export type DueRule = z.infer<typeof dueRule>;

export { MAX_BUSINESS_DAY };

export const paymentMethod = z.enum(paymentMethods);
export type PaymentMethod = z.infer<typeof paymentMethod>;

/** The contract's body, shared with the web's contract form (src/shared/schemas/fee-contract.ts). */
export { feeContractBody };
/** `paymentMethod` and `adjustment` may be left out by callers inside the server (demo data, tests): PIX, no change. */
export type FeeContractInput = Omit<z.infer<typeof feeContractBody>, 'paymentMethod' | 'adjustment'> & {
  paymentMethod?: PaymentMethod | undefined;
  adjustment?: FeeAdjustmentRule | null | undefined;
};

export const feeContractSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  amountCents: out.cents,
  dueRule,
  dueDay: z.number().int(),
  startPeriod: out.period,
  readjustmentDate: out.date.nullable(),
  readjustmentNote: z.string().nullable(),
  /** The yearly adjustment applied on `readjustmentDate`, or null. */
  adjustment: feeAdjustmentRule.nullable(),
  active: z.boolean(),
  paymentMethod,
  createdAt: out.dateTime,
  updatedAt: out.dateTime,
});
export type FeeContract = z.infer<typeof feeContractSchema>;

/** Stored statuses, plus the derived `overdue`. */
export const invoiceStatus = z.enum(['open', 'overdue', 'paid', 'cancelled']);
export type InvoiceStatus = z.infer<typeof invoiceStatus>;

export const invoiceSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  clientDocument: out.taxId,
  period: out.period,
  amountCents: out.cents,
  dueDate: out.date,
  status: invoiceStatus,
  /** Days past the due date while open (0 when not overdue). */
  daysOverdue: z.number().int(),
  txid: z.string(),
  pixCode: z.string().nullable(),
  description: z.string(),
  /** The civil date the payment arrived. */
  paidOn: out.date.nullable(),
  paidAmountCents: out.cents.nullable(),
  paymentNote: z.string().nullable(),
  cancelledAt: out.dateTime.nullable(),
  cancelReason: z.string().nullable(),
  notifiedAt: out.dateTime.nullable(),
  sentAt: out.dateTime.nullable(),
  lastReminderDay: z.number().int().nullable(),
  /** `partial`: paid in part (still open); `overpaid`: paid beyond its amount; `paid_twice`: a second payment to refund. */
  paymentFlag: z.enum(['partial', 'overpaid', 'paid_twice']).nullable(),
  createdAt: out.dateTime,
  updatedAt: out.dateTime,
});
export type Invoice = z.infer<typeof invoiceSchema>;

export const invoicePaymentSchema = z.object({
  id: z.string(),
  source: z.enum(['manual', 'retorno', 'statement']),
  method: z.enum(['pix', 'boleto', 'other']),
  amountCents: out.cents,
  paidOn: out.date,
  tariffCents: out.cents,
  interestCents: out.cents,
  fineCents: out.cents,
  /** `duplicate`: the invoice was already paid — the whole payment is to refund. */
  kind: z.enum(['partial', 'full', 'overpaid', 'duplicate']),
  refundCents: out.cents,
  refundedAt: out.dateTime.nullable(),
  note: z.string().nullable(),
  createdAt: out.dateTime,
});
export type InvoicePayment = z.infer<typeof invoicePaymentSchema>;

export const invoiceSortable = ['dueDate', 'period', 'amountCents', 'clientName', 'createdAt'] as const;

export interface InvoiceListQuery {
  page: number;
  pageSize: number;
  sort: (typeof invoiceSortable)[number];
  order: 'asc' | 'desc';
  q?: string | undefined;
  clientId?: string | undefined;
  status?: InvoiceStatus | undefined;
  period?: string | undefined;
  /** Only invoices of clients in arrears (with at least one overdue invoice). */
  inArrears?: boolean | undefined;
}

export const createInvoiceBody = z.strictObject({
  period: periodField,
  /** Default: the contract's amount. */
  amountCents: amountCentsField.optional(),
  /** Default: the contract's due rule applied to the period. */
  dueDate: civilDateField.optional(),
});
export type CreateInvoiceInput = z.infer<typeof createInvoiceBody>;

export const payInvoiceBody = z.strictObject({
  /** The day the money arrived (default: today in the office's time zone). */
  paidOn: civilDateField.optional(),
  /** Default: the invoice's amount. */
  amountCents: amountCentsField.optional(),
  note: optionalLongText(500),
});
export type PayInvoiceInput = z.infer<typeof payInvoiceBody>;

export const cancelInvoiceBody = z.strictObject({ reason: optionalLongText(500) });

export const billingSummarySchema = z.object({
  contract: feeContractSchema.nullable(),
  pixConfigured: z.boolean(),
  /** At least one open invoice past its due date. */
  inArrears: z.boolean(),
  openCount: z.number().int(),
  openCents: out.cents,
  overdueCount: z.number().int(),
  overdueCents: out.cents,
  /** The next due date of the contract from today (null without an active contract). */
  nextDueDate: out.date.nullable(),
});
export type BillingSummary = z.infer<typeof billingSummarySchema>;

export const arrearsSchema = z.object({
  clientId: z.string(),
  clientName: z.string(),
  clientDocument: out.taxId,
  overdueCount: z.number().int(),
  overdueCents: out.cents,
  oldestDueDate: out.date,
});
export type Arrears = z.infer<typeof arrearsSchema>;
