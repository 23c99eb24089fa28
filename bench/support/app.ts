import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/server/app.js';
import { systemClock } from '../../src/server/clock.js';
import { type Config, loadConfig } from '../../src/server/config.js';
import type { AppContext } from '../../src/server/context.js';
import { type DatabaseHandle, openDatabase } from '../../src/server/db/database.js';
import { createOffice, createUser, getProfessions } from '../../src/server/modules/platform/index.js';

export const BENCH_PASSWORD = 'bench-password-123';

/** An application context on an open database: system clock, silent logger. */
export function benchContext(handle: DatabaseHandle, overrides: Partial<Config> = {}): AppContext {
  return {
    db: handle.db,
    dialect: handle.dialect,
    clock: systemClock,
    config: { ...loadConfig({ LOG_LEVEL: 'silent' }), ...overrides },
    log: pino({ level: 'silent' }),
  };
}

/**
 * A throwaway bench database — a SQLite file in a new temporary folder (`prefix`), or `databaseUrl`'s
 * PostgreSQL — and its context: the folder as DATA_DIR, a fixed secret key, no per-minute sending limit.
 */
export function benchDatabase(prefix: string, databaseUrl?: string, overrides: Partial<Config> = {}) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const sqliteFile = join(dir, 'bench.sqlite');
  const handle = openDatabase(databaseUrl ? { databaseUrl, poolSize: 10 } : { sqliteFile });
  const ctx = benchContext(handle, {
    dataDir: dir,
    secretKey: 'bench-secret-key-0123456789',
    rateLimitPerMinute: { email: 0, whatsapp: 0, sms: 0 },
    ...overrides,
  });
  return { dir, sqliteFile, handle, ctx };
}

/** One office with one admin user (who can log in with BENCH_PASSWORD). */
export async function seedBenchOffice(ctx: AppContext, email = 'admin@bench.com.br') {
  const office = await createOffice(ctx, { name: 'Escritório Bench', state: 'SP', city: 'São Paulo' });
  const professions = await getProfessions(ctx, office.id);
  const admin = await createUser(
    ctx,
    { officeId: office.id, userId: null },
    {
      name: 'Ana Bench',
      email,
      role: 'admin',
      supervisorId: null,
      professionIds: professions.slice(0, 1).map((p) => p.id),
      password: BENCH_PASSWORD,
      active: true,
    },
  );
  return { office, admin, professions };
}

/** The real HTTP application (routing, auth, validation, serialisation), driven through `app.inject()`. */
export async function benchApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = await buildApp(ctx, { webRoot: null });
  await app.ready();
  return app;
}

export interface BenchSession {
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  /** GET `url`, throwing unless the status is 200; returns the parsed body. */
  get<T = unknown>(url: string): Promise<T>;
}

/** Logs in through `POST /api/auth/login` and sends the `exp_session` cookie (and CSRF token) on every request. */
export async function login(
  app: FastifyInstance,
  email: string,
  password = BENCH_PASSWORD,
): Promise<BenchSession> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'exp_session');
  if (!cookie) throw new Error('login returned no exp_session cookie');
  const csrfToken = res.json<{ csrfToken: string }>().csrfToken;
  const headers = { cookie: `exp_session=${cookie.value}`, 'x-csrf-token': csrfToken };
  const request = (opts: InjectOptions) =>
    app.inject({ ...opts, headers: { ...headers, ...(opts.headers ?? {}) } });
  return {
    request,
    async get<T>(url: string) {
      const r = await request({ method: 'GET', url });
      if (r.statusCode !== 200) throw new Error(`GET ${url}: ${r.statusCode} ${r.body.slice(0, 300)}`);
      return r.json<T>();
    },
  };
}
