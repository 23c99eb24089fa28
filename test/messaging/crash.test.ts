import { describe, expect, it } from 'vitest';
import { Worker } from '../../src/server/modules/engine/index.js';
import { rescueExpiredLeases } from '../../src/server/modules/engine/sql/rescue-expired.js';
import { dialects } from '../support/test-db.js';
import { numberedClients, queueTestEmails, spawnDeliveryWorker, useDeliveryWorld } from './helpers.js';

const N = 60;

describe.each(dialects)('a delivery worker killed mid-stream on %s', (dialect) => {
  const w = useDeliveryWorld(dialect);

  it('loses nothing, and duplicates only messages in flight at the kill (the documented window)', async () => {
    const { ctx, smtp, seed } = w;
    ctx.clock.set(new Date());
    await queueTestEmails(ctx, seed.office.id, numberedClients(N, 'crash'));

    const child = spawnDeliveryWorker(ctx);
    for (let i = 0; i < 1500 && smtp.received.length < N / 3; i++)
      await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const atKill = smtp.received.length;
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(N);

    // After the leases expire another worker takes over.
    ctx.clock.set(new Date(Date.now() + 120_000));
    await rescueExpiredLeases(ctx.db, ctx.clock.now());
    for (let round = 0; round < 5; round++) await new Worker(ctx, { concurrency: 8 }).runOnce();

    const ids = smtp.received.map((m) => m.messageId);
    const distinct = new Set(ids);
    const duplicates = ids.length - distinct.size;
    expect(distinct.size).toBe(N); // nothing lost
    expect(duplicates).toBeLessThanOrEqual(4); // at most the kill's in-flight sends (concurrency 4)
    console.info(`[${dialect}] killed after ${atKill} accepted; duplicates inside the window: ${duplicates}`);
    const states = await ctx.db.selectFrom('messages').select('status').execute();
    expect(states.every((s) => s.status === 'sent')).toBe(true);
  });
});
