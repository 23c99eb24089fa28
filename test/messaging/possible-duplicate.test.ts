/**
 * The duplicate marker: set exactly for a message whose earlier attempt was cut after the provider was
 * called and before its answer was recorded (left `sending`), not for one cut before the call (left
 * `queued`), nor for ordinary retries; counted by `countPossibleDuplicates`.
 */
import { describe, expect, it } from 'vitest';
import { Worker } from '../../src/server/modules/engine/index.js';
import { countPossibleDuplicates } from '../../src/server/modules/messaging/index.js';
import { dialects } from '../support/test-db.js';
import { queueTestEmails, useDeliveryWorld } from './helpers.js';

describe.each(dialects)('the possible-duplicate marker on %s', (dialect) => {
  const w = useDeliveryWorld(dialect);

  it('marks only the attempt cut after the provider call', async () => {
    const { ctx, smtp, seed } = w;
    const names = ['fresh', 'cut-before-call', 'cut-after-call'];
    const sent = await queueTestEmails(
      ctx,
      seed.office.id,
      names.map((name) => ({ email: `${name}@exemplo.com.br`, name, key: `dup:${name}` })),
    );
    const ids = Object.fromEntries(names.map((name, i) => [name, sent[i]!]));
    // What a killed attempt leaves behind: cut before the call, the message was never taken (`queued`,
    // its job's earlier attempt counted); cut after it, the message is still `sending`.
    await ctx.db.updateTable('jobs').set({ attempts: 1 }).where('kind', '=', 'messaging.deliver').execute();
    await ctx.db
      .updateTable('messages')
      .set({ status: 'sending', attempts: 1 })
      .where('id', '=', ids['cut-after-call']!)
      .execute();

    await new Worker(ctx, { concurrency: 4 }).runOnce();
    const rows = await ctx.db
      .selectFrom('messages')
      .select(['id', 'status', 'attempts', 'possible_duplicate'])
      .where('office_id', '=', seed.office.id)
      .execute();
    const by = new Map(rows.map((r) => [r.id, r]));
    expect(by.get(ids.fresh!)).toMatchObject({ status: 'sent', attempts: 1, possible_duplicate: 0 });
    expect(by.get(ids['cut-before-call']!)).toMatchObject({
      status: 'sent',
      attempts: 1,
      possible_duplicate: 0,
    });
    expect(by.get(ids['cut-after-call']!)).toMatchObject({
      status: 'sent',
      attempts: 2,
      possible_duplicate: 1,
    });
    expect(await countPossibleDuplicates(ctx.db)).toBe(1);
    expect(await countPossibleDuplicates(ctx.db, seed.office.id)).toBe(1);
    expect(smtp.received).toHaveLength(3);
  });
});
