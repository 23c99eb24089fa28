import { z } from 'zod';
import { out } from '../../../http/schemas.js';

const words = z.object({ 'pt-BR': z.string(), en: z.string() });

export const cnabFileSchema = z.object({
  id: z.string(),
  bankAccountId: z.string(),
  kind: z.enum(['remessa', 'retorno']),
  format: z.enum(['240', '400']),
  /** Remessa: the NSA given to it; retorno: the bank's. */
  sequence: z.number().int().nullable(),
  fileName: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  /** Titles of a remessa, entries of a retorno. */
  recordCount: z.number().int(),
  appliedCount: z.number().int(),
  duplicateCount: z.number().int(),
  unmatchedCount: z.number().int(),
  createdAt: out.dateTime,
});
export type CnabFile = z.infer<typeof cnabFileSchema>;

export const remessaCandidateSchema = z.object({
  boletoId: z.string(),
  invoiceId: z.string(),
  clientName: z.string(),
  period: out.period,
  nossoNumero: z.string(),
  dueDate: out.date,
  amountCents: out.cents,
});
export type RemessaCandidate = z.infer<typeof remessaCandidateSchema>;

export const generateRemessaBody = z.strictObject({
  bankAccountId: z.uuid(),
  boletoIds: z.array(z.uuid()).min(1).max(20_000),
  /** Default: CNAB 240 where the bank has it. */
  format: z.enum(['240', '400']).optional(),
});
export type GenerateRemessaInput = z.infer<typeof generateRemessaBody>;

/** What became of one retorno entry. */
export const retornoLineSchema = z.object({
  line: z.number().int(),
  nossoNumero: z.string(),
  occurrence: z.string(),
  outcome: z.enum(['confirmed', 'rejected', 'paid', 'written_off', 'info', 'unknown']),
  words,
  reasons: z.array(z.object({ code: z.string(), words })),
  /**
   * `applied`; `duplicate`: the same event was applied before (the file came twice); `unmatched`: no
   * boleto of this account has this nosso número; `paid_twice`: the invoice was already paid — to refund;
   * `ignored`: an event that changes nothing (tariffs, instructions confirmed).
   */
  result: z.enum(['applied', 'duplicate', 'unmatched', 'paid_twice', 'ignored']),
  invoiceId: z.string().nullable(),
  clientName: z.string().nullable(),
  paidCents: out.cents,
  tariffCents: out.cents,
  interestCents: out.cents,
  fineCents: out.cents,
  occurredOn: out.date.nullable(),
});
export type RetornoLine = z.infer<typeof retornoLineSchema>;

export const retornoResultSchema = z.object({ file: cnabFileSchema, lines: z.array(retornoLineSchema) });
export type RetornoResult = z.infer<typeof retornoResultSchema>;
