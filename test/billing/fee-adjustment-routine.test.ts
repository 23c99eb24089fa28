/**
 * The routine "Reajuste anual de honorários" (billing.fee-adjustment) with the fake clock, on both
 * dialects: the letter goes once ahead of the anniversary (idempotency key per contract and year), the new
 * value applies once on the anniversary, and running again changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveAdjustmentRule } from '../../src/server/modules/billing/adjustment/adjustment.service.js';
import { billingFeeAdjustment, saveFeeContract } from '../../src/server/modules/billing/index.js';
import { cnpj } from '../http/helpers.js';
import { seedOffice } from '../support/fixtures.js';
import { createTestContext, dialects, type TestContext } from '../support/test-db.js';
import { monthlyFee } from './fee-contract.js';
import { makeClient, messagesWithKey, noonSP, runKind } from './helpers.js';

describe.each(dialects)('routine Reajuste anual on %s', (dialect) => {
  let ctx: TestContext;
  let officeId: string;
  let clientId: string;
  let later: string;

  const run = (date: string) => {
    ctx.clock.set(noonSP(date));
    return runKind(ctx, billingFeeAdjustment, officeId, { config: { daysBefore: 15 } });
  };
  const contract = (id: string) =>
    ctx.db
      .selectFrom('fee_contracts')
      .select(['amount_cents', 'readjustment_date'])
      .where('client_id', '=', id)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set(noonSP('2026-12-01'));
    const seed = await seedOffice(ctx);
    officeId = seed.office.id;
    const contractOf = async (name: string, n: number, readjustmentDate: string) => {
      const c = await makeClient(ctx, seed.actor, name, cnpj(n));
      await saveFeeContract(ctx, seed.actor, c.id, monthlyFee(150_000, { readjustmentDate }));
      await saveAdjustmentRule(ctx, seed.actor, c.id, {
        method: 'percentage',
        index: null,
        bp: 1000,
        mwMultiple: null,
      });
      return c.id;
    };
    clientId = await contractOf('Padaria Estrela Ltda', 811, '2027-01-01');
    later = await contractOf('Oficina Pistão Ltda', 812, '2027-03-01');
  });
  afterAll(async () => {
    await ctx.destroy();
  });

  it('sends the letter once ahead of the anniversary and applies the new value once on it', async () => {
    // Too early: 2027-01-01 is more than 15 days away.
    expect((await run('2026-12-10')).outcomes).not.toHaveProperty('letters');
    expect(await messagesWithKey(ctx, officeId, 'fee-adjustment:')).toHaveLength(0);

    const first = await run('2026-12-20');
    expect(first.outcomes).toMatchObject({ letters: 1 });
    const letters = await messagesWithKey(ctx, officeId, 'fee-adjustment:');
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ template: 'billing.fee-adjustment', client_id: clientId });
    expect(letters[0]!.idempotency_key).toContain(':2027');
    expect(await contract(clientId)).toMatchObject({ readjustment_date: '2027-01-01' });
    expect(Number((await contract(clientId)).amount_cents)).toBe(150_000);

    // Again before the anniversary: no second letter, nothing applied.
    await run('2026-12-28');
    expect(await messagesWithKey(ctx, officeId, 'fee-adjustment:')).toHaveLength(1);
    expect(Number((await contract(clientId)).amount_cents)).toBe(150_000);

    // The anniversary: applied once (+10%), the next anniversary a year later.
    const applied = await run('2027-01-01');
    expect(applied.outcomes).toMatchObject({ applied: 1 });
    expect(await contract(clientId)).toMatchObject({ readjustment_date: '2028-01-01' });
    expect(Number((await contract(clientId)).amount_cents)).toBe(165_000);

    // Run again the same day and the day after: not applied twice, no new letter.
    await run('2027-01-01');
    await run('2027-01-02');
    expect(Number((await contract(clientId)).amount_cents)).toBe(165_000);
    expect(await messagesWithKey(ctx, officeId, 'fee-adjustment:')).toHaveLength(1);
    const rows = await ctx.db
      .selectFrom('fee_adjustments')
      .select(['status', 'letter_sent_at', 'applied_at'])
      .where('client_id', '=', clientId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'applied' });
    expect(rows[0]!.letter_sent_at).not.toBeNull();

    // The other contract (2027-03-01) is untouched so far.
    expect(Number((await contract(later)).amount_cents)).toBe(150_000);
    const audits = await ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('entity', '=', 'fee_contract')
      .where('action', '=', 'adjust')
      .execute();
    expect(audits).toHaveLength(1);
  });
});
