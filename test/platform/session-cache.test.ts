/**
 * The web process's session cache (platform/session-cache.ts): on PostgreSQL a second process ("B", its
 * own pool and listener on the same database) serves sessions from memory, and a logout, a password
 * change, a deactivation or a role change made through another process ("A") reaches B by NOTIFY at its
 * commit; with B's listener cut (as by a PostgreSQL restart) B reads every session again until it
 * listens anew. On SQLite nothing is cached.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { openDatabase } from '../../src/server/db/database.js';
import { createUser, sessionAuthenticator } from '../../src/server/modules/platform/index.js';
import { sessionsChanged } from '../../src/server/modules/platform/sessions.repo.js';
import { PASSWORD, type SeededOffice, seedOffice } from '../support/fixtures.js';
import { loginAs, type Session } from '../support/test-app.js';
import { createTestContext, type TestContext } from '../support/test-db.js';

const tokenOf = (s: Session) => s.cookie.replace(/^exp_session=/, '');
const waitFor = <T>(check: () => Promise<T>) => vi.waitFor(check, { timeout: 5000, interval: 20 });

describe('session cache on sqlite', () => {
  it('is off: every lookup reads the session', async () => {
    const ctx = await createTestContext('sqlite');
    try {
      await seedOffice(ctx, 'Escritório S', 's.com.br');
      const app = await buildApp(ctx, { webRoot: null });
      const s = await loginAs(app, 'admin@s.com.br');
      const auth = sessionAuthenticator(ctx);
      expect(auth.cache).toBeNull();
      expect((await auth.fromSession(ctx, tokenOf(s)))?.role).toBe('admin');
      await ctx.db.deleteFrom('sessions').execute();
      expect(await auth.fromSession(ctx, tokenOf(s))).toBeNull();
      await app.close();
    } finally {
      await ctx.destroy();
    }
  });
});

describe('session cache on postgres, two processes', () => {
  let ctx: TestContext;
  let seed: SeededOffice;
  let a: Awaited<ReturnType<typeof buildApp>>;
  let destroyB: () => Promise<void>;
  let b: ReturnType<typeof sessionAuthenticator>;
  let ctxB: TestContext;

  beforeAll(async () => {
    ctx = await createTestContext('postgres', { sessionTtlMs: 365 * 86_400_000 });
    seed = await seedOffice(ctx, 'Escritório P', 'p.com.br');
    for (const name of ['um', 'dois', 'tres']) {
      await createUser(ctx, seed.actor, {
        name: `Pessoa ${name}`,
        email: `${name}@p.com.br`,
        role: 'staff',
        supervisorId: null,
        professionIds: [],
        password: PASSWORD,
        active: true,
      });
    }
    a = await buildApp(ctx, { webRoot: null });
    const handle = openDatabase({ databaseUrl: ctx.config.databaseUrl!, poolSize: 2 });
    ctxB = { ...ctx, db: handle.db };
    destroyB = () => handle.destroy();
    b = sessionAuthenticator(ctxB);
  });
  afterAll(async () => {
    await b?.close();
    await destroyB?.();
    await a?.close();
    await ctx?.destroy();
  });

  /** B's principal for a session, once B's listener is up and the session is in B's memory. */
  async function cachedOnB(s: Session) {
    await b.fromSession(ctxB, tokenOf(s));
    await waitFor(async () => expect(b.cache?.live).toBe(true));
    const p = await b.fromSession(ctxB, tokenOf(s));
    expect(p).not.toBeNull();
    return p!;
  }

  it('serves a session from memory: a row deleted behind its back (no NOTIFY) still answers', async () => {
    const s = await loginAs(a, 'staff@p.com.br');
    await cachedOnB(s);
    await ctx.db.deleteFrom('sessions').where('user_id', '=', seed.staff.id).execute();
    expect((await b.fromSession(ctxB, tokenOf(s)))?.userId).toBe(seed.staff.id);
    // Process A has no such memory of it (its own lookups are cached only once it read them).
    const res = await a.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(401);
  });

  it('a logout through A ends the session in B', async () => {
    const s = await loginAs(a, 'admin@p.com.br');
    expect((await cachedOnB(s)).role).toBe('admin');
    const out = await s.request({ method: 'POST', url: '/api/auth/logout' });
    expect(out.statusCode).toBe(204);
    await waitFor(async () => expect(await b.fromSession(ctxB, tokenOf(s))).toBeNull());
  });

  it('a password change ends the user’s other sessions in B, and keeps the one that changed it', async () => {
    const other = await loginAs(a, 'um@p.com.br');
    const changer = await loginAs(a, 'um@p.com.br');
    await cachedOnB(other);
    await cachedOnB(changer);
    const res = await changer.request({
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: PASSWORD, newPassword: 'outra-senha-forte-2026' },
    });
    expect(res.statusCode, res.body).toBe(204);
    await waitFor(async () => expect(await b.fromSession(ctxB, tokenOf(other))).toBeNull());
    expect(await b.fromSession(ctxB, tokenOf(changer))).not.toBeNull();
  });

  it('a deactivation and a role change reach B', async () => {
    const admin = await loginAs(a, 'admin@p.com.br');
    const dois = await loginAs(a, 'dois@p.com.br');
    const tres = await loginAs(a, 'tres@p.com.br');
    await cachedOnB(dois);
    expect((await cachedOnB(tres)).role).toBe('staff');
    const users = (await admin.request({ method: 'GET', url: '/api/users' })).json<
      { items?: { id: string; email: string }[] } | { id: string; email: string }[]
    >();
    const list = Array.isArray(users) ? users : (users.items ?? []);
    const idOf = (email: string) => list.find((u) => u.email === email)!.id;
    const off = await admin.request({
      method: 'PATCH',
      url: `/api/users/${idOf('dois@p.com.br')}`,
      payload: { active: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    const role = await admin.request({
      method: 'PATCH',
      url: `/api/users/${idOf('tres@p.com.br')}`,
      payload: { role: 'admin' },
    });
    expect(role.statusCode, role.body).toBe(200);
    await waitFor(async () => expect(await b.fromSession(ctxB, tokenOf(dois))).toBeNull());
    await waitFor(async () => expect((await b.fromSession(ctxB, tokenOf(tres)))?.role).toBe('admin'));
  });

  it('with its listener cut (a PostgreSQL restart), B reads sessions again, then listens anew', async () => {
    const stale = await loginAs(a, 'staff@p.com.br');
    await cachedOnB(stale);
    // Deleted without a NOTIFY: only B's memory still has it.
    await ctx.db.deleteFrom('sessions').where('user_id', '=', seed.staff.id).execute();
    expect(await b.fromSession(ctxB, tokenOf(stale))).not.toBeNull();
    const { rows } = await ctx.db.executeQuery<{ n: number }>({
      sql: `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
             where datname = current_database() and query ilike 'LISTEN expediente_sessions%'`,
      parameters: [],
      query: undefined as never,
      queryId: undefined as never,
    });
    expect(rows[0]!.n).toBeGreaterThanOrEqual(1);
    await waitFor(async () => expect(b.cache?.live).toBe(false));
    // The memory is gone with the listener: the row is read, and it is not there.
    expect(await b.fromSession(ctxB, tokenOf(stale))).toBeNull();
    // Back in a second or so; a logout through A reaches B again.
    const s = await loginAs(a, 'admin@p.com.br');
    await cachedOnB(s);
    expect((await s.request({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    await waitFor(async () => expect(await b.fromSession(ctxB, tokenOf(s))).toBeNull());
  });

  it('a change made in the same process stops its memory of that user at once, before its NOTIFY returns', async () => {
    const s = await loginAs(a, 'staff@p.com.br');
    const userId = (await cachedOnB(s)).userId!;
    // A change that B's own process makes and never commits: its NOTIFY never comes back.
    await expect(
      ctxB.db.transaction().execute(async (trx) => {
        await sessionsChanged(trx, userId);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    // Deleted without a NOTIFY: B's memory would still answer, but the user is pending in this process.
    await ctx.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    expect(await b.fromSession(ctxB, tokenOf(s))).toBeNull();
    // Another user's session is still served from memory (not the admin: the last test's logout of the admin
    // may still be on its way to B, and its NOTIFY would drop the entry).
    const other = await loginAs(a, 'tres@p.com.br');
    const o = await cachedOnB(other);
    await ctx.db.deleteFrom('sessions').where('user_id', '=', o.userId).execute();
    expect((await b.fromSession(ctxB, tokenOf(other)))?.userId).toBe(o.userId);
  });
});
