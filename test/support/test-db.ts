import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, inject } from 'vitest';
import { registerCatalog } from '../../src/server/catalog.js';
import { FakeClock } from '../../src/server/clock.js';
import { type Config, loadConfig } from '../../src/server/config.js';
import type { AppContext } from '../../src/server/context.js';
import { type DialectName, openDatabase } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';

/** Every repository and HTTP test runs on both dialects. */
export const dialects: DialectName[] = ['sqlite', 'postgres'];

export interface TestContext extends AppContext {
  clock: FakeClock;
  destroy(): Promise<void>;
}

let counter = 0;

/** A fresh, migrated database of the given dialect, with a fake clock and a silent logger. */
export async function createTestContext(
  dialect: DialectName,
  overrides: Partial<Config> = {},
): Promise<TestContext> {
  registerCatalog();
  const config: Config = {
    ...loadConfig({ LOG_LEVEL: 'silent', SECRET_KEY: 'test-secret-key-0123456789' }),
    ...overrides,
  };
  const log = pino({ level: 'silent' });
  const clock = new FakeClock('2026-11-23T12:00:00.000Z');
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'expediente-test-'));
    const handle = openDatabase({ sqliteFile: join(dir, 'test.sqlite') });
    await migrateToLatest(handle.db);
    return {
      db: handle.db,
      dialect,
      clock,
      config: { ...config, dataDir: dir },
      log,
      async destroy() {
        await handle.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = inject('pgUrl');
  const name = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  await migrateToLatest(handle.db);
  return {
    db: handle.db,
    dialect,
    clock,
    config: { ...config, databaseUrl: url.toString() },
    log,
    async destroy() {
      await handle.destroy();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * `createTestContext` as a describe block's fixture: a `beforeAll` makes the database (then sets the clock to
 * `at`, when given), an `afterAll` destroys it; answers the object the hook fills in, to read in hooks and tests.
 */
export function useTestContext(
  dialect: DialectName,
  options: { config?: Partial<Config>; at?: string } = {},
): TestContext {
  const ctx = {} as TestContext;
  beforeAll(async () => {
    Object.assign(ctx, await createTestContext(dialect, options.config));
    if (options.at) ctx.clock.set(options.at);
  });
  afterAll(async () => ctx.destroy?.());
  return ctx;
}
