/**
 * platform — terminology:
 * - office: the tenant, an accounting firm or CRM team; every business row carries its `office_id`.
 * - user: a staff member of one office; role `admin` manages the office, `staff` works in it.
 * - profession: a staff role (Contador, Analista Fiscal…); a client has one responsible user per profession.
 * - session: a browser login (HttpOnly cookie + CSRF token); api token: an integration's credential.
 * - audit entry: an append-only record of who changed what, when, with the before and after.
 */
import { z } from 'zod';
import { languages } from '../../http/i18n.js';
import { civilDateField, email, optionalText, out, text } from '../../http/schemas.js';
import { msg } from '../../http/validation.js';
import { CNPJ_INPUT, isValidCnpj, normalizeCnpj } from '../br/index.js';

export const ufs = [
  'AC',
  'AL',
  'AP',
  'AM',
  'BA',
  'CE',
  'DF',
  'ES',
  'GO',
  'MA',
  'MT',
  'MS',
  'MG',
  'PA',
  'PB',
  'PR',
  'PE',
  'PI',
  'RJ',
  'RN',
  'RS',
  'RO',
  'RR',
  'SC',
  'SP',
  'SE',
  'TO',
] as const;

export const defaultProfessions = [
  'Contador',
  'Analista Contábil',
  'Analista Fiscal',
  'Analista de Departamento Pessoal',
  'Financeiro',
  'Atendimento',
  'Comercial',
] as const;

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
/** A UF as sent (any case); the OpenAPI lists the 27. */
export const uf = z
  .string()
  .meta({ enum: [...ufs] })
  .trim()
  .toUpperCase()
  .refine((v) => (ufs as readonly string[]).includes(v), msg('invalid_uf'));

/** A UF as answered (documented, like `out`'s fields: stored values were checked by `uf`). */
export const ufSchema = z.string().meta({ enum: [...ufs] });

const civilDay = civilDateField;

/** The office's business-calendar choices; holidays themselves come from the br module. */
export const officeCalendarSchema = z.strictObject({
  closedOnCarnaval: z.boolean().default(true),
  closedOnAshWednesday: z.boolean().default(false),
  closedOnCorpusChristi: z.boolean().default(false),
  closedDays: z.array(civilDay).max(366).default([]),
  openDays: z.array(civilDay).max(366).default([]),
});

export const officeSchema = z.object({
  id: z.string(),
  name: z.string(),
  cnpj: out.cnpj.nullable(),
  timeZone: z.string(),
  state: ufSchema.nullable(),
  city: z.string().nullable(),
  clientClasses: z.array(z.string()),
  calendar: officeCalendarSchema,
});
export type Office = z.infer<typeof officeSchema>;

export const userSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: out.email,
  role: roleSchema,
  active: z.boolean(),
  supervisorId: z.string().nullable(),
  professionIds: z.array(z.string()),
  /** What the user reads in: the web app, API answers that ask for no language, notifications, e-mails. */
  language: z.enum(languages),
  createdAt: out.dateTime,
});
export type User = z.infer<typeof userSchema>;

export const professionSchema = z.object({ id: z.string(), name: z.string() });
export type Profession = z.infer<typeof professionSchema>;

export const meSchema = z.object({ user: userSchema, office: officeSchema, csrfToken: z.string() });

export const languageBody = z.strictObject({ language: z.enum(languages) });

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
export type CreateUserInput = z.infer<typeof createUserBody>;

export const updateUserBody = z.strictObject({
  name: text(120).min(2).optional(),
  email: email.optional(),
  role: roleSchema.optional(),
  supervisorId: z.uuid().nullable().optional(),
  professionIds: z.array(z.uuid()).max(50).optional(),
  password: password.optional(),
  active: z.boolean().optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserBody>;

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
export type UpdateOfficeInput = z.infer<typeof updateOfficeBody>;

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: out.dateTime,
  lastUsedAt: out.dateTime.nullable(),
  revokedAt: out.dateTime.nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;
export const createTokenBody = z.strictObject({ name: text(80).min(2) });

export const auditEntrySchema = z.object({
  id: z.string(),
  at: out.dateTime,
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  entity: z.string(),
  entityId: z.string(),
  action: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** An entry as the Auditoria reads it: its target's name and what happened, in the reader's language. */
export const auditEntryViewSchema = auditEntrySchema.extend({
  /** The changed thing's name (a client's legal name, a user's name), when known. */
  targetName: z.string().nullable(),
  /** "Ana Souza mudou a classe do cliente Padaria Estrela: B → A." */
  sentence: z.string(),
});
