/**
 * What a request may send about the office, its users, professions and API tokens: the platform module's
 * route bodies and the schemas the web's settings forms validate with.
 */
import { z } from 'zod';
import { CNPJ_INPUT, isValidCnpj, normalizeCnpj } from '../br/index.js';
import { civilDateField, email, optionalText, text, uf } from './fields.js';
import { msg } from './messages.js';

export const roleSchema = z.enum(['admin', 'staff']);

export const password = z.string().min(10).max(200);

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const timeZone = z.string().refine(isTimeZone, msg('invalid_time_zone'));

/** The office's business-calendar choices; holidays themselves come from the br module. */
export const officeCalendarSchema = z.strictObject({
  closedOnCarnaval: z.boolean().default(true),
  closedOnAshWednesday: z.boolean().default(false),
  closedOnCorpusChristi: z.boolean().default(false),
  closedDays: z.array(civilDateField).max(366).default([]),
  openDays: z.array(civilDateField).max(366).default([]),
});

export const loginBody = z.strictObject({
  email: z.string().meta({ format: 'email' }).trim().toLowerCase().max(254),
  password: z.string().max(200),
});
export const changePasswordBody = z.strictObject({
  currentPassword: z.string().max(200),
  newPassword: password,
});

export const createUserBody = z.strictObject({
  name: text(120).min(2),
  email,
  role: roleSchema.default('staff'),
  supervisorId: z
    .uuid()
    .nullish()
    .transform((v) => v ?? null),
  professionIds: z.array(z.uuid()).max(50).default([]),
  password,
  active: z.boolean().default(true),
});

export const updateUserBody = z.strictObject({
  name: text(120).min(2).optional(),
  email: email.optional(),
  role: roleSchema.optional(),
  supervisorId: z.uuid().nullable().optional(),
  professionIds: z.array(z.uuid()).max(50).optional(),
  password: password.optional(),
  active: z.boolean().optional(),
});

export const professionBody = z.strictObject({ name: text(80).min(2) });

export const updateOfficeBody = z.strictObject({
  name: text(160).min(2).optional(),
  // optionalText turns a missing key into null: without .optional() a PATCH would clear the field.
  // Checked like a client's CNPJ (numeric or alphanumeric, check digits) and kept bare: it is printed on invoices.
  cnpj: text(20)
    .meta({
      // Empty clears it.
      pattern: `^(?:${CNPJ_INPUT.source.slice(1, -1)})?$`,
      description: 'CNPJ (alphanumeric root allowed), formatted or bare; check digits are verified',
    })
    .nullish()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || isValidCnpj(v), msg('invalid_cnpj'))
    .transform((v) => (v === null ? null : normalizeCnpj(v)))
    .optional(),
  timeZone: timeZone.optional(),
  state: uf.nullable().optional(),
  city: optionalText(120).optional(),
  clientClasses: z.array(text(20).min(1)).min(1).max(20).optional(),
  calendar: officeCalendarSchema.optional(),
});

export const createTokenBody = z.strictObject({ name: text(80).min(2) });
