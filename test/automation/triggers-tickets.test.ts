import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCatalog } from '../../src/server/catalog.js';
import { writeTransaction } from '../../src/server/db/group-commit.js';
import { emitEvent } from '../../src/server/modules/automation/index.js';
import { postCreated } from '../http/helpers.js';
import { dialects } from '../support/test-db.js';
import { automationWorld } from './helpers.js';

registerCatalog();

type World = Awaited<ReturnType<typeof automationWorld>>;

/** Triggers on the tickets pipeline (auto-core's adapter): the moves reach the rule engine with their chain. */
for (const dialect of dialects) {
  describe(`automation triggers on the tickets pipeline (${dialect})`, () => {
    let w: World;
    beforeAll(async () => {
      w = await automationWorld(dialect);
    });
    afterAll(() => w.close());

    const trigger = async (body: Record<string, unknown>) =>
      await postCreated<{ id: string; webhookUrl: string | null }>(
        w.adminA,
        '/api/automation/pipelines/tickets/triggers',
        body,
      );

    it('an incoming webhook moves the ticket; the rule engine records the entry on the webhook event’s chain', async () => {
      const t = await trigger({ kind: 'webhook', stageId: 'analyzing' });
      const ticket = await w.ticket('Alteração de endereço');
      const res = await w.app.inject({
        method: 'POST',
        url: new URL(t.webhookUrl!).pathname,
        payload: { itemId: ticket.id },
      });
      expect(res.statusCode, res.body).toBe(202);
      const answer = res.json<{ eventId: string; moved: { itemId: string; from: string; to: string }[] }>();
      expect(answer.moved).toEqual([
        expect.objectContaining({ itemId: ticket.id, from: 'open', to: 'analyzing' }),
      ]);
      expect((await w.ticketRow(ticket.id)).status).toBe('analyzing');
      const entry = await w.ctx.db
        .selectFrom('automation_entries')
        .selectAll()
        .where('item_id', '=', ticket.id)
        .where('stage_id', '=', 'analyzing')
        .executeTakeFirstOrThrow();
      expect({ chain: entry.chain_id, depth: entry.depth }).toEqual({ chain: answer.eventId, depth: 1 });
    });

    it('invoice paid moves the client’s open tickets forward, not back without allowBack', async () => {
      await trigger({ kind: 'invoice_paid', stageId: 'waiting' });
      await trigger({ kind: 'invoice_paid', stageId: 'open' });
      const a = await w.ticket('Guia do DAS');
      const pay = () =>
        writeTransaction(w.ctx, (trx) =>
          emitEvent(w.ctx, trx, {
            officeId: w.officeId,
            type: 'invoice.paid',
            entity: 'invoice',
            entityId: '00000000-0000-7000-8000-0000000000f1',
            payload: { invoiceId: 'f1', clientId: w.client.id, amountCents: 1, paidAmountCents: 1 },
          }),
        );
      await pay();
      expect((await w.ticketRow(a.id)).status).toBe('waiting');
      // The "open" trigger is earlier: without allowBack it leaves the waiting tickets alone.
      await pay();
      expect((await w.ticketRow(a.id)).status).toBe('waiting');
      // A closed ticket is not the client's open item: not moved.
      await w.move(a.id, 'done');
      await pay();
      expect((await w.ticketRow(a.id)).status).toBe('done');
    });
  });
}
