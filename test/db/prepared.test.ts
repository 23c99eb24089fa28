import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepared, runNamed } from '../../src/server/db/prepared.js';
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
// A scratch table the tests change under a live connection (not part of the schema's types).
const probe = prepared((db, id: string) =>
  (db as unknown as Kysely<{ prepared_probe: { id: string } }>)
    .selectFrom('prepared_probe')
    .selectAll()
    .where('id', '=', id),
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

    it('runNamed: a compiled query with its own values, one named statement per text on PostgreSQL', async () => {
      await insertEvent.run(t.db, 'e1', officeId, '{"n":1}', null);
      await insertEvent.run(t.db, 'e2', officeId, '{"n":2}', null);
      // The ids ride as one bound JSON value; `tag` is written into the text (a second text).
      const query = (ids: string[], tag: string) =>
        dialect === 'postgres'
          ? sql<{ id: string }>`select id, ${sql.lit(tag)} as tag from events
              where id in (select jsonb_array_elements_text(cast(${JSON.stringify(ids)} as jsonb)))`
          : sql<{ id: string }>`select id, ${sql.lit(tag)} as tag from events
              where id in (select value from json_each(${JSON.stringify(ids)}))`;
      await t.db.connection().execute(async (conn) => {
        const run = async (ids: string[], text: string) =>
          (await runNamed(conn, query(ids, text).compile(conn))).rows.map((r) => r.id).sort();
        expect(await run(['e1'], 'run_named_a')).toEqual(['e1']);
        expect(await run(['e1', 'e2', 'nope'], 'run_named_a')).toEqual(['e1', 'e2']);
        expect(await run(['e2'], 'run_named_b')).toEqual(['e2']);
        if (dialect === 'postgres') {
          const named = await sql<{ name: string }>`
            select name from pg_prepared_statements where statement like '%as tag from events%' order by name`.execute(
            conn,
          );
          // Two texts, each prepared once on this connection (the second run of the first text reused it).
          expect(named.rows).toHaveLength(2);
          for (const r of named.rows) expect(r.name).toMatch(/^x[\w-]{20}_0$/);
        }
      });
    });

    if (dialect === 'postgres')
      it('runs as a named statement, prepared anew when a migration changes what it returns', async () => {
        await t.db.connection().execute(async (conn) => {
          await sql`create table prepared_probe (id text primary key, a text)`.execute(conn);
          await sql`insert into prepared_probe (id, a) values ('p1', 'x')`.execute(conn);
          expect(await probe.first(conn, 'p1')).toEqual({ id: 'p1', a: 'x' });
          const named = await sql<{ name: string; statement: string }>`
            select name, statement from pg_prepared_statements where statement like '%prepared_probe%'`.execute(
            conn,
          );
          expect(named.rows).toHaveLength(1);
          expect(named.rows[0]?.name).toMatch(/^x[\w-]{20}_0$/);

          // A column added under the live connection: PostgreSQL refuses the old statement (0A000); outside a
          // transaction the query is prepared under a new name and answers with the new column at once.
          await sql`alter table prepared_probe add column b text`.execute(conn);
          expect(await probe.first(conn, 'p1')).toEqual({ id: 'p1', a: 'x', b: null });

          // Inside a transaction the refusal aborts it (its caller sees the error); the next run works.
          await conn.transaction().execute((trx) => probe.first(trx, 'p1'));
          await sql`alter table prepared_probe add column c text`.execute(conn);
          await expect(conn.transaction().execute((trx) => probe.first(trx, 'p1'))).rejects.toMatchObject({
            code: '0A000',
          });
          expect(await probe.first(conn, 'p1')).toEqual({ id: 'p1', a: 'x', b: null, c: null });
          await sql`drop table prepared_probe`.execute(conn);
        });
      });
  });
}
