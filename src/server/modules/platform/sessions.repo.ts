import { PostgresAdapter, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { prepared } from '../../db/prepared.js';

/** The channel a change to a user's sessions is announced on (payload: the user's id); session-cache.ts. */
export const SESSIONS_CHANNEL = 'expediente_sessions';

const onPostgres = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

/** This process's session caches, told of a change before it commits (session-cache.ts `pending`). */
const localWatchers = new Set<(userId: string) => void>();

/** Registers a cache to hear of this process's own session changes; returns the unregistering call. */
export function watchLocalSessionChanges(fn: (userId: string) => void): () => void {
  localWatchers.add(fn);
  return () => localWatchers.delete(fn);
}

/**
 * Tells this process's caches at once, before the commit: until the NOTIFY comes back to them they neither
 * answer nor store that user's sessions, so the request that follows this one in the same process never
 * sees the old session, however late its own notification arrives.
 */
function changingHere(userId: string) {
  for (const fn of localWatchers) fn(userId);
}

/**
 * Announces, at the commit of `db`'s transaction (or at once outside one), that a user's sessions ended or
 * their principal changed (role, language, deactivation), so that every web process drops what it cached
 * (session-cache.ts). PostgreSQL only: SQLite deployments are one process and cache nothing.
 */
export async function sessionsChanged(db: Db, userId: string): Promise<void> {
  if (!onPostgres(db)) return;
  changingHere(userId);
  await sql`select pg_notify(${SESSIONS_CHANNEL}, ${userId})`.execute(db);
}

export async function insertSession(
  db: Db,
  s: {
    tokenHash: string;
    userId: string;
    officeId: string;
    csrfToken: string;
    createdAt: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: s.tokenHash,
      user_id: s.userId,
      office_id: s.officeId,
      csrf_token: s.csrfToken,
      created_at: s.createdAt.toISOString(),
      expires_at: s.expiresAt.toISOString(),
    })
    .execute();
}

/**
 * Every authenticated request's statement: `prepared` (db/prepared.ts), so PostgreSQL runs it as a named
 * statement and does not plan it each time (planning was 6–8× its execution).
 */
const liveSession = prepared((db, tokenHash: string, now: string) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.user_id',
      'sessions.office_id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'users.role',
      'users.language',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .where('users.active', '=', 1),
);

/** The live session with its user, if the user is still active. */
export async function findLiveSession(db: Db, tokenHash: string, now: Date) {
  return liveSession.first(db, tokenHash, now.toISOString());
}

/** Ends one session (logout), announced to every process in the same statement on PostgreSQL. */
export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  if (onPostgres(db)) {
    // The logout commits with this statement: this process's caches hear of it before its answer leaves.
    const { rows } = await sql<{ user_id: string }>`with d as (
        delete from sessions where token_hash = ${tokenHash} returning user_id)
      select user_id, pg_notify(${SESSIONS_CHANNEL}, user_id) from d`.execute(db);
    for (const { user_id } of rows) changingHere(user_id);
    return;
  }
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/**
 * Ends every session of a user except, optionally, the one in use (after a password change), and
 * announces it (`sessionsChanged`: run it in the change's transaction, so the news leaves at its commit).
 */
export async function deleteUserSessions(db: Db, userId: string, keepTokenHash?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepTokenHash) q = q.where('token_hash', '!=', keepTokenHash);
  await q.execute();
  await sessionsChanged(db, userId);
}

/** Deletes the sessions expired at `now`; returns how many (retention.ts runs it in the background). */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const res = await db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
  return Number(res.numDeletedRows);
}
