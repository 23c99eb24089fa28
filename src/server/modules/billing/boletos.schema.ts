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
import type { bankAccountBody } from '../../../shared/schemas/billing.js';
import { out } from '../../http/schemas.js';
import { bankCodes } from '../br/index.js';

export const bankCodeField = z.enum(bankCodes);

// The request body lives in src/shared/schemas/billing.ts (Configurações → Contas bancárias validates with it).
export { bankAccountBody } from '../../../shared/schemas/billing.js';

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
