/**
 * PostgreSQL keeps one plan for the list pages' hot statements instead of planning every call: the ticket
 * list's page numbers and rows (tickets.repo.ts `listTicketRows`), the client list's tags and responsibles
 * (clients.repo.ts `relationsOf`) and the client read of a ticket opening (`clientBasics`). Each is a named
 * prepared statement (db/prepared.ts); after its first five runs on a connection PostgreSQL runs the generic
 * plan when it costs no more than the custom plans so far. Measured with the connection's own
 * `pg_prepared_statements`, over a handle with a single connection, on tables of a deployment's size.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/server/db/database.js';
import { clientBasics, listClients } from '../../src/server/modules/clients/clients.repo.js';
import { createClientBody } from '../../src/server/modules/clients/clients.schema.js';
import { createClient } from '../../src/server/modules/clients/index.js';
import { createTicket } from '../../src/server/modules/tickets/index.js';
import { listTicketRows } from '../../src/server/modules/tickets/tickets.repo.js';
import { createTicketBody } from '../../src/server/modules/tickets/tickets.schema.js';
import { cnpj } from '../http/helpers.js';
import { seedOffice } from '../support/fixtures.js';
import { createTestContext, type TestContext } from '../support/test-db.js';

describe('the list statements on postgres', () => {
  let ctx: TestContext;
  let one: DatabaseHandle;
  beforeAll(async () => {
    ctx = await createTestContext('postgres');
    one = openDatabase({ databaseUrl: ctx.config.databaseUrl!, poolSize: 1 });
  });
  afterAll(async () => {
    await one.destroy();
    await ctx.destroy();
  });

  it('are planned a few times per connection, not on every call', async () => {
    const seed = await seedOffice(ctx);
    const officeId = seed.office.id;
    const clients = [];
    for (let i = 0; i < 25; i++)
      clients.push(
        await createClient(
          ctx,
          seed.actor,
          createClientBody.parse({
            legalName: `Cliente Plano ${i} Ltda`,
            document: cnpj(7100 + i),
            tags: ['plano', `t${i % 3}`],
          }),
        ),
      );
    for (let i = 0; i < 25; i++)
      await createTicket(
        ctx,
        seed.actor,
        createTicketBody.parse({ clientId: clients[i]!.id, subject: `Plano ${i}` }),
      );
    // Tables of a deployment's size, analysed: 25,000 tickets (copies of the office's, numbered after them).
    await sql`insert into tickets
      select (jsonb_populate_record(null::tickets, to_jsonb(t) || jsonb_build_object(
        'id', t.id || '-' || g, 'number', t.number + 1000 * g))).*
      from tickets t, generate_series(1, 1000) g where t.office_id = ${officeId}`.execute(ctx.db);
    await sql`analyze tickets`.execute(ctx.db);

    for (let i = 0; i < 12; i++) {
      const page = await listTicketRows(
        one.db,
        { officeId },
        { sort: 'number', order: 'desc', limit: 20, offset: 0 },
      );
      expect(page.rows).toHaveLength(20);
      const list = await listClients(one.db, officeId, {
        pageSize: 20,
        page: 1,
        sort: 'legalName',
        order: 'asc',
      });
      expect(list.items).toHaveLength(20);
      expect(list.items[0]!.tags).toEqual(['plano', 't0']);
      expect((await clientBasics(one.db, officeId, clients[i]!.id))?.id).toBe(clients[i]!.id);
    }

    const { rows: stats } = await sql<{ statement: string; generic_plans: string; custom_plans: string }>`
      select statement, generic_plans, custom_plans from pg_prepared_statements`.execute(one.db);
    const of = (part: RegExp) => {
      const found = stats.filter((s) => part.test(s.statement.replace(/\s+/g, ' ')));
      expect(found, String(part)).toHaveLength(1);
      return { generic: Number(found[0]!.generic_plans), custom: Number(found[0]!.custom_plans) };
    };
    const kept = {
      generic: expect.toSatisfy((n: number) => n >= 6),
      custom: expect.toSatisfy((n: number) => n <= 5),
    };
    // Twelve runs each: five custom plans at most, then the kept one.
    expect(of(/^select "t"\."number" from "tickets" as "t" where .* limit 20$/)).toEqual(kept);
    expect(of(/^select "t"\.\*, /)).toEqual(kept);
    expect(of(/^select "client_id", "tag" from "client_tags" where "client_id" in \(/)).toEqual(kept);
    expect(of(/^select "cr"\."client_id", /)).toEqual(kept);
    expect(of(/^select "id", "legal_name", "document", "document_kind", "status" from "clients"/)).toEqual(
      kept,
    );
  }, 180_000);
});
