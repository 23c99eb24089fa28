/**
 * platform — terminology:
 * - office: the tenant, an accounting firm or CRM team; every business row carries its `office_id`.
 * - user: a staff member of one office; role `admin` manages the office, `staff` works in it.
 * - profession: a staff role (Contador, Analista Fiscal…); a client has one responsible user per profession.
 * - session: a browser login (HttpOnly cookie + CSRF token); api token: an integration's credential.
 * - audit entry: an append-only record of who changed what, when, with the before and after.
 */
import { z } from 'zod';
import { ufs } from '../../../shared/schemas/fields.js';
import {
  type createUserBody,
  officeCalendarSchema,
  roleSchema,
  type updateOfficeBody,
  type updateUserBody,
} from '../../../shared/schemas/platform.js';
import { languages } from '../../http/i18n.js';
import { out } from '../../http/schemas.js';

// The request bodies live in src/shared/schemas/platform.ts (the web's settings forms validate with them).
export {
  changePasswordBody,
  createTokenBody,
  createUserBody,
  loginBody,
  officeCalendarSchema,
  professionBody,
  updateOfficeBody,
  updateUserBody,
} from '../../../shared/schemas/platform.js';

export const defaultProfessions = [
  'Contador',
  'Analista Contábil',
  'Analista Fiscal',
  'Analista de Departamento Pessoal',
  'Financeiro',
  'Atendimento',
  'Comercial',
] as const;

/** A UF as answered (documented, like `out`'s fields: stored values were checked by `uf`). */
export const ufSchema = z.string().meta({ enum: [...ufs] });

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

export type CreateUserInput = z.infer<typeof createUserBody>;
export type UpdateUserInput = z.infer<typeof updateUserBody>;
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
