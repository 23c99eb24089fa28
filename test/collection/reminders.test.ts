import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/server/modules/br/index.js';
import { type PortalView, runReminders } from '../../src/server/modules/collection/index.js';
import { schedulerTick, Worker } from '../../src/server/modules/engine/index.js';
import { useFixture } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { multipart, tinyPdf } from '../tickets/helpers.js';
import { collectionWorld, ok, scheduleMensal } from './helpers.js';

/**
 * A month of fake clock. Competência 10/2026, due on the 20th of the month after: 20/11/2026 is Consciência
 * Negra (a national holiday, a Friday), so the due date is Monday 23/11. The ladder −3, −1, 0, +2, +5 in
 * business days: 17/11, 19/11, 23/11, 25/11, 30/11.
 */
for (const dialect of dialects) {
  describe(`collection: reminders over a month with a holiday (${dialect})`, () => {
    const w = useFixture(() => collectionWorld(dialect));
    const sentDays = new Map<string, string[]>();

    beforeAll(async () => {
      await scheduleMensal(w);
    });

    const tokenOf = async (contactId: string) =>
      ok<{ token: string }>(
        await w.adminA.request({ method: 'POST', url: `/api/collection/contacts/${contactId}/link` }),
      ).token;

    it('reminds on the ladder days only, one message per contact per day, never twice, and overdue once', async () => {
      for (let day = '2026-11-01'; day <= '2026-12-05'; day = addDays(day, 1)) {
        // 08:00:30 in São Paulo: the office's daily schedule fires; the worker runs it.
        w.ctx.clock.set(`${day}T11:00:30.000Z`);
        await schedulerTick(w.ctx);
        await new Worker(w.ctx).runOnce();
        // A retried run, or a second process after a kill -9, for the same day: nothing new goes out.
        const again = await runReminders(w.ctx, w.a.office.id, day);
        expect(again.messages, day).toBe(0);

        if (day === '2026-11-18') {
          // Pedro will send the workshop's documents on 26/11: its reminders wait until then.
          const token = await tokenOf(w.contacts.pedro.id);
          const view = ok<PortalView>(
            await w.app.inject({ method: 'GET', url: `/api/portal/collection/${token}` }),
          );
          for (const item of view.companies[0]!.requests[0]!.items) {
            ok(
              await w.app.inject({
                method: 'POST',
                url: `/api/portal/collection/${token}/items/${item.id}/answer`,
                payload: { answer: 'will_send_later', sendLaterOn: '2026-11-26' },
              }),
            );
          }
        }
        if (day === '2026-11-24') {
          // Maria settles the bakery: later reminders cover the market only.
          const token = await tokenOf(w.contacts.maria.id);
          const view = ok<PortalView>(
            await w.app.inject({ method: 'GET', url: `/api/portal/collection/${token}` }),
          );
          const bakery = view.companies.find((c) => c.name.startsWith('Padaria'))!.requests[0]!;
          for (const item of bakery.items) {
            const res = item.acceptedTypes.includes('pdf')
              ? await w.app.inject({
                  method: 'POST',
                  url: `/api/portal/collection/${token}/items/${item.id}/files`,
                  ...multipart([{ name: `${item.name}.pdf`, content: tinyPdf }]),
                })
              : await w.app.inject({
                  method: 'POST',
                  url: `/api/portal/collection/${token}/items/${item.id}/answer`,
                  payload: { answer: 'none_this_month' },
                });
            expect(res.statusCode, res.body).toBeLessThan(300);
          }
        }
      }
      const reminders = await w.ctx.db
        .selectFrom('messages')
        .select(['recipient_id', 'created_at', 'body_text', 'idempotency_key'])
        .where('template', '=', 'collection.reminder')
        .orderBy('created_at')
        .execute();
      for (const m of reminders) {
        const list = sentDays.get(m.recipient_id!) ?? [];
        list.push(m.created_at.slice(0, 10));
        sentDays.set(m.recipient_id!, list);
      }
      // Maria is one person for two companies: one message a day, under her first contact's key.
      const maria = [w.contacts.maria.id, w.contacts.mariaMercado.id].sort()[0]!;
      expect(Object.fromEntries(sentDays)).toEqual({
        [maria]: ['2026-11-17', '2026-11-19', '2026-11-23', '2026-11-25', '2026-11-30'],
        [w.contacts.pedro.id]: ['2026-11-17', '2026-11-26', '2026-11-30'],
      });
      const first = reminders.find((m) => m.recipient_id === maria)!;
      expect(first.body_text).toContain('Mercado Bom Preço Ltda — Mensal 10/2026 (vence 23/11/2026)');
      expect(first.body_text).toContain('Padaria Pão Quente Ltda — Mensal 10/2026');
      expect(first.idempotency_key).toBe(`collection-reminder:${maria}:2026-11-17`);
      const late = reminders.filter((m) => m.recipient_id === maria).at(-1)!;
      expect(late.body_text).toContain('Mercado Bom Preço Ltda');
      expect(late.body_text).not.toContain('Padaria Pão Quente Ltda');

      // Past the due date with items pending: one overdue event per programação, on 24/11, never again.
      const overdue = await w.ctx.db
        .selectFrom('events')
        .select(['entity_id', 'at'])
        .where('type', '=', 'collection.request_overdue')
        .execute();
      expect(overdue).toHaveLength(3);
      expect(new Set(overdue.map((e) => e.at.slice(0, 10)))).toEqual(new Set(['2026-11-24']));
    });
  });
}
