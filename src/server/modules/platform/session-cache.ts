import type pg from 'pg';
import type { AppContext, Principal } from '../../context.js';
import { pgDriver } from '../../db/database.js';
import { principalFromSession, sha256 } from './platform.service.js';
import { findLiveSession, SESSIONS_CHANNEL, watchLocalSessionChanges } from './sessions.repo.js';

/** How long a cached session is used at most, even with its listener up (a bound, not the invalidation). */
const CACHE_MS = 30_000;
/** Sessions cached per process; past that the cache starts over. */
const MAX_ENTRIES = 10_000;
const RECONNECT_MS = 1000;
/** How long a change this process made waits for its notification at most (a rolled-back one never comes). */
const PENDING_MS = 30_000;

interface Entry {
  principal: Principal;
  userId: string;
  /** The session's expires_at (ms). */
  expiresAt: number;
  /** Date.now() past which the entry is read again. */
  until: number;
}

/**
 * A web process's memory of the sessions it authenticated, on PostgreSQL: every authenticated request
 * read its session and user (one statement, ≈ a fifth of the statements of the cluster bench's requests).
 *
 * Correct across processes because every change that ends a session or changes what the principal holds
 * — logout, a password change, a deactivation, a role or language change — sends `NOTIFY
 * expediente_sessions, <user id>` in its own transaction (sessions.repo.ts `sessionsChanged`), delivered
 * at its commit to every process, which then drops that user's entries. The cache is used only while its
 * listener connection is up and listening:
 * - before the first `LISTEN` has answered, and from the moment the connection fails (a PostgreSQL
 *   restart, a terminated backend, a network error) until it listens again, every request reads its
 *   session from the database, and the entries are dropped (notifications may have been missed);
 * - a read that a notification (or a lost listener) overtook is not stored: its snapshot may be older
 *   than the change (`changes` below);
 * - an entry is used for CACHE_MS at most, and never past the session's own expiry.
 *
 * A revocation therefore takes effect in another process when its notification arrives (the commit plus
 * the delivery, milliseconds), not after a TTL. SQLite deployments are one process and keep reading the
 * row (an in-process call): `sessionAuthenticator` caches only on PostgreSQL.
 */
export class SessionCache {
  readonly #entries = new Map<string, Entry>();
  /** Notifications received and listener losses so far: a read is stored only if none came meanwhile. */
  #changes = 0;
  #live = false;
  #client: pg.Client | null = null;
  #closed = false;
  #retry: NodeJS.Timeout | null = null;
  #started = false;
  /** Users this process is changing (their NOTIFY not heard back yet), with until when to wait for it. */
  readonly #pending = new Map<string, number>();
  readonly #unwatch: () => void;

  constructor(private readonly ctx: AppContext) {
    this.#unwatch = watchLocalSessionChanges((userId) => {
      this.#pending.set(userId, Date.now() + PENDING_MS);
      this.#changed(userId);
    });
  }

  /** Whether a change this process made to the user's sessions may not have reached the cache yet. */
  #isPending(userId: string): boolean {
    const until = this.#pending.get(userId);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.#pending.delete(userId);
    return false;
  }

  /** The principal of a session token's hash, from memory when the listener allows it. */
  async principal(tokenHash: string): Promise<Principal | null> {
    const now = this.ctx.clock.now().getTime();
    if (!this.#started) this.#start();
    if (this.#live) {
      const hit = this.#entries.get(tokenHash);
      if (hit && hit.until > Date.now() && now < hit.expiresAt && !this.#isPending(hit.userId))
        return hit.principal;
    }
    const changes = this.#changes;
    const live = this.#live;
    const row = await findLiveSession(this.ctx.db, tokenHash, new Date(now));
    if (!row) return null;
    const principal: Principal = {
      kind: 'session',
      officeId: row.office_id,
      userId: row.user_id,
      role: row.role,
      csrfToken: row.csrf_token,
      language: row.language,
    };
    if (live && this.#live && this.#changes === changes && !this.#isPending(row.user_id)) {
      if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
      this.#entries.set(tokenHash, {
        principal,
        userId: row.user_id,
        expiresAt: Date.parse(row.expires_at),
        until: Date.now() + CACHE_MS,
      });
    }
    return principal;
  }

  /** Whether cached entries are being used (the listener is up and listening). */
  get live(): boolean {
    return this.#live;
  }

  /** Drops a user's entries (a notification's payload), or every entry. */
  #changed(userId: string | null) {
    this.#changes++;
    if (userId === null) {
      this.#entries.clear();
      return;
    }
    for (const [hash, e] of this.#entries) if (e.userId === userId) this.#entries.delete(hash);
  }

  #lost(c: pg.Client) {
    if (this.#client !== c && this.#client !== null) return;
    this.#client = null;
    this.#live = false;
    this.#changed(null);
    void c.end().catch(() => {});
    if (!this.#closed && !this.#retry) {
      this.#retry = setTimeout(() => {
        this.#retry = null;
        void this.#connect();
      }, RECONNECT_MS);
      this.#retry.unref();
    }
  }

  #start() {
    this.#started = true;
    void this.#connect();
  }

  async #connect() {
    if (this.#closed || !this.ctx.config.databaseUrl) return;
    const c = new (pgDriver().Client)({ connectionString: this.ctx.config.databaseUrl, keepAlive: true });
    this.#client = c;
    c.on('notification', (msg) => {
      if (msg.channel !== SESSIONS_CHANNEL) return;
      if (msg.payload) this.#pending.delete(msg.payload);
      this.#changed(msg.payload || null);
    });
    c.on('error', () => this.#lost(c));
    c.on('end', () => this.#lost(c));
    try {
      await c.connect();
      await c.query(`LISTEN ${SESSIONS_CHANNEL}`);
      if (this.#closed || this.#client !== c) {
        await c.end().catch(() => {});
        return;
      }
      // Anything read before now may predate a change this listener never heard of.
      this.#changed(null);
      this.#live = true;
    } catch (err) {
      this.ctx.log.warn({ err }, 'sessions LISTEN failed; sessions are read per request until it reconnects');
      this.#lost(c);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#live = false;
    this.#unwatch();
    if (this.#retry) clearTimeout(this.#retry);
    const c = this.#client;
    this.#client = null;
    this.#entries.clear();
    await c?.end().catch(() => {});
  }
}

/**
 * The session lookup of the web process's HTTP layer (app.ts hands it to `registerAuth`): cached on
 * PostgreSQL (SessionCache), one read per request on SQLite. `close` ends the listener (the app's onClose).
 */
export function sessionAuthenticator(ctx: AppContext) {
  const cache = ctx.dialect === 'postgres' && ctx.config.databaseUrl ? new SessionCache(ctx) : null;
  return {
    cache,
    fromSession: (c: AppContext, sessionToken: string) =>
      cache && c === ctx ? cache.principal(sha256(sessionToken)) : principalFromSession(c, sessionToken),
    close: async () => cache?.close(),
  };
}
