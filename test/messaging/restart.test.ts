/**
 * Recovery after a crash does not wait for leases: a delivery worker is killed (kill -9) mid-stream and a
 * new process started on the same database. The messages in flight at the kill are delivered again within
 * 5 s of the new process being ready — on SQLite because the new process takes the database's worker lock
 * (every earlier worker is gone), on PostgreSQL because the killed worker's heartbeat stops and it is
 * declared dead. Their leases (60 s) never expire meanwhile. Nothing is lost; duplicates stay within the
 * kill's in-flight sends, and exactly those may be marked as possible duplicates.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/test-db.js';
import { numberedClients, queueTestEmails, spawnDeliveryWorker, useDeliveryWorld } from './helpers.js';

const N = 60;
const TARGET_MS = 5_000;

describe.each(dialects)('a delivery worker killed and restarted on %s', (dialect) => {
  const w = useDeliveryWorld(dialect);
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
  });

  const startWorker = (): Promise<ChildProcess> => {
    const child = spawnDeliveryWorker(w.ctx);
    children.push(child);
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('READY')) resolve(child);
      });
    });
  };
  const waitFor = async (check: () => boolean | Promise<boolean>, ms: number) => {
    const end = performance.now() + ms;
    while (!(await check())) {
      if (performance.now() > end) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
    return true;
  };

  it('delivers the messages in flight at the kill within 5 s of the restart, without waiting for leases', async () => {
    const { ctx, smtp, seed } = w;
    await queueTestEmails(ctx, seed.office.id, numberedClients(N, 'restart'));

    const first = await startWorker();
    expect(await waitFor(() => smtp.received.length >= N / 3, 30_000)).toBe(true);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const inFlight = await ctx.db
      .selectFrom('messages')
      .select('id')
      .where('status', '=', 'sending')
      .execute();

    await startWorker();
    const ready = performance.now();
    const allSent = async () =>
      (await ctx.db.selectFrom('messages').select('id').where('status', '!=', 'sent').execute()).length === 0;
    expect(await waitFor(allSent, 30_000)).toBe(true);
    const resumedMs = performance.now() - ready;
    console.info(
      `[${dialect}] ${inFlight.length} in flight at the kill; everything sent ${resumedMs.toFixed(0)} ms after the restart`,
    );
    expect(resumedMs).toBeLessThan(TARGET_MS);

    const ids = smtp.received.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(N); // nothing lost
    expect(ids.length - N).toBeLessThanOrEqual(inFlight.length); // duplicates: at most the in-flight sends
    // The messages sent twice were in flight at the kill, after the provider was called: each is marked.
    const twice = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
    const marked = await ctx.db
      .selectFrom('messages')
      .select(['id', 'provider_message_id'])
      .where('possible_duplicate', '=', 1)
      .execute();
    const markedIds = new Set<string | null | undefined>(marked.map((m) => m.provider_message_id));
    for (const id of twice) expect(markedIds.has(id)).toBe(true);
    expect(marked.length).toBeLessThanOrEqual(inFlight.length);
  }, 90_000);
});
