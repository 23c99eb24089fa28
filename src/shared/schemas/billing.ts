/**
 * What a request may send to set up billing — the office's PIX receiving key and the bank accounts that
 * issue boletos: the billing module's route bodies and the schemas the PIX settings form and
 * Configurações → Contas bancárias validate with, so a field's error reads the same on both sides and
 * the counters read the same limits. Each bank's own lengths and check digits are checked by the server
 * afterwards (src/shared/br/boleto).
 */
import { z } from 'zod';
import { bankCodes, parsePixKey, pixKeyKinds } from '../br/index.js';
import { PIX_LIMITS } from '../br/pix.js';
import { text } from './fields.js';
import { msg } from './messages.js';

const pixKeyKind = z.enum(pixKeyKinds);

/**
 * The office's PIX settings (`PUT /api/billing/settings`). Name and city are as long as a BR Code takes
 * them (25 and 15 characters; accents are removed when saved). The key must be valid for its kind.
 */
export const pixSettingsBody = z
  .strictObject({
    keyKind: pixKeyKind,
    key: text(PIX_LIMITS.email).min(1),
    merchantName: text(PIX_LIMITS.merchantName).min(1),
    merchantCity: text(PIX_LIMITS.merchantCity).min(1),
  })
  .refine((v) => parsePixKey(v.key, v.keyKind) !== null, {
    ...msg('invalid_pix_key'),
    path: ['key'],
    // Checked as soon as there is a key and a kind, even when another field is wrong.
    when: (payload) => {
      const v = payload.value as { key?: unknown; keyKind?: unknown };
      return typeof v?.key === 'string' && v.key.trim() !== '' && pixKeyKind.safeParse(v.keyKind).success;
    },
  });

const digitsField = (max: number) => z.string().trim().max(max).regex(/^\d*$/, msg('only_digits'));

/** At most 5 lines of 80 characters in the boleto's "Instruções" box. */
export const MAX_INSTRUCTION_LINES = 5;

/** What the office types for a bank account; each bank then checks its own lengths and check digits. */
export const bankAccountBody = z.strictObject({
  bankCode: z.enum(bankCodes),
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
  instructions: z.array(text(80)).max(MAX_INSTRUCTION_LINES).default([]),
  isDefault: z.boolean().default(false),
  active: z.boolean().default(true),
});
