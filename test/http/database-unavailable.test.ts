/**
 * A web process whose PostgreSQL cannot be reached (restarting, failed over, the network cut): it stays up,
 * answers `503 http.database_unavailable` with `Retry-After`, and its readiness is 503 — never a 500 that
 * reads as a bug. The cluster test (test/cluster) restarts a real PostgreSQL under two web processes.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { registerCatalog } from '../../src/server/catalog.js';
import { systemClock } from '../../src/server/clock.js';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/db/database.js';
import { freePort } from '../support/pg-cluster.js';
import { expectProblem } from './helpers.js';

describe('a web process whose database cannot be reached', () => {
  let handle: ReturnType<typeof openDatabase>;
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    registerCatalog();
    // A port nothing listens on: every connection is refused, as while PostgreSQL restarts.
    const databaseUrl = `postgres://postgres@127.0.0.1:${await freePort()}/expediente`;
    handle = openDatabase({ databaseUrl, poolSize: 2 });
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      SECRET_KEY: 'test-secret-key-0123456789',
      DATABASE_URL: databaseUrl,
    });
    app = await buildApp(
      { db: handle.db, dialect: handle.dialect, clock: systemClock, config, log: pino({ level: 'silent' }) },
      { webRoot: null },
    );
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await handle.destroy();
  });

  it('answers 503 with Retry-After, in both languages, instead of a 500', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'admin@teste.com.br', password: 'correct-horse-battery' },
    });
    const body = expectProblem(res, 503, 'http.database_unavailable');
    expect(res.headers['retry-after']).toBe('5');
    expect(body.detail).toMatch(/banco de dados/);
    const en = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'en' },
      payload: { email: 'admin@teste.com.br', password: 'correct-horse-battery' },
    });
    expect(expectProblem(en, 503, 'http.database_unavailable').detail).toMatch(/database cannot be reached/);
  });

  it('is not ready (haproxy sends it nothing), while it stays alive', async () => {
    const ready = await app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(expectProblem(ready, 503, 'http.not_ready')).toMatchObject({ reason: 'database' });
    const live = await app.inject({ method: 'GET', url: '/api/health/live' });
    expect(live.statusCode).toBe(200);
  });
});
