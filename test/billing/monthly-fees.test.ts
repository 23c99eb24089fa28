/**
 * The routine "Honorários" (billing.monthly-fees) through runRoutine, on both dialects, with a fake clock:
 * one invoice per client and competência whatever the number of runs (repeated, concurrent, after a
 * restart), due dates by fixed day and by Nth business day, the PDF attached, the keys of the messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobStore, readBlob } from '../../src/server/blobs/index.js';
import {
  billingMonthlyFees,
  saveFeeContract,
  savePixSettings,
} from '../../src/server/modules/billing/index.js';
import { parseBrCode } from '../../src/server/modules/br/index.js';
import { cnpj } from '../http/helpers.js';
import { seedOffice } from '../support/fixtures.js';
import { createTestContext, dialects, type TestContext } from '../support/test-db.js';
import { monthlyFee, officePix } from './fee-contract.js';
import { makeClient, messagesWithKey, noonSP, reopen, runKind } from './helpers.js';
import { pdfText } from './pdf-text.js';

describe.each(dialects)('routine Honorários on %s', (dialect) => {
  let ctx: TestContext;
  let seed: Awaited<ReturnType<typeof seedOffice>>;
  let officeId: string;
  const ids: Record<string, string> = {};

  const contract = (clientId: string, body: Partial<Parameters<typeof saveFeeContract>[3]> = {}) =>
    saveFeeContract(ctx, seed.actor, clientId, monthlyFee(123456, body));

  const invoicesOf = (period?: string) => {
    let q = ctx.db.selectFrom('invoices').selectAll().where('office_id', '=', officeId);
    if (period) q = q.where('period', '=', period);
    return q.orderBy('due_date').orderBy('client_id').execute();
  };

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set(noonSP('2026-11-01'));
    seed = await seedOffice(ctx);
    officeId = seed.office.id;
    await savePixSettings(ctx, seed.actor, officePix);
    ids.day10 = (await makeClient(ctx, seed.actor, 'Padaria Estrela Ltda', cnpj(101))).id;
    ids.bday5 = (await makeClient(ctx, seed.actor, 'Mercado Bom Preço Ltda', cnpj(102))).id;
    ids.noEmail = (await makeClient(ctx, seed.actor, 'Oficina Pistão Ltda', cnpj(103), false)).id;
    ids.inactive = (await makeClient(ctx, seed.actor, 'Livraria Páginas Ltda', cnpj(104))).id;
    ids.december = (await makeClient(ctx, seed.actor, 'Academia Forma Ltda', cnpj(105))).id;
    await contract(ids.day10);
    await contract(ids.bday5, { amountCents: 85000, dueRule: 'business_day', dueDay: 5 });
    await contract(ids.noEmail, { amountCents: 50000, dueDay: 15 });
    await contract(ids.inactive, { active: false });
    await contract(ids.december, { startPeriod: '2026-12' });
  });
  afterAll(async () => {
    await ctx.destroy();
  });

  it('generates each invoice once its window opens, with its due date, PIX and PDF', async () => {
    ctx.clock.set(noonSP('2026-11-03'));
    const before = await runKind(ctx, billingMonthlyFees, officeId);
    expect(before.outcomes).toEqual({});
    expect(await invoicesOf()).toHaveLength(0);

    // 5 days before the 10th; the 5th business day of November 2026 is the 9th (02/11 Finados is a
    // holiday, 01/11 a Sunday), so its window opened on the 4th.
    ctx.clock.set(noonSP('2026-11-05'));
    const run = await runKind(ctx, billingMonthlyFees, officeId);
    expect(run.failed).toBe(0);
    expect(run.outcomes).toEqual({ generated: 2, sent: 2 });
    const invoices = await invoicesOf('2026-11');
    expect(invoices.map((i) => [i.client_id, i.due_date, Number(i.amount_cents), i.status])).toEqual([
      [ids.bday5, '2026-11-09', 85000, 'open'],
      [ids.day10, '2026-11-10', 123456, 'open'],
    ]);

    for (const inv of invoices) {
      const pix = parseBrCode(inv.pix_code!);
      expect(pix).toMatchObject({
        key: { kind: 'cnpj', value: '11222333000181' },
        amountCents: Number(inv.amount_cents),
        txid: inv.txid,
        merchantName: 'ESCRITORIO TESTE CONTABIL',
        merchantCity: 'SAO PAULO',
        singleUse: true,
      });
      expect(inv.txid).toMatch(/^HON202611[0-9A-F]{16}$/);
      expect(inv.notified_at).not.toBeNull();
      expect(inv.sent_at).not.toBeNull();
    }

    const messages = await messagesWithKey(ctx, officeId, 'invoice:');
    expect(messages.map((m) => m.idempotency_key).sort()).toEqual(
      invoices.map((i) => `invoice:${i.id}:email`).sort(),
    );
    const toDay10 = messages.find((m) => m.client_id === ids.day10)!;
    expect(toDay10).toMatchObject({ template: 'billing.invoice', status: 'queued' });
    expect(toDay10.subject).toBe('Honorários 11/2026 — vencimento em 10/11/2026');
    const day10Invoice = invoices.find((i) => i.client_id === ids.day10)!;
    expect(toDay10.body_text).toContain('R$ 1.234,56');
    expect(toDay10.body_text).toContain(day10Invoice.pix_code);

    // The PDF went with it, and reads back with the amount and the copia e cola.
    const attachments = JSON.parse(toDay10.attachments) as {
      filename: string;
      contentType: string;
      ref: string;
    }[];
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({ contentType: 'application/pdf' });
    expect(attachments[0]!.filename).toBe('honorarios-padaria-estrela-ltda-2026-11.pdf');
    const text = await pdfText((await readBlob(blobStore(ctx), attachments[0]!.ref, 1 << 24))!);
    expect(text).toContain('R$ 1.234,56');
    expect(text).toContain(day10Invoice.pix_code);
    expect(text).toContain('10/11/2026');
  });

  it('makes nothing twice on repeated runs, nor after a restart', async () => {
    const again = await runKind(ctx, billingMonthlyFees, officeId);
    expect(again.outcomes).toEqual({ already_sent: 2 });
    expect(again.messages).toEqual({ queued: 0, skipped: 0, duplicates: 0 });

    const restarted = reopen(ctx);
    try {
      const afterRestart = await runKind(restarted, billingMonthlyFees, officeId);
      expect(afterRestart.outcomes).toEqual({ already_sent: 2 });
    } finally {
      await restarted.close();
    }
    expect(await invoicesOf('2026-11')).toHaveLength(2);
    expect(await messagesWithKey(ctx, officeId, 'invoice:')).toHaveLength(2);
  });

  it('runs daily through the month: each client billed once, a client without e-mail skipped once', async () => {
    for (let day = 6; day <= 30; day++) {
      ctx.clock.set(noonSP(`2026-11-${String(day).padStart(2, '0')}`));
      const r = await runKind(ctx, billingMonthlyFees, officeId);
      expect(r.failed).toBe(0);
    }
    const november = await invoicesOf('2026-11');
    expect(november.map((i) => i.client_id).sort()).toEqual([ids.bday5, ids.day10, ids.noEmail].sort());
    const noEmail = november.find((i) => i.client_id === ids.noEmail)!;
    expect(noEmail.due_date).toBe('2026-11-15');
    expect(noEmail.notified_at).not.toBeNull();
    expect(noEmail.sent_at).toBeNull();
    const skipped = await messagesWithKey(ctx, officeId, `invoice:${noEmail.id}`);
    expect(skipped.map((m) => m.status)).toEqual(['skipped']);
    // December's windows have not opened by the 30th (10th − 5 = 5th; 5th business day − 5 > 30th).
    expect(await invoicesOf('2026-12')).toHaveLength(0);
    // The inactive contract never billed.
    expect((await invoicesOf()).some((i) => i.client_id === ids.inactive)).toBe(false);
  });

  it('never makes a second invoice for a competência under concurrent runs', async () => {
    ctx.clock.set(noonSP('2026-12-05'));
    const runs = await Promise.all([1, 2, 3].map(() => runKind(ctx, billingMonthlyFees, officeId)));
    const generated = runs.reduce((n, r) => n + (r.outcomes.generated ?? 0), 0);
    const december = await invoicesOf('2026-12');
    // day 10, bday5 (5th business day of December 2026 is Monday the 7th) and the contract starting now.
    expect(december.map((i) => [i.client_id, i.due_date]).sort()).toEqual(
      [
        [ids.bday5, '2026-12-07'],
        [ids.day10, '2026-12-10'],
        [ids.december, '2026-12-10'],
      ].sort(),
    );
    expect(generated).toBe(3);
    const keys = (await messagesWithKey(ctx, officeId, 'invoice:')).map((m) => m.idempotency_key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const inv of december) expect(keys).toContain(`invoice:${inv.id}:email`);
  });

  it('bills a late start with date + daysBeforeDue, and respects the audience', async () => {
    ctx.clock.set(noonSP('2026-12-20'));
    const late = (await makeClient(ctx, seed.actor, 'Clínica Sorriso Ltda', cnpj(106))).id;
    await contract(late, { startPeriod: '2026-12', dueDay: 10, amountCents: 99000 });
    const other = (await makeClient(ctx, seed.actor, 'Pet Shop Amigo Ltda', cnpj(107))).id;
    await contract(other, { startPeriod: '2026-12', dueDay: 10 });

    const r = await runKind(ctx, billingMonthlyFees, officeId, {
      settings: { audience: { kind: 'list', clientIds: [late] } },
      config: { daysBeforeDue: 3 },
    });
    expect(r.outcomes).toMatchObject({ generated: 1, late: 1, sent: 1 });
    const [inv] = (await invoicesOf('2026-12')).filter((i) => i.client_id === late);
    expect(inv?.due_date).toBe('2026-12-23');
    expect((await invoicesOf('2026-12')).some((i) => i.client_id === other)).toBe(false);
  });

  it('writes nothing in a dry run, and previews the message', async () => {
    ctx.clock.set(noonSP('2027-01-05'));
    const before = (await invoicesOf()).length;
    const r = await runKind(ctx, billingMonthlyFees, officeId, { dryRun: true });
    expect(r.outcomes.generated).toBeGreaterThan(0);
    expect(r.preview?.some((p) => p.body.includes('000201010212'))).toBe(true);
    expect((await invoicesOf()).length).toBe(before);
  });

  it('does nothing without the PIX settings, and says why', async () => {
    const other = await seedOffice(ctx, 'Escritório Sem PIX', 'sem-pix.com.br');
    const client = await makeClient(ctx, other.actor, 'Farmácia Vida Ltda', cnpj(201));
    await saveFeeContract(ctx, other.actor, client.id, monthlyFee(1000, { dueDay: 6 }));
    const r = (await runKind(ctx, billingMonthlyFees, other.office.id)) as Awaited<
      ReturnType<typeof runKind>
    > & {
      logs: string[];
    };
    expect(r.records).toBe(0);
    expect(r.logs.join('\n')).toContain('chave PIX');
    const count = await ctx.db
      .selectFrom('invoices')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('office_id', '=', other.office.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });
});
