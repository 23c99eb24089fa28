import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { DialectName } from '../../src/server/db/database.js';
import { drainOffice } from '../../src/server/modules/automation/index.js';
import type { Ticket } from '../../src/server/modules/tickets/tickets.schema.js';
import { ok, postCreated } from '../http/helpers.js';
import type { Session } from '../support/test-app.js';
import { moveReq, openTicket, ticketsWorld } from '../tickets/helpers.js';

export { ok };

export interface RuleAnswer {
  id: string;
  stageId: string;
  position: number;
  enabled: boolean;
  published: { version: number; definition: Record<string, unknown> } | null;
  draft: Record<string, unknown> | null;
  description: string;
}

/** The tickets world (offices A and B over HTTP) plus helpers for rules on the tickets pipeline. */
export async function automationWorld(dialect: DialectName) {
  const w = await ticketsWorld(dialect);
  const officeId = w.a.office.id;
  // The engine's tests build their own rules: office A starts without the seeded status e-mail rules.
  await w.ctx.db.deleteFrom('automation_rules').where('office_id', '=', officeId).execute();

  /** Adds a rule to a ticket status and publishes it. */
  async function rule(
    stageId: string,
    def: Record<string, unknown>,
    s: Session = w.adminA,
  ): Promise<RuleAnswer> {
    const created = await postCreated<RuleAnswer>(
      s,
      `/api/automation/pipelines/tickets/stages/${stageId}/rules`,
      def,
    );
    return ok<RuleAnswer>(
      await s.request({ method: 'POST', url: `/api/automation/rules/${created.id}/publish` }),
    );
  }

  async function ticket(subject = 'Abertura de filial'): Promise<Ticket> {
    return openTicket(w.adminA, { clientId: w.client.id, subject });
  }

  /** Moves a ticket by HTTP (its current version read first). */
  async function move(id: string, to: string) {
    const current = ok<Ticket>(await w.adminA.request({ method: 'GET', url: `/api/tickets/${id}` }));
    return ok(await moveReq(w.adminA, current, to));
  }

  const drain = () => drainOffice(w.ctx, officeId);

  async function runsOf(itemId: string) {
    return w.ctx.db
      .selectFrom('automation_runs')
      .selectAll()
      .where('item_id', '=', itemId)
      .orderBy('created_at')
      .orderBy('group_no')
      .execute();
  }

  async function ticketRow(id: string) {
    return w.ctx.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  /** Removes every rule of office A (tests share one world per dialect). */
  async function clearRules() {
    await w.ctx.db.deleteFrom('automation_rules').where('office_id', '=', officeId).execute();
  }

  return { ...w, officeId, rule, ticket, move, drain, runsOf, ticketRow, clearRules };
}
export type AutomationWorld = Awaited<ReturnType<typeof automationWorld>>;

/**
 * `automationWorld` as a describe block's fixture for rule tests: built in a `beforeAll` (a minute allowed),
 * closed in an `afterAll`; before each test its rules are cleared and the clock set to Monday 23/11/2026,
 * 09:00 in São Paulo. Read its fields inside hooks and tests only.
 */
export function useRulesWorld(dialect: DialectName): AutomationWorld {
  const w = {} as AutomationWorld;
  beforeAll(async () => {
    Object.assign(w, await automationWorld(dialect));
  }, 60_000);
  afterAll(() => w.close?.());
  beforeEach(async () => {
    await w.clearRules();
    w.ctx.clock.set('2026-11-23T12:00:00.000Z');
  });
  return w;
}

/** A rule body whose action sets the ticket's subject to `value`. */
export const setSubject = (value: string) => ({
  action: 'item.set_field',
  input: { field: 'subject', value },
});
