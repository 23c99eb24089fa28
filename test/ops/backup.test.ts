/**
 * `backup` and `restore` of the embedded installation (SQLite and the local blob store): a backup taken
 * while a writer keeps creating clients through the API restores into an empty data directory, and the
 * app started on it answers every list as the original did at the backup's instant (the writer's clients
 * a prefix, without holes), with every file readable and the same SHA-256. A non-empty directory is refused
 * without --force; a damaged file restores nothing; PostgreSQL is refused with the pg_dump explanation.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { blobStore } from '../../src/server/blobs/index.js';
import { registerCatalog } from '../../src/server/catalog.js';
import { FakeClock } from '../../src/server/clock.js';
import { loadConfig } from '../../src/server/config.js';
import type { AppContext } from '../../src/server/context.js';
import { openDatabase } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { DEMO_LOGIN, seedDemoOffice } from '../../src/server/demo/demo-office.js';
import { generateCnpj } from '../../src/server/modules/br/index.js';
import { Worker } from '../../src/server/modules/engine/index.js';
import { backup, dataPaths, restore } from '../../src/server/ops/backup.js';
import { loginAs, type Session } from '../support/test-app.js';
import { multipart } from '../tickets/helpers.js';

registerCatalog();

interface Installation {
  dir: string;
  ctx: AppContext;
  app: FastifyInstance;
  admin: Session;
  close(): Promise<void>;
}

/** The app on a data directory laid out as in production (DATA_DIR/expediente.sqlite, secret.key, blobs/). */
async function open(dir: string, at = '2026-11-23T12:00:00.000Z'): Promise<Omit<Installation, 'admin'>> {
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dir });
  const handle = openDatabase({ dataDir: dir });
  await migrateToLatest(handle.db);
  const ctx: AppContext = {
    db: handle.db,
    dialect: 'sqlite',
    clock: new FakeClock(at),
    config,
    log: pino({ level: 'silent' }),
  };
  const app = await buildApp(ctx, { webRoot: null });
  await app.ready();
  return {
    dir,
    ctx,
    app,
    async close() {
      await app.close();
      await handle.destroy();
    },
  };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const tmp = (name: string) => mkdtempSync(join(tmpdir(), `expediente-${name}-`));

/** Every item of a paged list (pages of 100). */
async function all(s: Session, url: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let page = 1; ; page++) {
    const res = await s.request({
      method: 'GET',
      url: `${url}${url.includes('?') ? '&' : '?'}page=${page}&pageSize=100`,
    });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    const body = res.json<{ items: unknown[]; total: number } | unknown[]>();
    if (Array.isArray(body)) return body;
    out.push(...body.items);
    if (out.length >= body.total || body.items.length === 0) return out;
  }
}

async function get<T>(s: Session, url: string): Promise<T> {
  const res = await s.request({ method: 'GET', url });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json<T>();
}

async function download(s: Session, url: string): Promise<string> {
  const res = await s.request({ method: 'GET', url });
  expect(res.statusCode, `${url}: ${res.statusCode}`).toBe(200);
  return sha(res.rawPayload);
}

