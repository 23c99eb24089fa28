import { describe, expect, it } from 'vitest';
import {
  createTicket,
  listTickets,
  moveTicket,
  type Ticket,
  type TicketStatus,
  ticketListQuery,
} from '../../src/server/modules/tickets/index.js';
import {
  addToStatusCounts,
  countMove,
  countNewTicket,
  STATUS_COUNT_SHARDS,
  statusCounts,
} from '../../src/server/modules/tickets/tickets.repo.js';
import { createTicketBody } from '../../src/server/modules/tickets/tickets.schema.js';
import { seedOffice } from '../support/fixtures.js';
import { dialects } from '../support/test-db.js';
import { useOfficeWithClient } from './helpers.js';

/**
 * The per-status counts spread over shards (migration 0039, docs/tickets.md *Counts*): whatever the shards
 * each opening and move wrote, the sums are exactly the office's tickets per status, under concurrency.
 */
describe.each(dialects)('ticket status counts over shards on %s', (dialect) => {
  const { ctx, seed, client } = useOfficeWithClient(dialect, 'Cliente Contagem Ltda');

  const open = (subject: string) =>
    createTicket(ctx, seed.actor, createTicketBody.parse({ clientId: client.id, subject }));
  const move = async (t: Ticket, to: TicketStatus) =>
    (await moveTicket(ctx, seed.actor, t.id, { to, version: t.version })).ticket;

  /** The office's tickets per status, counted on the tickets themselves. */
  async function actualCounts(officeId: string): Promise<Record<string, number>> {
    const rows = await ctx.db
      .selectFrom('tickets')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('office_id', '=', officeId)
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
  const nonZero = (m: Map<string, number>) => Object.fromEntries([...m].filter(([, n]) => n !== 0));

  it('openings and moves at once, in opposite directions: every one succeeds and the sums are exact', async () => {
    const first = await Promise.all(Array.from({ length: 30 }, (_, i) => open(`Primeira leva ${i}`)));
    // Moves out of `open` while more tickets are opened, all at once.
    const [moved, more] = await Promise.all([
      Promise.all(first.map((t, i) => move(t, i % 2 ? 'analyzing' : 'waiting'))),
      Promise.all(Array.from({ length: 20 }, (_, i) => open(`Segunda leva ${i}`))),
    ]);
    // analyzing ⇄ waiting in both directions at once, and some closed, with more openings beside them.
    const results = await Promise.all([
      ...moved.map((t, i) =>
        move(t, i % 5 === 0 ? 'done' : t.status === 'analyzing' ? 'waiting' : 'analyzing'),
      ),
      ...more.slice(0, 10).map((t) => move(t, 'cancelled')),
      ...Array.from({ length: 10 }, (_, i) => open(`Terceira leva ${i}`)),
    ]);
    expect(results).toHaveLength(50);

    const actual = await actualCounts(seed.office.id);
    expect(Object.values(actual).reduce((a, b) => a + b, 0)).toBe(60);
    expect(actual).toEqual({ open: 20, analyzing: 12, waiting: 12, done: 6, cancelled: 10 });
    expect(nonZero(await statusCounts(ctx.db, seed.office.id))).toEqual(actual);
    // The grid's totals read the shards' sums.
    const total = (q: Record<string, unknown>) =>
      listTickets(ctx, { officeId: seed.office.id, userId: null }, ticketListQuery.parse(q)).then(
        (p) => p.total,
      );
    expect(await total({ pageSize: 1 })).toBe(60);
    expect(await total({ pageSize: 1, status: ['analyzing', 'waiting'] })).toBe(24);

    // 110 transactions over 16 shards: the counts are spread (all in one shard: probability 16^-109).
    const shards = await ctx.db
      .selectFrom('ticket_status_counts')
      .select('shard')
      .distinct()
      .where('office_id', '=', seed.office.id)
      .execute();
    expect(shards.length).toBeGreaterThan(1);
    expect(shards.every((s) => s.shard >= 0 && s.shard < STATUS_COUNT_SHARDS)).toBe(true);
  });

  it('a shard may go negative; only the sum counts', async () => {
    const office = (await seedOffice(ctx, 'Escritório Negativo', 'negativo.com.br')).office.id;
    await addToStatusCounts(ctx.db, office, [['open', 1]], 3);
    await addToStatusCounts(ctx.db, office, [['open', 1]], 3);
    await addToStatusCounts(
      ctx.db,
      office,
      [
        ['open', -1],
        ['done', 1],
      ],
      7,
    );
    const rows = await ctx.db
      .selectFrom('ticket_status_counts')
      .select(['status', 'shard', 'n'])
      .where('office_id', '=', office)
      .orderBy('status')
      .orderBy('shard')
      .execute();
    expect(rows.map((r) => [r.status, Number(r.shard), Number(r.n)])).toEqual([
      ['done', 7, 1],
      ['open', 3, 2],
      ['open', 7, -1],
    ]);
    expect(Object.fromEntries(await statusCounts(ctx.db, office))).toEqual({ open: 1, done: 1 });
  });

  it("one transaction's count writes all go to one shard", async () => {
    const office = (await seedOffice(ctx, 'Escritório Um Shard', 'umshard.com.br')).office.id;
    for (let i = 0; i < 8; i++) {
      await ctx.db.transaction().execute(async (trx) => {
        await countNewTicket(trx, office);
        await countMove(trx, office, 'open', 'analyzing');
        await countMove(trx, office, 'analyzing', 'done');
      });
    }
    const rows = await ctx.db
      .selectFrom('ticket_status_counts')
      .select(['status', 'shard', 'n'])
      .where('office_id', '=', office)
      .execute();
    // Each transaction wrote open, analyzing and done in its shard: every shard used has all three rows.
    const byShard = new Map<number, string[]>();
    for (const r of rows) byShard.set(Number(r.shard), [...(byShard.get(Number(r.shard)) ?? []), r.status]);
    for (const statuses of byShard.values()) expect(statuses.sort()).toEqual(['analyzing', 'done', 'open']);
    expect(nonZero(await statusCounts(ctx.db, office))).toEqual({ done: 8 });
  });
});
