import { createHash } from 'node:crypto';
import type { AppContext, Principal } from '../../context.js';
import type { Db } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { flag } from '../../db/flag.js';
import { writeTransaction } from '../../db/group-commit.js';
import { HttpError } from '../../http/errors.js';
import type { Lang } from '../../http/i18n.js';
import { fieldsError } from '../../http/validation.js';
import { newId, newSecret } from '../../ids.js';
import { RecentReads } from '../../recent-reads.js';
import {
  findLiveApiToken,
  insertApiToken,
  listApiTokens,
  revokeApiToken,
  touchApiToken,
} from './api-tokens.repo.js';
import { type AuditQuery, type AuditRecord, appendAudits, auditTrail, listAudit } from './audit.repo.js';
import { auditSentence, auditTargetNames, snapshotName } from './audit-texts.js';
import { findOffice, insertOffice, updateOfficeRow } from './offices.repo.js';
import { decoyHash, hashPassword, verifyPassword } from './password.js';
import { PlatformError } from './platform.errors.js';
import {
  type CreateUserInput,
  defaultProfessions,
  type Office,
  officeCalendarSchema,
  type UpdateOfficeInput,
  type UpdateUserInput,
  type User,
} from './platform.schema.js';
import {
  deleteProfession as deleteProfessionRow,
  findProfession,
  findProfessionByName,
  insertProfession,
  listProfessions,
  professionUsage,
  renameProfession as renameProfessionRow,
} from './professions.repo.js';
import { deleteSession, deleteUserSessions, findLiveSession, insertSession } from './sessions.repo.js';
import {
  countActiveAdmins,
  findUser,
  findUserRow,
  findUserRowByEmail,
  insertUser,
  listUsers as listUserRows,
  setUserProfessions,
  updateUserRow,
} from './users.repo.js';

const officeAudit = auditTrail('office');
const userAudit = auditTrail('user');
const professionAudit = auditTrail('profession');
const apiTokenAudit = auditTrail('api_token');

export const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

/** Who is acting: the office and, for a person, the user. */
export interface Actor {
  officeId: string;
  userId: string | null;
}

export const actorOf = (p: Principal): Actor => ({ officeId: p.officeId, userId: p.userId });

// ---------------------------------------------------------------- offices

export interface NewOffice {
  name: string;
  cnpj?: string | null;
  timeZone?: string;
  state?: string | null;
  city?: string | null;
  clientClasses?: string[];
}

/** What another module sets up in every new office, inside its creating transaction. */
export type OfficeCreatedHook = (trx: Db, officeId: string, at: Date) => Promise<void>;

const officeCreatedHooks = new Map<string, OfficeCreatedHook>();

/**
 * Registers a module's set-up of new offices (called once from the catalog; a second call with the same
 * name replaces the first). Example: the tickets module seeds its status e-mail rules.
 */
export function onOfficeCreated(name: string, hook: OfficeCreatedHook): void {
  officeCreatedHooks.set(name, hook);
}

/** Creates an office with the default professions and what the modules set up in every office. */
export async function createOffice(ctx: AppContext, input: NewOffice): Promise<Office> {
  const now = ctx.clock.now();
  const office: Office = {
    id: newId(),
    name: input.name,
    cnpj: input.cnpj ?? null,
    timeZone: input.timeZone ?? 'America/Sao_Paulo',
    state: input.state ?? null,
    city: input.city ?? null,
    clientClasses: input.clientClasses ?? ['A', 'B', 'C'],
    calendar: officeCalendarSchema.parse({}),
  };
  await writeTransaction(ctx, async (trx) => {
    await insertOffice(trx, office, now);
    for (const name of defaultProfessions) await insertProfession(trx, office.id, { id: newId(), name }, now);
    for (const hook of officeCreatedHooks.values()) await hook(trx, office.id, now);
  });
  return office;
}

export async function getOffice(ctx: AppContext, officeId: string): Promise<Office> {
  const office = await findOffice(ctx.db, officeId);
  if (!office) throw new HttpError('not_found');
  return office;
}

/** Offices as background work reads them for each of many items (a message delivery): a few seconds' memory. */
const recentOffices = new RecentReads<Office>();

/** `getOffice` for background work that reads the same office for each item of a long run. */
export function getRecentOffice(ctx: AppContext, officeId: string): Promise<Office> {
  return recentOffices.get(ctx.db, officeId, () => getOffice(ctx, officeId));
}