/** What the API answers, list by list, for the office; writer clients after `keep` left out. */
async function snapshot(s: Session, writerKept?: (name: string) => boolean) {
  const isWriter = (c: { legalName?: string }) => c.legalName?.startsWith('Escrita ') ?? false;
  const clients = (
    (await all(s, '/api/clients?sort=legalName')) as { id: string; legalName: string }[]
  ).filter((c) => !isWriter(c) || !writerKept || writerKept(c.legalName));
  const demoClients = clients.filter((c) => !isWriter(c));
  const perClient: Record<string, unknown> = {};
  const files: Record<string, string> = {};
  for (const c of demoClients) {
    const certidoes = await get<
      { id: string; fileName?: string | null; file?: unknown }[] | { items: { id: string }[] }
    >(s, `/api/clients/${c.id}/certidoes`);
    const certidaoItems = Array.isArray(certidoes) ? certidoes : certidoes.items;
    perClient[c.id] = {
      certificates: await get(s, `/api/clients/${c.id}/certificates`),
      certidoes,
      detail: await get(s, `/api/clients/${c.id}`),
      billing: await get(s, `/api/clients/${c.id}/billing`),
    };
    for (const cd of certidaoItems as { id: string; hasFile?: boolean; file?: unknown }[]) {
      const res = await s.request({ method: 'GET', url: `/api/clients/${c.id}/certidoes/${cd.id}/file` });
      if (res.statusCode === 200) files[`certidao:${cd.id}`] = sha(res.rawPayload);
    }
  }
  const tickets = (await all(s, '/api/tickets')) as { id: string }[];
  for (const t of tickets) {
    const list = await get<{ id: string }[]>(s, `/api/tickets/${t.id}/files`);
    for (const f of list) files[`ticket:${f.id}`] = await download(s, `/api/tickets/${t.id}/files/${f.id}`);
  }
  const invoices = (await all(s, '/api/invoices')) as { id: string }[];
  for (const i of invoices.slice(0, 5))
    files[`invoice:${i.id}`] = await download(s, `/api/invoices/${i.id}/pdf`);
  return {
    clients,
    perClient,
    tickets,
    chats: await Promise.all(tickets.slice(0, 10).map((t) => get(s, `/api/tickets/${t.id}/chat`))),
    messages: await all(s, '/api/messages'),
    mailbox: await all(s, '/api/mailbox'),
    runs: await all(s, '/api/runs'),
    routines: await get(s, '/api/routines'),
    schedules: await get(s, '/api/schedules'),
    invoices,
    users: await get(s, '/api/users'),
    services: await get(s, '/api/services'),
    templates: await get(s, '/api/templates'),
    files,
  };
}

