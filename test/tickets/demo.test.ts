import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoOffice } from '../../src/server/demo/demo-office.js';
import { listTickets } from '../../src/server/modules/tickets/index.js';
import { ticketListQuery } from '../../src/server/modules/tickets/tickets.schema.js';
import { createTestContext, type TestContext } from '../support/test-db.js';

describe('demo tickets', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext('sqlite');
  });
  afterAll(() => ctx.destroy());

  it('the demo office has a dozen tickets in every status, one without e-mail', async () => {
    const { officeId } = await seedDemoOffice(ctx);
    const page = await listTickets(ctx, { officeId, userId: null }, ticketListQuery.parse({ pageSize: 100 }));
    expect(page.total).toBeGreaterThanOrEqual(12);
    expect(new Set(page.items.map((t) => t.status))).toEqual(
      new Set(['open', 'reopened', 'analyzing', 'waiting', 'cancelled', 'rejected', 'done']),
    );
    expect(page.items.some((t) => t.kind === 'debt_collection')).toBe(true);
    expect(page.items.some((t) => t.sla.firstResponseDueAt !== null)).toBe(true);
    const skipped = await ctx.db
      .selectFrom('messages')
      .select('skip_reason')
      .where('office_id', '=', officeId)
      .where('template', '=', 'tickets.status-changed')
      .where('status', '=', 'skipped')
      .execute();
    expect(skipped.length).toBeGreaterThan(0);
  });
});
