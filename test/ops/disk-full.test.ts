/**
 * Fault: SQLite's disk fills up. DATA_DIR is an 8 MiB tmpfs mounted for the test (root needed; CI runs as
 * root — without it the test is skipped and says why). A writer creates clients through the API while a
 * filler file takes the last free space. Checked: a refused write answers 507 problem+json in pt-BR or
 * English (never 500), reads keep working, every acknowledged client is there (lost 0) and none twice
 * (duplicated 0), `integrity_check` is ok, and once the filler is removed writes succeed again by
 * themselves (time to normal reported).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { registerCatalog } from '../../src/server/catalog.js';
import { FakeClock } from '../../src/server/clock.js';
import { loadConfig } from '../../src/server/config.js';
import type { AppContext } from '../../src/server/context.js';
import { type DatabaseHandle, openDatabase } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { generateCnpj } from '../../src/server/modules/br/index.js';
import { seedOffice } from '../support/fixtures.js';
import { loginAs, type Session } from '../support/test-app.js';

registerCatalog();

/** Mounts an 8 MiB tmpfs; null (with the reason) where mounting is impossible. */
function mountSmallDisk(): { dir: string; unmount(): void } | string {
  const dir = mkdtempSync(join(tmpdir(), 'expediente-diskfull-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return `cannot mount a tmpfs (run as root, as CI does): ${(err as Error).message.split('\n')[0]}`;
  }
  return {
    dir,
    unmount() {
      execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const disk = mountSmallDisk();
if (typeof disk === 'string') console.warn(`disk-full test skipped: ${disk}`);

describe.skipIf(typeof disk === 'string')('SQLite on a full disk', () => {
  const mount = disk as Exclude<typeof disk, string>;
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let admin: Session;
  let n = 0;
  const acked: string[] = [];

  beforeAll(async () => {
    const config = loadConfig({ LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent', DATA_DIR: mount.dir });
    handle = openDatabase({ dataDir: mount.dir });
    await migrateToLatest(handle.db);
    const ctx: AppContext = {
      db: handle.db,
      dialect: 'sqlite',
      clock: new FakeClock('2026-11-23T12:00:00.000Z'),
      config,
      log: pino({ level: 'silent' }),
    };
    await seedOffice(ctx, 'Escritório Cheio', 'cheio.com.br');
    app = await buildApp(ctx, { webRoot: null });
    await app.ready();
    admin = await loginAs(app, 'admin@cheio.com.br');
  });

  afterAll(async () => {
    await app?.close();
    await handle?.destroy();
    mount.unmount();
  });

  const create = (lang = 'pt-BR') => {
    const legalName = `Cliente ${String(n++).padStart(5, '0')} Ltda`;
    return admin
      .request({
        method: 'POST',
        url: '/api/clients',
        headers: { 'accept-language': lang },
        payload: {
          legalName,
          document: generateCnpj({ random: Math.random }),
          notes: 'Observação longa para ocupar espaço. '.repeat(40),
        },
      })
      .then((res) => {
        if (res.statusCode === 201) acked.push(legalName);
        return res;
      });
  };

  it('refuses writes with 507, loses nothing, and recovers by itself when space returns', async () => {
    for (let i = 0; i < 20; i++) expect((await create()).statusCode).toBe(201);
    // Take the free space but a little.
    const free = () => {
      const s = statfsSync(mount.dir);
      return s.bavail * s.bsize;
    };
    const filler = join(mount.dir, 'filler.bin');
    writeFileSync(filler, Buffer.alloc(Math.max(0, free() - 64 * 1024)));

    const statuses = new Map<number, number>();
    let refused: Awaited<ReturnType<typeof create>> | null = null;
    let refusals = 0;
    // Until five writes in a row were refused: the full disk is a state, not one unlucky write.
    for (let i = 0; i < 400 && refusals < 5; i++) {
      const res = await create();
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode !== 201) {
        refused = res;
        refusals++;
      } else refusals = 0;
    }
    expect(refused, 'the disk never filled').not.toBeNull();
    expect(refused!.statusCode, refused!.body).toBe(507);
    expect(refused!.headers['content-type']).toContain('application/problem+json');
    expect(refused!.headers['retry-after']).toBe('60');
    expect(refused!.json()).toMatchObject({ code: 'http.storage_full', status: 507 });
    expect(refused!.json().title).toContain('disco do servidor está cheio');
    const en = await create('en');
    expect(en.statusCode).toBe(507);
    expect(en.json().title).toContain('server disk is full');
    // Reads still work.
    const list = await admin.request({ method: 'GET', url: '/api/clients?pageSize=1' });
    expect(list.statusCode).toBe(200);

    // Space returns: the next writes succeed with no restart.
    rmSync(filler);
    const freed = performance.now();
    let recovered = false;
    while (performance.now() - freed < 30_000) {
      if ((await create()).statusCode === 201) {
        recovered = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - freed) / 1000;
    expect(recovered).toBe(true);
    for (let i = 0; i < 5; i++) expect((await create()).statusCode).toBe(201);

    // Nothing lost, nothing twice, nothing corrupted.
    const rows = await handle.db
      .selectFrom('clients')
      .select('legal_name')
      .where('legal_name', 'like', 'Cliente %')
      .execute();
    const names = rows.map((r) => r.legal_name);
    const lost = acked.filter((a) => !names.includes(a)).length;
    const duplicated = names.length - new Set(names).size;
    const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(handle.db);
    console.log(
      JSON.stringify({
        fault: 'sqlite-disk-full',
        acknowledged: acked.length,
        refused: [...statuses].filter(([s]) => s !== 201).map(([s, c]) => `${s}×${c}`),
        lost,
        duplicated,
        integrity: check.rows[0]?.integrity_check,
        seconds_to_normal: Math.round(seconds * 1000) / 1000,
      }),
    );
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(names.length).toBe(acked.length);
    expect(check.rows.map((r) => r.integrity_check)).toEqual(['ok']);
    expect(statuses.get(500) ?? 0).toBe(0);
  }, 120_000);
});
