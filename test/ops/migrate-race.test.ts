/**
 * Fault: three processes starting at once against one database run each migration once — on one SQLite
 * file and on one PostgreSQL database. Each round starts three processes that call the migrator in the
 * same millisecond (test/ops/fixtures/migrate-at.ts, a start barrier), then three `main.ts migrate` as an operator
 * would. Reported: migrations lost (not applied; must be 0), duplicated (applied by two processes; must be
 * 0), failed processes (must be 0), and the time until the schema is current.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/server/db/database.js';
import { pendingMigrations } from '../../src/server/db/migrate.js';
import { dialects } from '../support/test-db.js';

const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(tsx, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('close', (code) => resolve({ code, out }));
  });
}

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanup) await c();
});

async function target(dialect: (typeof dialects)[number]): Promise<NodeJS.ProcessEnv> {
  const secret = { SECRET_KEY: 'migrate-race-secret-0123456789', LOG_LEVEL: 'silent' };
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'expediente-migrate-race-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    return { ...secret, DATA_DIR: dir };
  }
  const adminUrl = inject('pgUrl');
  const name = `race_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanup.push(async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { ...secret, DATABASE_URL: url.toString() };
}

describe.each(dialects)('three processes migrating one %s database at once', (dialect) => {
  it('apply each migration once, none lost, none failing', async () => {
    const env = await target(dialect);
    const t0 = Date.now();
    const startAt = Date.now() + 4000; // every process loaded and waiting by then
    const racers = await Promise.all(
      [1, 2, 3].map(() => run(['test/ops/fixtures/migrate-at.ts'], { ...env, START_AT: String(startAt) })),
    );
    const seconds = (Date.now() - startAt) / 1000;
    for (const r of racers) expect(r.code, r.out).toBe(0);
    const applied = racers.flatMap(
      (r) => (JSON.parse(r.out.trim().split('\n').pop()!) as { applied: string[] }).applied,
    );

    const handle = openDatabase(
      env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL, poolSize: 1 } : { dataDir: env.DATA_DIR! },
    );
    try {
      const rows = await handle.db
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .execute();
      const names = (rows as { name: string }[]).map((r) => r.name).sort();
      const lost = (await pendingMigrations(handle.db)).length;
      const duplicated = applied.length - new Set(applied).size;
      console.log(
        JSON.stringify({
          fault: 'migrate-race',
          dialect,
          lost,
          duplicated,
          failed: 0,
          seconds_to_normal: seconds,
        }),
      );
      expect(lost).toBe(0);
      expect(duplicated).toBe(0);
      expect([...applied].sort()).toEqual(names);
      expect(names.length).toBeGreaterThan(10);

      // Then as an operator would: `migrate` three times at once on the current schema.
      const cli = await Promise.all([1, 2, 3].map(() => run(['src/server/main.ts', 'migrate'], env)));
      for (const r of cli) {
        expect(r.code, r.out).toBe(0);
        expect(r.out).toContain('The schema is up to date.');
      }
      expect(Date.now() - t0).toBeLessThan(120_000);
    } finally {
      await handle.destroy();
    }
  }, 180_000);
});