export async function updateOffice(ctx: AppContext, actor: Actor, patch: UpdateOfficeInput): Promise<Office> {
  const updated = await writeTransaction(ctx, async (trx) => {
    const before = await findOffice(trx, actor.officeId);
    if (!before) throw new HttpError('not_found');
    const after: Office = {
      ...before,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    };
    const now = ctx.clock.now();
    await updateOfficeRow(trx, after, now);
    await officeAudit.update(trx, { ...actor, at: now }, after.id, before, after);
    return after;
  });
  recentOffices.forget(ctx.db, actor.officeId);
  return updated;
}

// ---------------------------------------------------------------- sessions

export interface LoginResult {
  sessionToken: string;
  principal: Principal;
}

/** Checks the credentials and opens a session. A failure never says which part was wrong. */
export async function login(ctx: AppContext, email: string, password: string): Promise<LoginResult> {
  const row = await findUserRowByEmail(ctx.db, email);
  const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash()));
  if (!row || !ok || row.active !== 1) throw new PlatformError('invalid_credentials');
  const sessionToken = newSecret();
  const csrfToken = newSecret(24);
  const now = ctx.clock.now();
  await writeTransaction(ctx, async (trx) => {
    await insertSession(trx, {
      tokenHash: sha256(sessionToken),
      userId: row.id,
      officeId: row.office_id,
      csrfToken,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ctx.config.sessionTtlMs),
    });
    await userAudit.record(trx, { officeId: row.office_id, userId: row.id, at: now }, row.id, 'login');
  });
  return {
    sessionToken,
    principal: {
      kind: 'session',
      officeId: row.office_id,
      userId: row.id,
      role: row.role,
      csrfToken,
      language: row.language,
    },
  };
}

export async function logout(ctx: AppContext, sessionToken: string): Promise<void> {
  await deleteSession(ctx.db, sha256(sessionToken));
}

export async function principalFromSession(ctx: AppContext, sessionToken: string): Promise<Principal | null> {
  const s = await findLiveSession(ctx.db, sha256(sessionToken), ctx.clock.now());
  if (!s) return null;
  return {
    kind: 'session',
    officeId: s.office_id,
    userId: s.user_id,
    role: s.role,
    csrfToken: s.csrf_token,
    language: s.language,
  };
}

const TOKEN_TOUCH_MS = 60_000;

export async function principalFromApiToken(ctx: AppContext, token: string): Promise<Principal | null> {
  const t = await findLiveApiToken(ctx.db, sha256(token));
  if (!t) return null;
  const now = ctx.clock.now();
  if (!t.last_used_at || now.getTime() - Date.parse(t.last_used_at) > TOKEN_TOUCH_MS) {
    await touchApiToken(ctx.db, t.id, now);
  }
  // Integrations work on the office's data as staff do; managing users and tokens stays with people.
  return {
    kind: 'token',
    officeId: t.office_id,
    userId: null,
    role: 'staff',
    csrfToken: null,
    language: null,
  };
}

export async function getMe(ctx: AppContext, p: Principal) {
  if (!p.userId) throw new HttpError('forbidden');
  const [user, office] = await Promise.all([
    findUser(ctx.db, p.officeId, p.userId),
    findOffice(ctx.db, p.officeId),
  ]);
  if (!user || !office) throw new HttpError('unauthenticated');
  return { user, office, csrfToken: p.csrfToken ?? '' };
}

/**
 * Sets the language the user reads in (the PT/EN switch): the web app, API answers that ask for no
 * language, and the notifications and e-mails the user receives. A display preference, not a change to
 * the office's data: no audit entry.
 */
export async function setMyLanguage(ctx: AppContext, p: Principal, language: Lang) {
  if (!p.userId) throw new HttpError('forbidden');
  await updateUserRow(ctx.db, p.officeId, p.userId, {
    language,
    updated_at: ctx.clock.now().toISOString(),
  });
  return getMe(ctx, { ...p, language });
}

export async function changePassword(
  ctx: AppContext,
  p: Principal,
  current: string,
  next: string,
  keepSessionToken?: string,
): Promise<void> {
  if (!p.userId) throw new HttpError('forbidden');
  const row = await findUserRow(ctx.db, p.officeId, p.userId);
  if (!row || !(await verifyPassword(current, row.password_hash)))
    throw new PlatformError('wrong_current_password');
  const hash = await hashPassword(next);
  const now = ctx.clock.now();
  await writeTransaction(ctx, async (trx) => {
    await updateUserRow(trx, p.officeId, row.id, { password_hash: hash, updated_at: now.toISOString() });
    await deleteUserSessions(trx, row.id, keepSessionToken ? sha256(keepSessionToken) : undefined);
    await userAudit.record(trx, { ...actorOf(p), at: now }, row.id, 'password_change');
  });
}