describe('backup and restore (SQLite)', () => {
  let source: Installation;
  let file: string;
  let written = 0;
  const work: string[] = [];

  beforeAll(async () => {
    const dir = tmp('backup-src');
    work.push(dir);
    const o = await open(dir);
    await seedDemoOffice(o.ctx);
    source = { ...o, admin: await loginAs(o.app, DEMO_LOGIN.email, DEMO_LOGIN.password) };
    // Files on tickets, and a routine run with its messages, drained by a worker.
    const tickets = (await all(source.admin, '/api/tickets')) as { id: string }[];
    for (const t of tickets.slice(0, 3)) {
      const res = await source.admin.request({
        method: 'POST',
        url: `/api/tickets/${t.id}/files`,
        ...multipart([
          {
            name: `extrato-${t.id.slice(-4)}.txt`,
            content: randomBytes(75_000).toString('hex'),
            type: 'text/plain',
          },
        ]),
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const run = await source.admin.request({
      method: 'POST',
      url: '/api/routines/certificates.expiring/run',
      payload: {},
    });
    expect(run.statusCode, run.body).toBeLessThan(300);
    const worker = new Worker(source.ctx, { concurrency: 4, pollIntervalMs: 10 });
    worker.start();
    const end = Date.now() + 60_000;
    for (;;) {
      const live = await source.ctx.db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('state', 'in', ['queued', 'running'])
        .where('run_at', '<=', source.ctx.clock.now().toISOString())
        .executeTakeFirstOrThrow();
      if (Number(live.n) === 0 || Date.now() > end) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await worker.stop(5000);

    // The backup, taken while a writer creates clients through the API and stores files.
    file = join(tmp('backup-out'), 'expediente.backup');
    work.push(join(file, '..'));
    let stop = false;
    const writer = (async () => {
      while (!stop) {
        const res = await source.admin.request({
          method: 'POST',
          url: '/api/clients',
          payload: {
            legalName: `Escrita ${String(written).padStart(4, '0')}`,
            document: generateCnpj({ random: Math.random }),
          },
        });
        expect(res.statusCode, res.body).toBe(201);
        written++;
        await blobStore(source.ctx).put(randomBytes(2_000));
        await new Promise((r) => setImmediate(r));
      }
    })();
    while (written < 5) await new Promise((r) => setTimeout(r, 5));
    const summary = await backup(dataPaths(source.ctx.config), file);
    const atBackup = written;
    while (written < atBackup + 5) await new Promise((r) => setTimeout(r, 5));
    stop = true;
    await writer;
    expect(summary.manifest.secretKey).toBe('file');
    expect(summary.blobs).toBeGreaterThan(3);
  }, 240_000);

  afterAll(async () => {
    await source?.close();
    for (const d of work) rmSync(d, { recursive: true, force: true });
  });

  it('restores into an empty directory an installation that answers every list as the original', async () => {
    const target = tmp('backup-dst');
    work.push(target);
    const r = await restore(dataPaths({ dataDir: target, blobStore: { kind: 'local', dir: null } }), file);
    expect(r.blobs).toBeGreaterThan(3);
    expect(readFileSync(join(target, 'secret.key'), 'utf8')).toBe(
      readFileSync(join(source.dir, 'secret.key'), 'utf8'),
    );
    expect(readdirSync(target).filter((n) => n.startsWith('.restore'))).toEqual([]);

    const o = await open(target);
    try {
      expect(o.ctx.config.secretKey).toBe(source.ctx.config.secretKey);
      const restored = await loginAs(o.app, DEMO_LOGIN.email, DEMO_LOGIN.password);
      const after = await snapshot(restored);
      // The writer's clients in the copy: a prefix of what it wrote, without holes, from one commit.
      const names = (after.clients as { legalName: string }[])
        .map((c) => c.legalName)
        .filter((n) => n.startsWith('Escrita '));
      expect(names.length).toBeGreaterThanOrEqual(5);
      expect(names.length).toBeLessThan(written);
      expect(names).toEqual(names.map((_, i) => `Escrita ${String(i).padStart(4, '0')}`));
      const kept = new Set(names);
      const before = await snapshot(source.admin, (n) => kept.has(n));
      expect(Object.keys(before.files).length).toBeGreaterThan(3);
      expect((before.messages as unknown[]).length).toBeGreaterThan(0);
      expect((before.runs as unknown[]).length).toBeGreaterThan(0);
      expect(after).toEqual(before);
    } finally {
      await o.close();
    }
  }, 240_000);

  it('refuses a directory that is not empty unless forced, and then replaces its database', async () => {
    const target = tmp('backup-busy');
    work.push(target);
    writeFileSync(join(target, 'expediente.sqlite'), 'not a database');
    const paths = dataPaths({ dataDir: target, blobStore: { kind: 'local', dir: null } });
    await expect(restore(paths, file)).rejects.toMatchObject({ code: 'backup.not_empty' });
    expect(readFileSync(join(target, 'expediente.sqlite'), 'utf8')).toBe('not a database');
    await restore(paths, file, { force: true });
    const o = await open(target);
    try {
      await loginAs(o.app, DEMO_LOGIN.email, DEMO_LOGIN.password);
    } finally {
      await o.close();
    }
  }, 120_000);

  it('restores nothing from a damaged or foreign file', async () => {
    const bytes = readFileSync(file);
    const cases: [string, Buffer][] = [
      ['truncated', bytes.subarray(0, Math.floor(bytes.length / 2))],
      ['not a backup', Buffer.from('hello')],
    ];
    for (const [name, content] of cases) {
      const bad = join(tmp('backup-bad'), 'bad.backup');
      work.push(join(bad, '..'));
      writeFileSync(bad, content);
      const target = tmp('backup-none');
      work.push(target);
      await expect(
        restore(dataPaths({ dataDir: target, blobStore: { kind: 'local', dir: null } }), bad),
        name,
      ).rejects.toMatchObject({ code: 'backup.not_a_backup' });
      expect(readdirSync(target), name).toEqual([]);
    }
  });

  it('never overwrites a file, and explains pg_dump on PostgreSQL (CLI, exit code 2)', async () => {
    await expect(backup(dataPaths(source.ctx.config), file)).rejects.toMatchObject({
      code: 'backup.output_exists',
    });
    const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const r = spawnSync(tsx, ['src/server/main.ts', 'backup', join(tmpdir(), 'never.backup')], {
      env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', SECRET_KEY: 'x'.repeat(32) },
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('pg_dump');
    expect(r.stderr).toContain('Com PostgreSQL');
    expect(existsSync(join(tmpdir(), 'never.backup'))).toBe(false);
  }, 60_000);
});
