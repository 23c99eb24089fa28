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
  /** An office's count rows as [status, shard, n], by status then shard. */
  const shardRows = async (office: string) =>
    (
      await ctx.db
        .selectFrom('ticket_status_counts')
        .select(['status', 'shard', 'n'])
        .where('office_id', '=', office)
        .orderBy('status')
        .orderBy('shard')
        .execute()
    ).map((r) => [r.status, Number(r.shard), Number(r.n)]);

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
    expect(await shardRows(office)).toEqual([
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

  it("an opening counts in its number's shard, so consecutive openings write different rows", async () => {
    const office = (await seedOffice(ctx, 'Escritório Numerado', 'numerado.com.br')).office.id;
    for (const number of [1, 2, 17, 15, 16]) await countNewTicket(ctx.db, office, number);
    expect(await shardRows(office)).toEqual([
      ['open', 0, 1],
      ['open', 1, 2],
      ['open', 2, 1],
      ['open', 15, 1],
    ]);
    // A transaction that already wrote a count keeps its shard (two transactions never cross rows).
    const other = (await seedOffice(ctx, 'Escritório Já Escrito', 'jaescrito.com.br')).office.id;
    await ctx.db.transaction().execute(async (trx) => {
      await countMove(trx, other, 'analyzing', 'waiting');
      await countNewTicket(trx, other, 9);
    });
    const written = await ctx.db
      .selectFrom('ticket_status_counts')
      .select(['status', 'shard'])
      .where('office_id', '=', other)
      .execute();
    expect(written.map((r) => r.status).sort()).toEqual(['analyzing', 'open', 'waiting']);
    expect(new Set(written.map((r) => Number(r.shard))).size).toBe(1);
    // Through the use case: sixteen openings in a row add one to each of the sixteen shards' `open` rows.
    // PostgreSQL only: SQLite has one writer at a time, so which shard a transaction writes does not matter
    // there (a transaction object may be reused, and its shard with it).
    if (dialect !== 'postgres') return;
    const openByShard = async () =>
      new Map(
        (
          await ctx.db
            .selectFrom('ticket_status_counts')
            .select(['shard', 'n'])
            .where('office_id', '=', seed.office.id)
            .where('status', '=', 'open')
            .execute()
        ).map((r) => [Number(r.shard), Number(r.n)]),
      );
    const before = await openByShard();
    const opened = await Promise.all(
      Array.from({ length: STATUS_COUNT_SHARDS }, (_, i) => open(`Em fila ${i}`)),
    );
    const after = await openByShard();
    expect(new Set(opened.map((t) => t.number % STATUS_COUNT_SHARDS)).size).toBe(STATUS_COUNT_SHARDS);
    for (let shard = 0; shard < STATUS_COUNT_SHARDS; shard++)
      expect((after.get(shard) ?? 0) - (before.get(shard) ?? 0)).toBe(1);
  });
});
