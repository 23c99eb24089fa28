import type pg from 'pg';
import type { AppContext } from '../../context.js';
import { pgDriver } from '../../db/database.js';

/**
 * Listens for `NOTIFY expediente_jobs` (sent at commit by every enqueue on PostgreSQL) and calls `onPool`
 * with the pool name, so idle workers on any machine start at once. Only a hint: workers poll anyway, so a
 * dropped connection just reconnects and costs at most one poll interval.
 */
export function listenForJobs(ctx: AppContext, onPool: (pool: string) => void): () => Promise<void> {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  const connect = async () => {
    if (closed || !ctx.config.databaseUrl) return;
    const c = new (pgDriver().Client)({ connectionString: ctx.config.databaseUrl });
    c.on('notification', (msg) => {
      if (msg.channel === 'expediente_jobs' && msg.payload) onPool(msg.payload);
    });
    c.on('error', () => {
      void c.end().catch(() => {});
      if (!closed) retry = setTimeout(() => void connect(), 1000);
    });
    try {
      await c.connect();
      await c.query('LISTEN expediente_jobs');
      client = c;
      if (closed) await c.end();
    } catch (err) {
      ctx.log.warn({ err }, 'LISTEN failed; polling only until it reconnects');
      void c.end().catch(() => {});
      if (!closed) retry = setTimeout(() => void connect(), 1000);
    }
  };
  void connect();
  return async () => {
    closed = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}
