import type { AppContext } from './context.js';
import { Scheduler, Worker } from './modules/engine/index.js';
// Job kinds register themselves when their module loads.
import './modules/clients/index.js';
import './modules/routines/index.js';
import './modules/tickets/index.js';
import './modules/billing/index.js';
import { applyRetention } from './retention.js';

export interface Background {
  worker: Worker;
  stop(graceMs?: number): Promise<void>;
}

/**
 * The background roles of a process: a worker for the configured pools, the scheduler, and retention
 * (old runs pruned, old message bodies redacted, expired sessions deleted: retention.ts). Every role is safe to run in several processes at once on PostgreSQL.
 */
export function startBackground(
  ctx: AppContext,
  options: { pools?: string[]; scheduler?: boolean } = {},
): Background {
  const worker = new Worker(ctx, {
    pools: options.pools ?? ctx.config.workerPools,
    concurrency: ctx.config.workerConcurrency,
  });
  worker.start();
  const scheduler = options.scheduler === false ? null : new Scheduler(ctx);
  scheduler?.start();
  const prune = async () => {
    try {
      const removed = await applyRetention(ctx);
      if (removed.runs || removed.bodies || removed.sessions) ctx.log.info(removed, 'retention applied');
    } catch (err) {
      ctx.log.error({ err }, 'retention failed');
    }
  };
  const pruner = setInterval(prune, 6 * 3_600_000);
  pruner.unref();
  return {
    worker,
    async stop(graceMs = 30_000) {
      clearInterval(pruner);
      await scheduler?.stop();
      await worker.stop(graceMs);
    },
  };
}
