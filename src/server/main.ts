#!/usr/bin/env node
/**
 * The one binary. Commands:
 *   start            HTTP API + web app (the embedded default), migrating and seeding a demo office first
 *   web              the HTTP API + web app only (several machines; PostgreSQL)
 *   worker [--pool NAME …] [--concurrency N] [--no-scheduler]
 *                    background work only: a worker for the pools, the scheduler and pruning
 *   migrate          bring the database schema to the latest version
 *   seed --demo      create the demo office (only into an empty database)
 *   backup FILE      an online backup of the embedded installation (SQLite and its files) into FILE
 *   restore FILE [--force]
 *                    restore a backup into an empty data directory (docs/operations.md)
 */
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { type Background, startBackground } from './background.js';
import { registerCatalog } from './catalog.js';
import { systemClock } from './clock.js';
import { type Config, loadConfig } from './config.js';
import type { AppContext } from './context.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { DEMO_LOGIN, seedDemoOffice } from './demo/demo-office.js';
import { createLogger } from './logger.js';
import { countOffices } from './modules/platform/index.js';
import { BackupError } from './ops/backup.errors.js';
import { backup, dataPaths, restore } from './ops/backup.js';

function createContext(config: Config): AppContext & { destroy(): Promise<void> } {
  registerCatalog();
  const log = createLogger(config);
  const handle = openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onIdleError: (err) => log.warn({ err }, 'a database connection failed; the pool replaces it'),
  });
  return { db: handle.db, dialect: handle.dialect, clock: systemClock, config, log, destroy: handle.destroy };
}

async function seedIfEmpty(ctx: AppContext): Promise<boolean> {
  if ((await countOffices(ctx.db)) > 0) return false;
  await seedDemoOffice(ctx);
  return true;
}

/** Stops the process's roles on SIGTERM/SIGINT: drains running jobs; a second signal forces the exit. */
function onSignals(ctx: AppContext & { destroy(): Promise<void> }, stopRoles: () => Promise<void>) {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      ctx.log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    ctx.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 60_000).unref();
    await stopRoles();
    await ctx.destroy();
    clearTimeout(timer);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

function flagValues(args: string[], name: string): string[] {
  const out: string[] = [];
  args.forEach((a, i) => {
    if (a === name && args[i + 1]) out.push(args[i + 1]!);
    else if (a.startsWith(`${name}=`)) out.push(a.slice(name.length + 1));
  });
  return out;
}

async function work(ctx: AppContext & { destroy(): Promise<void> }, args: string[]) {
  await migrateToLatest(ctx.db);
  const pools = flagValues(args, '--pool');
  const concurrency = flagValues(args, '--concurrency')[0];
  if (concurrency) ctx.config.workerConcurrency = Number(concurrency);
  const bg = startBackground(ctx, {
    pools: pools.length ? pools : undefined,
    scheduler: !args.includes('--no-scheduler'),
  });
  console.log(`Expediente worker ${bg.worker.id} serving pools: ${bg.worker.pools.join(', ')}`);
  onSignals(ctx, () => bg.stop());
}

async function serve(ctx: AppContext & { destroy(): Promise<void> }, seed: boolean, background: boolean) {
  const applied = await migrateToLatest(ctx.db);
  if (applied.length) ctx.log.info({ applied }, 'migrations applied');
  const seeded = seed && ctx.config.demoSeed ? await seedIfEmpty(ctx) : false;
  const app: FastifyInstance = await buildApp(ctx);
  await app.listen({ port: ctx.config.port, host: ctx.config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : ctx.config.port;
  const url =
    ctx.config.publicUrl ?? `http://${ctx.config.host === '0.0.0.0' ? 'localhost' : ctx.config.host}:${port}`;
  const storage = ctx.dialect === 'sqlite' ? `SQLite in ${ctx.config.dataDir}` : 'PostgreSQL';
  console.log(`\nExpediente is running at ${url}  (${storage})`);
  console.log(`API docs: ${url}/api/docs`);
  if (seeded || ctx.config.demoSeed)
    console.log(`Demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}\n`);

  const bg: Background | null = background ? startBackground(ctx) : null;
  onSignals(ctx, async () => {
    await app.close();
    await bg?.stop();
  });
}

/** Prints a backup failure in both languages and sets a non-zero exit code. */
function backupFailed(err: unknown) {
  if (!(err instanceof BackupError)) throw err;
  console.error(`${err.messages['pt-BR']}\n${err.messages.en}`);
  process.exitCode = err.code === 'backup.postgres' ? 2 : 1;
}

/**
 * `backup FILE` / `restore FILE [--force]`. The configuration is read without creating DATA_DIR/secret.key
 * (which `loadConfig` does on a first start): a backup must not write into the data directory, and a
 * restore must find it as the operator left it.
 */
async function backupCommand(command: 'backup' | 'restore', args: string[]) {
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    console.error(`Usage: ${command} FILE${command === 'restore' ? ' [--force]' : ''}`);
    process.exitCode = 2;
    return;
  }
  const config = loadConfig({ ...process.env, SECRET_KEY: process.env.SECRET_KEY ?? 'x'.repeat(32) });
  try {
    if (config.databaseUrl) throw new BackupError('postgres');
    const paths = dataPaths(config);
    if (command === 'backup') {
      const r = await backup(paths, resolve(file));
      console.log(
        `Backup written: ${r.file} (${(r.bytes / 1048576).toFixed(1)} MiB; database at ${r.manifest.schema ?? 'no migration'}, ${r.blobs} file(s)${r.manifest.blobs === 'external' ? '; files are in S3: copy the bucket too' : ''}).`,
      );
      if (r.manifest.secretKey === 'environment')
        console.log(
          'SECRET_KEY comes from the environment: keep it with the backup (it is not in the file).',
        );
      return;
    }
    const r = await restore(paths, resolve(file), { force: args.includes('--force') });
    console.log(
      `Restored into ${paths.dataDir}: the database (${r.manifest.schema ?? 'no migration'}, backed up at ${r.manifest.createdAt}) and ${r.blobs} file(s), every checksum verified.`,
    );
    if (r.manifest.secretKey === 'environment')
      console.log('The backup was made with SECRET_KEY in the environment: start with the same SECRET_KEY.');
  } catch (err) {
    backupFailed(err);
  }
}

async function main(argv: string[]) {
  const [command = 'start', ...args] = argv;
  if (command === 'backup' || command === 'restore') return backupCommand(command, args);
  const config = loadConfig();
  switch (command) {
    case 'start':
      return serve(createContext(config), true, true);
    case 'web':
      return serve(createContext(config), false, false);
    case 'worker':
      return work(createContext(config), args);
    case 'migrate': {
      const ctx = createContext(config);
      const applied = await migrateToLatest(ctx.db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.');
      return ctx.destroy();
    }
    case 'seed': {
      if (!args.includes('--demo')) throw new Error('Usage: seed --demo');
      const ctx = createContext(config);
      await migrateToLatest(ctx.db);
      const seeded = await seedIfEmpty(ctx);
      console.log(
        seeded
          ? `Demo office created. Login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`
          : 'The database already has an office; nothing seeded.',
      );
      return ctx.destroy();
    }
    default:
      console.error(
        `Unknown command "${command}". Commands: start, web, worker, migrate, seed --demo, backup FILE, restore FILE [--force]`,
      );
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
