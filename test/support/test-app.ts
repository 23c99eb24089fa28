import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import type { Config } from '../../src/server/config.js';
import type { DialectName } from '../../src/server/db/database.js';
import { PASSWORD, seedOffice } from './fixtures.js';
import { createTestContext, type TestContext } from './test-db.js';

/** A logged-in browser session against `app.inject()`: cookie + CSRF token sent on every request. */
export interface Session {
  cookie: string;
  csrfToken: string;
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function loginAs(app: FastifyInstance, email: string, password = PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'exp_session')!;
  const csrfToken = res.json<{ csrfToken: string }>().csrfToken;
  const header = `exp_session=${cookie.value}`;
  return {
    cookie: header,
    csrfToken,
    request: (opts) =>
      app.inject({
        ...opts,
        headers: { cookie: header, 'x-csrf-token': csrfToken, ...(opts.headers ?? {}) },
      }),
  };
}

/** An app on a fresh database of `dialect`, with two offices (A and B), each with an admin and a staff user. */
export async function createTestApp(dialect: DialectName, overrides: Partial<Config> = {}) {
  const ctx: TestContext = await createTestContext(dialect, overrides);
  const a = await seedOffice(ctx, 'Escritório A', 'a.com.br');
  const b = await seedOffice(ctx, 'Escritório B', 'b.com.br');
  const app = await buildApp(ctx, { webRoot: null });
  await app.ready();
  return {
    ctx,
    app,
    a,
    b,
    async close() {
      await app.close();
      await ctx.destroy();
    },
  };
}
export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * `createTestApp` as a describe block's fixture: registers a `beforeAll` that builds the app (then sets the
 * clock to `at`, when given) and an `afterAll` that closes it, and answers the object the hook fills in: read
 * its fields inside hooks and tests only.
 *
 * @example
 * describe.each(dialects)('tasks on %s', (dialect) => {
 *   const t = useTestApp(dialect, { config: { sessionTtlMs: 365 * 86_400_000 } });
 *   const admin = useSession(t, 'admin@a.com.br');
 *   it('…', async () => { await admin.request({ method: 'GET', url: '/api/tasks' }); });
 * });
 */
export function useTestApp(
  dialect: DialectName,
  options: { config?: Partial<Config>; at?: string } = {},
): TestApp {
  return useFixture(async () => {
    const t = await createTestApp(dialect, options.config);
    if (options.at) t.ctx.clock.set(options.at);
    return t;
  });
}

/**
 * Any closable test world as a describe block's fixture: `make` runs in a `beforeAll`, `close` in an
 * `afterAll`; answers the object the hook fills in (`const w = useFixture(() => collectionWorld(dialect))`).
 */
export function useFixture<T extends { close(): Promise<void> }>(make: () => Promise<T>): T {
  const fixture = {} as T;
  beforeAll(async () => {
    Object.assign(fixture, await make());
  });
  afterAll(async () => fixture.close?.());
  return fixture;
}

/**
 * A session of `email` on a `useTestApp` fixture, signed in (an audit entry, like any login) by a `beforeAll`
 * registered where this is called: after the app's, before the hooks declared below it.
 */
export function useSession(t: TestApp, email: string): Session {
  const session = {} as Session;
  beforeAll(async () => {
    Object.assign(session, await loginAs(t.app, email));
  });
  return session;
}

/** Signs a `useSession` session in again (it expired, or the password changed): the same object, a new cookie. */
export async function relogin(session: Session, app: FastifyInstance, email: string, password = PASSWORD) {
  Object.assign(session, await loginAs(app, email, password));
}
