import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCatalog } from '../../src/server/catalog.js';
import { runTriggerSweep } from '../../src/server/modules/automation/index.js';
import { ticketsPipeline } from '../../src/server/modules/tickets/tickets.pipeline.js';
import { postCreated } from '../http/helpers.js';
import { dialects } from '../support/test-db.js';
import { type MoveAnswer, moveReq, ok, openTicket, ticketsWorld, type World } from './helpers.js';

registerCatalog();

/**
 * Tickets as an automation pipeline: an item's `enteredAt` is its last movement, or its opening when it
 * never moved — so "no movement for N business days" counts an untouched ticket from the day it was opened.
 * Opened on Wednesday 18 November 2026; Friday the 20th is a national holiday (Consciência Negra).
 */
describe.each(dialects)('tickets pipeline: when a ticket entered its status (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await ticketsWorld(dialect);
  });
  afterAll(() => w.close());

  it('the "no movement" sweep moves a ticket that never moved since it was opened, not one moved later', async () => {
    w.ctx.clock.set('2026-11-18T12:00:00.000Z');
    const untouched = await openTicket(w.adminA, { clientId: w.client.id, subject: 'Nunca movido' });
    const moved = await openTicket(w.adminA, { clientId: w.client.id, subject: 'Movido na quinta' });
    w.ctx.clock.set('2026-11-19T12:00:00.000Z');
    ok<MoveAnswer>(await moveReq(w.adminA, moved, 'analyzing'));

    const item = await ticketsPipeline.loadItem(w.ctx.db, w.a.office.id, 'tickets', untouched.id);
    expect(item?.enteredAt).toBe(untouched.openedAt);
    const movedItem = await ticketsPipeline.loadItem(w.ctx.db, w.a.office.id, 'tickets', moved.id);
    expect(movedItem?.enteredAt).toBe('2026-11-19T12:00:00.000Z');

    await postCreated(w.adminA, '/api/automation/pipelines/tickets/triggers', {
      kind: 'no_movement',
      stageId: 'waiting',
      config: { days: 2 },
    });
    const sweep = (day: string) => runTriggerSweep(w.ctx, w.a.office.id, day);
    // Thursday, the holiday and the weekend: not 2 business days yet.
    for (const day of ['2026-11-19', '2026-11-20', '2026-11-22'])
      expect((await sweep(day)).moved, day).toEqual([]);
    // Monday: the untouched ticket (idle since Wednesday) moves; the one moved on Thursday waits until Tuesday.
    w.ctx.clock.set('2026-11-23T12:00:00.000Z');
    expect((await sweep('2026-11-23')).moved.map((m) => m.itemId)).toEqual([untouched.id]);
    const status = async (id: string) =>
      (await w.ctx.db.selectFrom('tickets').select('status').where('id', '=', id).executeTakeFirstOrThrow())
        .status;
    expect(await status(untouched.id)).toBe('waiting');
    expect(await status(moved.id)).toBe('analyzing');
    w.ctx.clock.set('2026-11-24T12:00:00.000Z');
    expect((await sweep('2026-11-24')).moved.map((m) => m.itemId)).toEqual([moved.id]);
    expect(await status(moved.id)).toBe('waiting');
  });
});