// ---------------------------------------------------------------- users

export const listUsers = (ctx: AppContext, officeId: string, f: { q?: string; active?: boolean }) =>
  listUserRows(ctx.db, officeId, f);

async function checkProfessions(ctx: AppContext, officeId: string, ids: string[]) {
  const known = new Set((await listProfessions(ctx.db, officeId)).map((p) => p.id));
  const fields = ids
    .map((id, i) => ({ id, i }))
    .filter(({ id }) => !known.has(id))
    .map(({ i }) => ({
      field: `professionIds.${i}`,
      code: 'not_found',
      message: { 'pt-BR': 'Profissão não encontrada.', en: 'Profession not found.' },
    }));
  if (fields.length) throw fieldsError(...fields);
}

async function checkSupervisor(
  ctx: AppContext,
  officeId: string,
  supervisorId: string | null,
  selfId?: string,
) {
  if (!supervisorId) return;
  const s = await findUserRow(ctx.db, officeId, supervisorId);
  if (s?.active !== 1 || supervisorId === selfId) throw new PlatformError('supervisor_invalid');
  if (!selfId) return;
  // Up the chain from the new supervisor: meeting this user again would make a cycle, and "the
  // responsible's supervisor" (Automações) would never end.
  const seen = new Set<string>([supervisorId]);
  for (let up = s.supervisor_id; up; ) {
    if (up === selfId) {
      throw new PlatformError('supervisor_cycle', {
        params: { name: s.name },
        fields: [
          {
            field: 'supervisorId',
            code: 'cycle',
            message: {
              'pt-BR': `${s.name} já responde a este usuário: a supervisão seria circular.`,
              en: `${s.name} already reports to this user: supervision would go round in a circle.`,
            },
          },
        ],
      });
    }
    if (seen.has(up)) break;
    seen.add(up);
    up = (await findUserRow(ctx.db, officeId, up))?.supervisor_id ?? null;
  }
}

