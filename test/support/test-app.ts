import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
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
