/**
 * The routine "Honorários em atraso" (billing.overdue-fees) over simulated weeks with a fake clock, on both
 * dialects: a reminder per configured day after the due date, each key once; a missed run sends only the
 * latest crossed reminder; payment stops the reminders; the responsible is told; "in arrears" follows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  billingOverdueFees,
  createInvoice,
  getBillingSummary,
  listInvoices,
  payInvoice,
  savePixSettings,
} from '../../src/server/modules/billing/index.js';
import { updateClient } from '../../src/server/modules/clients/index.js';
import { describeConfig } from '../../src/server/modules/routines/index.js';
import { cnpj } from '../http/helpers.js';
import { seedOffice } from '../support/fixtures.js';
import { createTestContext, dialects, type TestContext } from '../support/test-db.js';
import { officePix } from './fee-contract.js';
import { makeClient, messagesWithKey, noonSP, runKind } from './helpers.js';

const days = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d <= new Date(`${to}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1)
  )
    out.push(d.toISOString().slice(0, 10));
  return out;
};

describe.each(dialects)('routine Honorários em atraso on %s', (dialect) => {
  let ctx: TestContext;
  let seed: Awaited<ReturnType<typeof seedOffice>>;
  let officeId: string;
  let analystProfession: string;
  const client: Record<string, string> = {};
  const invoice: Record<string, string> = {};

  const run = (date: string, settings = {}) => {
    ctx.clock.set(noonSP(date));
    return runKind(ctx, billingOverdueFees, officeId, {
      settings: { professionId: analystProfession, ...settings },
    });
  };
  const clientKeys = async (id: string) =>
    (await messagesWithKey(ctx, officeId, `invoice-overdue:${id}:`)).map((m) => m.idempotency_key);

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set(noonSP('2026-11-01'));
    seed = await seedOffice(ctx);
    officeId = seed.office.id;
    analystProfession = seed.professions.get('Analista Fiscal')!;
    await savePixSettings(ctx, seed.actor, officePix);
    client.late = (await makeClient(ctx, seed.actor, 'Padaria Estrela Ltda', cnpj(301))).id;
    client.payer = (await makeClient(ctx, seed.actor, 'Mercado Bom Preço Ltda', cnpj(302))).id;
    client.missed = (await makeClient(ctx, seed.actor, 'Oficina Pistão Ltda', cnpj(303))).id;
    // The late client's fiscal analyst is the staff user; the others have no responsible (→ the admin).
    await updateClient(ctx, seed.actor, client.late, {
      responsibles: [{ professionId: analystProfession, userId: seed.staff.id }],
    });
    const make = async (who: string, period: string, dueDate: string) =>
      (await createInvoice(ctx, seed.actor, client[who]!, { period, amountCents: 123456, dueDate })).id;
    invoice.late = await make('late', '2026-11', '2026-11-10');
    invoice.payer = await make('payer', '2026-11', '2026-11-10');
    invoice.missed = await make('missed', '2026-12', '2026-12-10');
  });
  afterAll(async () => {
    await ctx.destroy();
  });

  it('reminds on days 1, 5 and 10 after the due date, each once, over a simulated month', async () => {
    const sentOn: Record<string, string> = {};
    for (const date of days('2026-11-01', '2026-12-09')) {
      const before = new Set(await clientKeys(invoice.late!));
      const r = await run(date);
      expect(r.failed).toBe(0);
      for (const key of await clientKeys(invoice.late!)) if (!before.has(key)) sentOn[key] = date;
      if (date === '2026-11-12') await payInvoice(ctx, seed.actor, invoice.payer!, { note: null });
      if (date === '2026-11-15') {
        const summary = await getBillingSummary(ctx, officeId, client.late!);
        expect(summary).toMatchObject({ inArrears: true, overdueCount: 1, overdueCents: 123456 });
      }
    }
    const id = invoice.late!;
    expect(sentOn).toEqual({
      [`invoice-overdue:${id}:1:email`]: '2026-11-11',
      [`invoice-overdue:${id}:5:email`]: '2026-11-15',
      [`invoice-overdue:${id}:10:email`]: '2026-11-20',
    });
    const messages = await messagesWithKey(ctx, officeId, `invoice-overdue:${id}:`);
    expect(messages.every((m) => m.template === 'billing.invoice-overdue' && m.status === 'queued')).toBe(
      true,
    );
    const first = messages.find((m) => m.idempotency_key.endsWith(':1:email'))!;
    expect(first.subject).toBe('Lembrete: honorários 11/2026 em aberto');
    expect(first.body_text).toContain('(1 dia(s) em atraso)');
    expect(JSON.parse(first.attachments)).toHaveLength(1);

    // The staff notices went to the client's responsible of the routine's profession, once per step.
    const staff = await messagesWithKey(ctx, officeId, `invoice-overdue-staff:${id}:`);
    expect(staff.map((m) => m.idempotency_key)).toEqual(
      [1, 5, 10].map((d) => `invoice-overdue-staff:${id}:${d}:staff:${seed.staff.id}`),
    );
    expect(staff[0]).toMatchObject({ template: 'billing.overdue-staff', recipient_id: seed.staff.id });
    expect(staff[0]!.body_text).toContain(`/clients/${client.late}?tab=fees`);

    // Paid on the 12th: only the day-1 reminder, and its staff notice went to an administrator.
    expect(await clientKeys(invoice.payer!)).toEqual([`invoice-overdue:${invoice.payer}:1:email`]);
    const payerStaff = await messagesWithKey(ctx, officeId, `invoice-overdue-staff:${invoice.payer}:`);
    expect(payerStaff.map((m) => m.recipient_id)).toEqual([seed.admin.id]);
    expect((await getBillingSummary(ctx, officeId, client.payer!)).inArrears).toBe(false);
  });

  it('after a missed run sends only the latest crossed reminder, once', async () => {
    const id = invoice.missed!;
    // Due 10/12; the routine is off until the 17th (7 days late): day 5 is sent, day 1 never is.
    expect(await clientKeys(id)).toEqual([]);
    await run('2026-12-17');
    expect(await clientKeys(id)).toEqual([`invoice-overdue:${id}:5:email`]);
    await run('2026-12-17');
    await run('2026-12-18');
    await run('2026-12-19');
    expect(await clientKeys(id)).toEqual([`invoice-overdue:${id}:5:email`]);
    // Off again until a month later: only day 10, once.
    await run('2027-01-15');
    await run('2027-01-16');
    expect(await clientKeys(id)).toEqual([`invoice-overdue:${id}:5:email`, `invoice-overdue:${id}:10:email`]);
  });

  it('follows the configured days (deduplicated and sorted)', async () => {
    const other = (await makeClient(ctx, seed.actor, 'Clínica Sorriso Ltda', cnpj(304))).id;
    const inv = await createInvoice(ctx, seed.actor, other, {
      period: '2027-01',
      amountCents: 5000,
      dueDate: '2027-01-20',
    });
    invoice.clinic = inv.id;
    const config = { reminderDays: [3, 3, 2] };
    ctx.clock.set(noonSP('2027-01-22'));
    await runKind(ctx, billingOverdueFees, officeId, { config });
    ctx.clock.set(noonSP('2027-01-23'));
    await runKind(ctx, billingOverdueFees, officeId, { config });
    await runKind(ctx, billingOverdueFees, officeId, { config });
    expect(await clientKeys(inv.id)).toEqual([
      `invoice-overdue:${inv.id}:2:email`,
      `invoice-overdue:${inv.id}:3:email`,
    ]);
    expect(billingOverdueFees.config.safeParse({ reminderDays: [] }).success).toBe(false);
    expect(billingOverdueFees.config.safeParse({ reminderDays: [0] }).success).toBe(false);
    // The catalog's form reads the setting from the schema.
    expect(describeConfig(billingOverdueFees.config)).toMatchObject([
      { name: 'reminderDays', type: 'numberList', default: [1, 5, 10], min: 1, minItems: 1 },
    ]);
  });

  it('lists overdue invoices and the clients in arrears', async () => {
    ctx.clock.set(noonSP('2027-01-25'));
    const q = { page: 1, pageSize: 50, sort: 'dueDate' as const, order: 'asc' as const };
    const overdue = await listInvoices(ctx, officeId, { ...q, status: 'overdue' });
    expect(overdue.items.map((i) => i.id).sort()).toEqual(
      [invoice.late, invoice.missed, invoice.clinic].sort(),
    );
    expect(overdue.items.every((i) => i.status === 'overdue' && i.daysOverdue > 0)).toBe(true);
    const paid = await listInvoices(ctx, officeId, { ...q, status: 'paid' });
    expect(paid.items.map((i) => i.id)).toEqual([invoice.payer]);
    const arrears = await listInvoices(ctx, officeId, { ...q, inArrears: true });
    expect(arrears.items.some((i) => i.clientId === client.payer)).toBe(false);
    expect(arrears.items.some((i) => i.clientId === client.late)).toBe(true);
  });
});
