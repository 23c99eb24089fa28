/**
 * The delayed-steps leg's draining process: a worker on the bench's SQLite file, nothing else (no HTTP, no
 * scheduler), run from the compiled server as a deployment runs its worker process. Its peak RSS is the
 * leg's figure, free of what the bench process holds from setting up 100,000 cards. Started by
 * bench/automation.bench.ts with the compiled server's directory in BENCH_SERVER_DIR and the file in
 * BENCH_DRAIN_FILE; says `ready` on stdout, drains until SIGTERM.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const serverDir = process.env.BENCH_SERVER_DIR;
const file = process.env.BENCH_DRAIN_FILE;
if (!serverDir || !file) throw new Error('BENCH_SERVER_DIR and BENCH_DRAIN_FILE must be set');
const load = (path) => import(pathToFileURL(join(serverDir, path)).href);
const [
  { registerCatalog },
  { systemClock },
  { loadConfig },
  { openDatabase },
  { Worker },
  { default: pino },
] = await Promise.all([
  load('catalog.js'),
  load('clock.js'),
  load('config.js'),
  load('db/database.js'),
  load('modules/engine/index.js'),
  import('pino'),
]);

registerCatalog();
const handle = openDatabase({ sqliteFile: file });
const worker = new Worker(
  {
    db: handle.db,
    dialect: handle.dialect,
    clock: systemClock,
    config: { ...loadConfig({ LOG_LEVEL: 'silent' }), rateLimitPerMinute: { email: 0, whatsapp: 0, sms: 0 } },
    log: pino({ level: 'silent' }),
  },
  { concurrency: 16, pollIntervalMs: 10 },
);
worker.start();
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void worker.stop().then(async () => {
    await handle.destroy();
    process.exit(0);
  });
});
