import { z } from 'zod';
import { out } from '../../../http/schemas.js';

export const statementImportSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  sha256: z.string(),
  bankId: z.string().nullable(),
  accountId: z.string().nullable(),
  start: out.date.nullable(),
  end: out.date.nullable(),
  /** Credits in the file; credits already seen in an earlier statement are not counted again. */
  creditCount: z.number().int(),
  proposedCount: z.number().int(),
  createdAt: out.dateTime,
});
export type StatementImport = z.infer<typeof statementImportSchema>;

export const statementLineSchema = z.object({
  id: z.string(),
  fitId: z.string(),
  postedOn: out.date,
  amountCents: out.cents,
  memo: z.string(),
  /** `proposed`: a match awaits the office's word; `unmatched`: none found; `confirmed`; `dismissed`. */
  status: z.enum(['proposed', 'unmatched', 'confirmed', 'dismissed']),
  invoiceId: z.string().nullable(),
  clientName: z.string().nullable(),
  invoicePeriod: z.string().nullable(),
  invoiceAmountCents: out.cents.nullable(),
  /** Why it was proposed: the PIX txid or the boleto's nosso número in the credit's text, or its amount and date. */
  matchReason: z.enum(['txid', 'nosso_numero', 'amount_date']).nullable(),
  paymentId: z.string().nullable(),
});
export type StatementLine = z.infer<typeof statementLineSchema>;

export const confirmLineBody = z.strictObject({
  /** Another invoice than the one proposed (or one for an unmatched credit). */
  invoiceId: z.uuid().optional(),
});
