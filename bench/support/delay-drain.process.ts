/**
 * The delayed-steps leg's draining process: a worker on the bench's SQLite file, nothing else (no HTTP, no
 * scheduler), as a deployment's worker process would run the drains. Its peak RSS is the leg's figure, free
 * of what the bench process holds from setting up 100,000 cards. Started by bench/automation.bench.ts with
 * the file in BENCH_DRAIN_FILE; says `ready` on stdout, drains until SIGTERM.
 */
import pino from 'pino';
import { registerCatalog } from '../../src/server/catalog.js';
import { systemClock } from '../../src/server/clock.js';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/db/database.js';
import { Worker } from '../../src/server/modules/engine/index.js';

const file = process.env.BENCH_DRAIN_FILE;
if (!file) throw new Error('BENCH_DRAIN_FILE is not set');
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
