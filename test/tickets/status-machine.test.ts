import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/server/http/errors.js';
import {
  createTicket,
  moveTicket,
  reopenTicket,
  type Ticket,
  type TicketStatus,
  ticketStatuses,
  transitions,
  workflow,
} from '../../src/server/modules/tickets/index.js';
import { createTicketBody } from '../../src/server/modules/tickets/tickets.schema.js';
import { dialects } from '../support/test-db.js';
import { useOfficeWithClient } from './helpers.js';

/** The workflow as docs/tickets.md states it, written out independently of status-machine.ts. */
const expected: Record<TicketStatus, TicketStatus[]> = {
  open: ['analyzing', 'waiting', 'cancelled', 'rejected', 'done'],
  reopened: ['analyzing', 'waiting', 'cancelled', 'rejected', 'done'],
  analyzing: ['waiting', 'cancelled', 'rejected', 'done'],
  waiting: ['analyzing', 'cancelled', 'rejected', 'done'],
  cancelled: ['reopened'],
  rejected: ['reopened'],
  done: ['reopened'],
};

/** A path of moves from `open` to each status. */
const pathTo: Record<TicketStatus, TicketStatus[]> = {
  open: [],
  reopened: ['done', 'reopened'],
  analyzing: ['analyzing'],
  waiting: ['waiting'],
  cancelled: ['cancelled'],
  rejected: ['rejected'],
  done: ['done'],
};

it('status-machine.ts holds exactly the documented workflow', () => {
  expect(transitions).toEqual(expected);
  expect(workflow('pt-BR').statuses.map((s) => [s.status, s.label, s.closed])).toEqual([
    ['open', 'Aberto', false],
    ['reopened', 'Reaberto', false],
    ['analyzing', 'Analisando', false],
    ['waiting', 'Aguardando', false],
    ['cancelled', 'Cancelado', true],
    ['rejected', 'Rejeitado', true],
    ['done', 'Finalizado', true],
  ]);
});

describe.each(dialects)('every move from → to on %s', (dialect) => {
  const { ctx, seed, client } = useOfficeWithClient(dialect, 'Cliente Máquina Ltda');

  async function ticketIn(status: TicketStatus): Promise<Ticket> {
    let t = await createTicket(
      ctx,
      seed.actor,
      createTicketBody.parse({ clientId: client.id, subject: `Em ${status}` }),
    );
    for (const to of pathTo[status]) {
      t = (await moveTicket(ctx, seed.actor, t.id, { to, version: t.version })).ticket;
    }
    expect(t.status).toBe(status);
    return t;
  }

  for (const from of ticketStatuses) {
    for (const to of ticketStatuses) {
      const allowed = expected[from].includes(to);
      it(`${from} → ${to}: ${allowed ? 'allowed' : 'refused'}`, async () => {
        const t = await ticketIn(from);
        expect(t.allowedMoves).toEqual(expected[from]);
        const attempt = moveTicket(ctx, seed.actor, t.id, { to, comment: 'teste', version: t.version });
        if (allowed) {
          const out = await attempt;
          expect(out.ticket).toMatchObject({
            status: to,
            version: t.version + 1,
            movementCount: t.movementCount + 1,
          });
          expect(out.movement).toMatchObject({ from, to, comment: 'teste', actorName: 'Ana Admin' });
          expect(out.ticket.closed).toBe(['cancelled', 'rejected', 'done'].includes(to));
          expect(out.ticket.closedAt === null).toBe(!out.ticket.closed);
        } else {
          const err = await attempt.then(
            () => null,
            (e: unknown) => e,
          );
          expect(err).toBeInstanceOf(AppError);
          const e = err as AppError;
          expect([e.status, e.code]).toEqual([422, 'tickets.invalid_move']);
          expect(e.extra).toEqual({ params: { from, to, allowed: expected[from] }, allowed: expected[from] });
          const row = await ctx.db
            .selectFrom('tickets')
            .select(['status', 'version', 'movement_count'])
            .where('id', '=', t.id)
            .executeTakeFirstOrThrow();
          expect(row).toEqual({ status: from, version: t.version, movement_count: t.movementCount });
        }
      });
    }
  }

  it('the per-status counts (grid totals, kanban) match the tickets after every create and move', async () => {
    const actual = await ctx.db
      .selectFrom('tickets')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('office_id', '=', seed.office.id)
      .groupBy('status')
      .execute();
    // A status's count is the sum of its shards (migration 0039).
    const counts = await ctx.db
      .selectFrom('ticket_status_counts')
      .select(['status', (eb) => eb.fn.sum<number>('n').as('n')])
      .where('office_id', '=', seed.office.id)
      .groupBy('status')
      .having((eb) => eb.fn.sum('n'), '>', 0)
      .execute();
    const asMap = (rows: { status: string; n: number | string }[]) =>
      Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    expect(asMap(counts)).toEqual(asMap(actual));
    expect(Object.keys(asMap(actual))).toHaveLength(7);
  });

  it('Reabrir moves a closed ticket to Reaberto, and is refused on an open one', async () => {
    for (const closed of ['cancelled', 'rejected', 'done'] as const) {
      const t = await ticketIn(closed);
      const out = await reopenTicket(ctx, seed.actor, t.id, { version: t.version, comment: null });
      expect(out.ticket.status).toBe('reopened');
      expect(out.ticket.closedAt).toBeNull();
    }
    const open = await ticketIn('analyzing');
    await expect(reopenTicket(ctx, seed.actor, open.id, { version: open.version })).rejects.toMatchObject({
      code: 'tickets.invalid_move',
    });
  });
});
