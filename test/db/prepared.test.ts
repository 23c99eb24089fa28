import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepared } from '../../src/server/db/prepared.js';
import { seedOffice } from '../support/fixtures.js';
import { createTestContext, dialects, type TestContext } from '../support/test-db.js';

const insertEvent = prepared((db, id: string, officeId: string, payload: string, actorId: string | null) =>
  db.insertInto('events').values({
    id,
    office_id: officeId,
    type: 'webhook.received',
    entity: 'probe',
    entity_id: id,
    payload,
    actor_id: actorId,
    at: '2026-12-07T10:00:00.000Z',
  }),
);
const eventsOf = prepared((db, officeId: string, entity: string) =>
  db
    .selectFrom('events')
    .select(['id', 'type', 'payload', 'actor_id'])
    .where('office_id', '=', officeId)
    .where('entity', '=', entity)
    .orderBy('id'),
);
const retype = prepared((db, type: string, id: string) =>
  db.updateTable('events').set({ type }).where('id', '=', id),
);

for (const dialect of dialects) {
  describe(`prepared queries (${dialect})`, () => {
    let t: TestContext;
    let officeId: string;
    beforeEach(async () => {
      t = await createTestContext(dialect);
      officeId = (await seedOffice(t)).office.id;
    });
    afterEach(async () => t.destroy());

    it('runs with each call’s own values, keeps the constants, and matches the query builder', async () => {
      await insertEvent.run(t.db, 'e1', officeId, '{"n":1}', null);
      await t.db.transaction().execute(async (trx) => {
        await insertEvent.run(trx, 'e2', officeId, '{"n":2}', null);
        expect(await retype.run(trx, 'item.field_changed', 'e2')).toBe(1);
      });
      const rows = await eventsOf.rows(t.db, officeId, 'probe');
      expect(rows).toEqual([
        { id: 'e1', type: 'webhook.received', payload: '{"n":1}', actor_id: null },
        { id: 'e2', type: 'item.field_changed', payload: '{"n":2}', actor_id: null },
      ]);
      const built = await t.db
        .selectFrom('events')
        .select(['id', 'type', 'payload', 'actor_id'])
        .where('office_id', '=', officeId)
        .where('entity', '=', 'probe')
        .orderBy('id')
        .execute();
      expect(rows).toEqual(built);
      expect(await eventsOf.first(t.db, officeId, 'nothing')).toBeUndefined();
      expect(await retype.run(t.db, 'x', 'no-such-id')).toBe(0);
    });

    it('refuses a build that does not bind every argument as a value', async () => {
      const unbound = prepared((db, officeId: string, _unused: string) =>
        db.selectFrom('events').select('id').where('office_id', '=', officeId),
      );
      await expect(unbound.rows(t.db, officeId, 'x')).rejects.toThrow(/argument 1 is not a bound value/);
    });
  });
}