export async function createUser(ctx: AppContext, actor: Actor, input: CreateUserInput): Promise<User> {
  await checkProfessions(ctx, actor.officeId, input.professionIds);
  await checkSupervisor(ctx, actor.officeId, input.supervisorId);
  const hash = await hashPassword(input.password);
  const now = ctx.clock.now().toISOString();
  const id = newId();
  try {
    return await writeTransaction(ctx, async (trx) => {
      if (await findUserRowByEmail(trx, input.email)) throw new PlatformError('email_taken');
      await insertUser(trx, actor.officeId, {
        id,
        name: input.name,
        email: input.email,
        password_hash: hash,
        role: input.role,
        active: input.active ? 1 : 0,
        supervisor_id: input.supervisorId,
        created_at: now,
        updated_at: now,
      });
      await setUserProfessions(trx, actor.officeId, id, input.professionIds);
      const user = (await findUser(trx, actor.officeId, id))!;
      await userAudit.create(trx, { ...actor, at: new Date(now) }, id, user);
      return user;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new PlatformError('email_taken', { cause: err });
    throw err;
  }
}

export async function updateUser(
  ctx: AppContext,
  actor: Actor,
  id: string,
  patch: UpdateUserInput,
): Promise<User> {
  if (patch.professionIds) await checkProfessions(ctx, actor.officeId, patch.professionIds);
  if (patch.supervisorId !== undefined) await checkSupervisor(ctx, actor.officeId, patch.supervisorId, id);
  const hash = patch.password ? await hashPassword(patch.password) : undefined;
  try {
    return await writeTransaction(ctx, async (trx) => {
      const before = await findUser(trx, actor.officeId, id);
      if (!before) throw new PlatformError('user_not_found');
      if (patch.email && patch.email !== before.email && (await findUserRowByEmail(trx, patch.email))) {
        throw new PlatformError('email_taken');
      }
      const now = ctx.clock.now();
      await updateUserRow(trx, actor.officeId, id, {
        name: patch.name,
        email: patch.email,
        role: patch.role,
        active: flag(patch.active),
        supervisor_id: patch.supervisorId,
        ...(hash && { password_hash: hash }),
        updated_at: now.toISOString(),
      });
      if (patch.professionIds) await setUserProfessions(trx, actor.officeId, id, patch.professionIds);
      if (before.role === 'admin' && (await countActiveAdmins(trx, actor.officeId)) === 0) {
        throw new PlatformError('last_admin');
      }
      if (patch.active === false || hash) await deleteUserSessions(trx, id);
      const after = (await findUser(trx, actor.officeId, id))!;
      await userAudit.update(trx, { ...actor, at: now }, id, before, after);
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new PlatformError('email_taken', { cause: err });
    throw err;
  }
}

// ---------------------------------------------------------------- professions

export const getProfessions = (ctx: AppContext, officeId: string) => listProfessions(ctx.db, officeId);

export async function createProfession(ctx: AppContext, actor: Actor, name: string) {
  return writeTransaction(ctx, async (trx) => {
    if (await findProfessionByName(trx, actor.officeId, name)) throw new PlatformError('profession_taken');
    const p = { id: newId(), name };
    const now = ctx.clock.now();
    await insertProfession(trx, actor.officeId, p, now);
    await professionAudit.create(trx, { ...actor, at: now }, p.id, p);
    return p;
  });
}

export async function renameProfession(ctx: AppContext, actor: Actor, id: string, name: string) {
  return writeTransaction(ctx, async (trx) => {
    const before = await findProfession(trx, actor.officeId, id);
    if (!before) throw new PlatformError('profession_not_found');
    const clash = await findProfessionByName(trx, actor.officeId, name);
    if (clash && clash.id !== id) throw new PlatformError('profession_taken');
    await renameProfessionRow(trx, actor.officeId, id, name);
    const after = { id, name };
    await professionAudit.update(trx, { ...actor, at: ctx.clock.now() }, id, before, after);
    return after;
  });
}

export async function removeProfession(ctx: AppContext, actor: Actor, id: string) {
  await writeTransaction(ctx, async (trx) => {
    const before = await findProfession(trx, actor.officeId, id);
    if (!before) throw new PlatformError('profession_not_found');
    if ((await professionUsage(trx, actor.officeId, id)) > 0) throw new PlatformError('profession_in_use');
    await deleteProfessionRow(trx, actor.officeId, id);
    await professionAudit.delete(trx, { ...actor, at: ctx.clock.now() }, id, before);
  });
}

// ---------------------------------------------------------------- api tokens

export const getApiTokens = (ctx: AppContext, officeId: string) => listApiTokens(ctx.db, officeId);

/** Creates a token; the plaintext is returned once and only its hash is kept. */
export async function createApiToken(ctx: AppContext, actor: Actor, name: string) {
  const id = newId();
  const prefix = newSecret(4).slice(0, 6);
  const token = `exp_${prefix}_${newSecret(32)}`;
  const now = ctx.clock.now();
  await writeTransaction(ctx, async (trx) => {
    await insertApiToken(trx, {
      id,
      officeId: actor.officeId,
      name,
      prefix,
      tokenHash: sha256(token),
      createdBy: actor.userId,
      at: now,
    });
    await apiTokenAudit.create(trx, { ...actor, at: now }, id, { name, prefix });
  });
  return { id, name, prefix, createdAt: now.toISOString(), lastUsedAt: null, revokedAt: null, token };
}

export async function revokeToken(ctx: AppContext, actor: Actor, id: string) {
  await writeTransaction(ctx, async (trx) => {
    const now = ctx.clock.now();
    if (!(await revokeApiToken(trx, actor.officeId, id, now))) throw new PlatformError('token_not_found');
    await apiTokenAudit.record(trx, { ...actor, at: now }, id, 'revoke');
  });
}

// ---------------------------------------------------------------- audit

/** The audit log, newest first, each entry with its target's name and a sentence in `lang`. */
export async function getAudit(ctx: AppContext, officeId: string, q: AuditQuery, lang: Lang = 'pt-BR') {
  const page = await listAudit(ctx.db, officeId, q);
  const names = await auditTargetNames(ctx.db, officeId, page.items);
  return {
    ...page,
    items: page.items.map((e) => {
      const resolved = names.get(`${e.entity}:${e.entityId}`);
      const targetName =
        (typeof resolved === 'string' ? resolved : resolved?.[lang]) ?? snapshotName(e.before, e.after);
      return { ...e, targetName, sentence: auditSentence({ ...e, targetName }, lang) };
    }),
  };
}
export { type AuditRecord, appendAudits, auditTrail };

/** A user's name and e-mail, for messaging. */
export async function findUserForMessaging(ctx: AppContext, officeId: string, userId: string) {
  const user = await findUser(ctx.db, officeId, userId);
  if (!user) throw new PlatformError('user_not_found');
  return user;
}
