/**
 * Próximos envios on both dialects: a month with the birthday routine on (daily at 08:00, counted by its dry
 * run per day) and a programação of Cobrança de Arquivos for three clients, due 23/11/2026 (20/11 is a
 * holiday): its ladder −3, −1, 0, +2, +5 business days gives reminders on 17, 19, 23, 25 and 30/11.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runReminders } from '../../src/server/modules/collection/index.js';
import { collectionWorld, ok, scheduleMensal } from '../collection/helpers.js';
import { expectProblem, postCreated } from '../http/helpers.js';
import { useFixture } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';

interface Entry {
  id: string;
  kind: 'routine' | 'collection_reminder';
  day: string;
  at: string | null;
  title: string;
  channels: string[];
  client: { id: string; name: string } | null;
  audience: number | null;
  messages: number | null;
  items: number | null;
  responsible: { id: string; name: string } | null;
  stop: { kind: 'link'; path: string };
}
interface Upcoming {
  from: string;
  to: string;
  entries: Entry[];
  days: { day: string; count: number }[];
}

for (const dialect of dialects) {
  describe(`upcoming (${dialect})`, () => {
    const w = useFixture(() => collectionWorld(dialect));
    const get = async (query: Record<string, string> = {}) =>
      ok<Upcoming>(await w.adminA.request({ method: 'GET', url: '/api/upcoming', query }));

    beforeAll(async () => {
      await scheduleMensal(w, { professionId: w.fiscal });
      // The requests go out (no ladder day yet: no reminder).
      expect((await runReminders(w.ctx, w.a.office.id, '2026-11-01')).messages).toBe(0);
      // A contact of the workshop born on 5 November; the birthday routine on, daily at 08:00.
      await postCreated(w.adminA, `/api/clients/${w.clients.oficina.id}/contacts`, {
        name: 'Rui Aniversariante',
        email: 'rui@oficina.com.br',
        birthday: '1980-11-05',
      });
      ok(
        await w.adminA.request({
          method: 'PUT',
          url: '/api/routines/contacts.birthdays',
          payload: {
            active: true,
            settings: { professionId: null, channels: ['email'], templates: {}, audience: { kind: 'all' } },
            config: {},
            schedule: { type: 'daily', times: ['08:00'] },
          },
        }),
      );
    });

    it('lists the next 30 days: each routine occurrence with its dry run count, and the ladder reminders', async () => {
      const all = await get();
      expect([all.from, all.to]).toEqual(['2026-11-01', '2026-12-01']);
      const routines = all.entries.filter((e) => e.kind === 'routine');
      // 08:00 in São Paulo from 01/11 to 01/12: 31 occurrences, the first still ahead at 07:00.
      expect(routines).toHaveLength(31);
      expect(routines[0]).toMatchObject({
        day: '2026-11-01',
        at: '2026-11-01T11:00:00.000Z',
        title: 'Aniversariantes do dia',
        channels: ['email'],
        stop: { kind: 'link', path: '/routines/contacts.birthdays' },
      });
      const byDay = Object.fromEntries(routines.map((r) => [r.day, r.audience]));
      expect(byDay['2026-11-05']).toBe(1);
      expect(byDay['2026-11-06']).toBe(0);
      expect(routines.find((r) => r.day === '2026-11-05')?.messages).toBe(1);

      const reminders = all.entries.filter((e) => e.kind === 'collection_reminder');
      const days = [...new Set(reminders.map((r) => r.day))];
      expect(days).toEqual(['2026-11-17', '2026-11-19', '2026-11-23', '2026-11-25', '2026-11-30']);
      expect(
        reminders
          .filter((r) => r.day === '2026-11-17')
          .map((r) => r.client?.name)
          .sort(),
      ).toEqual(['Mercado Bom Preço Ltda', 'Oficina Roda Viva Ltda', 'Padaria Pão Quente Ltda']);
      const padaria = reminders.find((r) => r.client?.id === w.clients.padaria.id)!;
      expect(padaria).toMatchObject({
        title: 'Mensal 10/2026',
        channels: ['email'],
        audience: 1,
        items: 3,
        responsible: { id: w.a.staff.id, name: 'Bruno Staff' },
      });
      expect(padaria.stop.path).toMatch(/^\/collection\/requests\/[0-9a-f-]{36}$/);
      // The calendar's counts add up to the entries.
      expect(all.days.find((d) => d.day === '2026-11-17')?.count).toBe(4);
      expect(all.days.reduce((n, d) => n + d.count, 0)).toBe(all.entries.length);
      // Time order.
      expect(all.entries.map((e) => e.day)).toEqual([...all.entries.map((e) => e.day)].sort());
    });

    it('filters by client, channel and responsible', async () => {
      const window = { from: '2026-11-15', to: '2026-11-30' };
      const padaria = await get({ ...window, clientId: w.clients.padaria.id });
      expect(
        padaria.entries
          .filter((e) => e.kind === 'collection_reminder')
          .every((e) => e.client?.id === w.clients.padaria.id),
      ).toBe(true);
      expect(padaria.entries.filter((e) => e.kind === 'collection_reminder')).toHaveLength(5);
      // The birthday routine's audience is every client: it concerns the bakery too.
      expect(padaria.entries.filter((e) => e.kind === 'routine')).toHaveLength(16);

      expect((await get({ ...window, channel: 'whatsapp' })).entries).toEqual([]);
      expect((await get({ ...window, channel: 'email' })).entries).toHaveLength(16 + 15);

      const staffs = await get({ ...window, responsibleId: w.a.staff.id });
      expect(staffs.entries.map((e) => [e.kind, e.client?.name])).toEqual(
        Array(5).fill(['collection_reminder', 'Padaria Pão Quente Ltda']),
      );
      const admins = await get({ ...window, responsibleId: w.a.admin.id });
      expect(admins.entries).toHaveLength(10);
    });

    it("drops what is settled, never shows another office's, and refuses a bad window", async () => {
      // The market's programação cancelled: its reminders are gone.
      const req = await w.ctx.db
        .selectFrom('collection_requests')
        .select('id')
        .where('client_id', '=', w.clients.mercado.id)
        .executeTakeFirstOrThrow();
      await w.ctx.db
        .updateTable('collection_requests')
        .set({ status: 'cancelled' })
        .where('id', '=', req.id)
        .execute();
      const after = await get({ from: '2026-11-15', to: '2026-11-30' });
      expect(after.entries.some((e) => e.client?.id === w.clients.mercado.id)).toBe(false);

      const b = ok<Upcoming>(await w.adminB.request({ method: 'GET', url: '/api/upcoming' }));
      expect(b.entries).toEqual([]);

      for (const [query, code] of [
        [{ from: '2026-11-01', to: '2027-03-01' }, 'upcoming.window_too_long'],
        [{ from: '2026-11-10', to: '2026-11-01' }, 'upcoming.window_reversed'],
      ] as const) {
        expectProblem(await w.adminA.request({ method: 'GET', url: '/api/upcoming', query }), 400, code);
      }
    });
  });
}
