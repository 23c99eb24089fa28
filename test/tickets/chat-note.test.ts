import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/server/ids.js';
import type { Ticket } from '../../src/server/modules/tickets/tickets.schema.js';
import { dialects } from '../support/test-db.js';
import { ok, openTicket, ticketsWorld, type World } from './helpers.js';

interface Message {
  id: string;
  author: string;
  authorName: string | null;
  body: string;
  internal: boolean;
  at: string;
}

// An internal note is one statement on PostgreSQL (insertInternalNotePg) and the transaction on SQLite:
// both must answer, number and scope it alike.
describe.each(dialects)('internal notes in a ticket chat on %s', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await ticketsWorld(dialect);
  });
  afterAll(async () => w.close());

  const post = (id: string, body: string, internal: boolean, s = w.adminA) =>
    s.request({ method: 'POST', url: `/api/tickets/${id}/chat`, payload: { body, internal } });

  it('numbers notes after the messages before them, names the author and touches the ticket', async () => {
    const t: Ticket = await openTicket(w.adminA, { clientId: w.client.id, subject: 'Notas internas' });
    w.ctx.clock.advance(60_000);
    ok(await post(t.id, 'Primeira mensagem ao cliente.', false), 201);
    w.ctx.clock.advance(60_000);
    const note = ok<Message>(await post(t.id, 'Cliente costuma atrasar.', true), 201);
    expect(note).toMatchObject({ author: 'staff', authorName: 'Ana Admin', internal: true, email: null });
    expect(note.at).toBe(w.ctx.clock.now().toISOString());
    w.ctx.clock.advance(60_000);
    ok(await post(t.id, 'Segunda nota.', true), 201);

    const chat = ok<Message[]>(await w.adminA.request({ method: 'GET', url: `/api/tickets/${t.id}/chat` }));
    expect(chat.map((m) => [m.body, m.internal])).toEqual([
      ['Primeira mensagem ao cliente.', false],
      ['Cliente costuma atrasar.', true],
      ['Segunda nota.', true],
    ]);
    expect(chat[1]).toMatchObject({ id: note.id, authorName: 'Ana Admin', at: note.at });
    const seqs = await w.ctx.db
      .selectFrom('ticket_messages')
      .select(['seq', 'author_name', 'user_id'])
      .where('ticket_id', '=', t.id)
      .orderBy('seq')
      .execute();
    expect(seqs.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    expect(seqs[1]).toMatchObject({ author_name: 'Ana Admin', user_id: w.a.admin.id });
    const after = ok<Ticket>(await w.adminA.request({ method: 'GET', url: `/api/tickets/${t.id}` }));
    expect(after.updatedAt).toBe(w.ctx.clock.now().toISOString());
  });

  it("answers 404 for another office's ticket or none, and writes nothing", async () => {
    const before = await w.ctx.db
      .selectFrom('ticket_messages')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    const theirs = await post(w.ticketB.id, 'Bisbilhotando.', true);
    expect(theirs.statusCode).toBe(404);
    expect((await post(newId(), 'Nada.', true)).statusCode).toBe(404);
    const after = await w.ctx.db
      .selectFrom('ticket_messages')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(Number(after?.n)).toBe(Number(before?.n));
    const b = await w.ctx.db
      .selectFrom('tickets')
      .select('updated_at')
      .where('id', '=', w.ticketB.id)
      .executeTakeFirst();
    expect(b?.updated_at).toBe(w.ticketB.updatedAt);
  });
});
