/**
 * boletos — terminology (see src/shared/br/boleto/types.ts for the banks' words):
 * - bank account (conta de cobrança): where the office receives boletos — bank, agência, conta, carteira,
 *   convênio / código do beneficiário, the next nosso número, juros, multa, desconto and instructions.
 *   Several per office, at most one default (the fee routine issues on it).
 * - boleto: the bank slip of one invoice — its nosso número (taken from the account's sequence, never
 *   reused), barcode and linha digitável. At most one not cancelled per invoice. Its status follows the
 *   bank: `registered_pending` until a remessa registers it, then `registered` or `rejected`, and `paid`
 *   or `written_off` from the retorno (boleto-cnab).
 * - payment method of a fee contract: `pix` (PIX only), `boleto` (the PDF carries only the boleto) or
 *   `both` (the boleto with the PIX QR code beside it).
 */
import { z } from 'zod';
import { out, text } from '../../http/schemas.js';
import { msg } from '../../http/validation.js';
import { bankCodes } from '../br/index.js';

export const bankCodeField = z.enum(bankCodes);

const digitsField = (max: number) => z.string().trim().max(max).regex(/^\d*$/, msg('only_digits'));

/** What the office types for an account; each bank then checks its own lengths and check digits. */
export const bankAccountBody = z.strictObject({
  bankCode: bankCodeField,
  label: text(80).min(1),
  agency: digitsField(5).min(1),
  agencyDigit: z
    .string()
    .trim()
    .max(1)
    .regex(/^[0-9Xx]?$/, msg('invalid_check_digit'))
    .nullish()
    .transform((v) => (v ? v.toUpperCase() : null)),
  account: digitsField(12).min(1),
  accountDigit: z
    .string()
    .trim()
    .max(1)
    .regex(/^[0-9XxPp]?$/, msg('invalid_check_digit'))
    .nullish()
    .transform((v) => (v ? v.toUpperCase() : null)),
  carteira: text(3).min(1),
  convenio: digitsField(10).default(''),
  variation: digitsField(3)
    .nullish()
    .transform((v) => v || null),
  /** Nosso número sequence: the next boleto takes this one. */
  nextNossoNumero: z.number().int().min(1).max(99_999_999).default(1),
  /** Juros per month in basis points (100 = 1% a.m.; at most 10% a.m.). */
  interestMonthBp: z.number().int().min(0).max(1000).default(0),
  /** Multa in basis points (200 = 2%; the CDC caps it at 2% for consumers). */
  fineBp: z.number().int().min(0).max(2000).default(0),
  discountCents: z.number().int().min(0).max(1_000_000_000).default(0),
  discountDays: z.number().int().min(0).max(60).default(0),
  /** Lines of the "Instruções" box (at most 5, 80 characters each). */
  instructions: z.array(text(80)).max(5).default([]),
  isDefault: z.boolean().default(false),
  active: z.boolean().default(true),
});
export type BankAccountInput = z.infer<typeof bankAccountBody>;

export const bankAccountSchema = z.object({
  id: z.string(),
  bankCode: bankCodeField,
  bankName: z.string(),
  label: z.string(),
  agency: z.string(),
  agencyDigit: z.string().nullable(),
  account: z.string(),
  accountDigit: z.string().nullable(),
  carteira: z.string(),
  convenio: z.string(),
  variation: z.string().nullable(),
  nextNossoNumero: z.number().int(),
  interestMonthBp: z.number().int(),
  fineBp: z.number().int(),
  discountCents: out.cents,
  discountDays: z.number().int(),
  instructions: z.array(z.string()),
  isDefault: z.boolean(),
  active: z.boolean(),
  createdAt: out.dateTime,
  updatedAt: out.dateTime,
});
export type BankAccount = z.infer<typeof bankAccountSchema>;

export const boletoStatus = z.enum([
  'registered_pending',
  'registered',
  'rejected',
  'paid',
  'written_off',
  'cancelled',
]);

export const boletoSchema = z.object({
  id: z.string(),
  invoiceId: z.string(),
  bankAccountId: z.string(),
  bankCode: bankCodeField,
  bankName: z.string(),
  nossoNumero: z.string(),
  nossoNumeroDv: z.string(),
  /** As printed in the "Nosso Número" box. */
  nossoNumeroFormatted: z.string(),
  /** 44 digits. */
  barcode: z.string(),
  /** 47 digits. */
  linhaDigitavel: z.string(),
  /** `00190.00009 01207.113000 …` */
  linhaDigitavelFormatted: z.string(),
  dueDate: out.date,
  amountCents: out.cents,
  status: boletoStatus,
  remessaId: z.string().nullable(),
  createdAt: out.dateTime,
  updatedAt: out.dateTime,
});
export type Boleto = z.infer<typeof boletoSchema>;

export const issueBoletoBody = z.strictObject({
  /** Default: the office's default bank account. */
  bankAccountId: z.uuid().optional(),
});
export type IssueBoletoInput = z.infer<typeof issueBoletoBody>;
