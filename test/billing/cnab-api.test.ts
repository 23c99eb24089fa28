/**
 * CNAB through the HTTP API on both dialects: for every bank layout, a remessa of chosen boletos is
 * generated, downloaded and read back; the bank's retorno built from it is uploaded and applied (entry
 * confirmed, rejected with its reasons in words, paid with tariff, juros and multa, written off); the
 * same retorno uploaded twice applies once; bad files are refused whole with line, position and field;
 * payments: partial, overpaid, and paid twice (PIX then boleto) flagged for refund, never merged.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cnabLayouts } from '../../src/server/modules/billing/cnab/layouts/index.js';
import { readFile } from '../../src/server/modules/billing/cnab/reader.js';
import { nossoNumeroOf } from '../../src/server/modules/billing/cnab/remessa.js';
import { type BankEvent, writeRetorno } from '../../src/server/modules/billing/cnab/retorno.js';
import { cnpj, createClientVia, expectProblem } from '../http/helpers.js';
import { useSession, useTestApp } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { multipart } from '../tickets/helpers.js';
import { accountsByBank, insertBankAccount, insertBoleto } from './cnab-helpers.js';
import { noonSP, postInvoice, putPixSettings } from './helpers.js';

interface Line {
  line: number;
  nossoNumero: string;
  outcome: string;
  result: string;
  words: { 'pt-BR': string; en: string };
  reasons: { code: string; words: { 'pt-BR': string; en: string } }[];
  invoiceId: string | null;
  paidCents: number;
  tariffCents: number;
  interestCents: number;
  fineCents: number;
}

const companyName = 'Escritório A';

describe.each(dialects)('CNAB remessa and retorno on %s', (dialect) => {
  const t = useTestApp(dialect, { at: noonSP('2026-11-02') });
  const admin = useSession(t, 'admin@a.com.br');
  let officeId: string;
  let clients: string[];
  let periodSeq = 0;

  beforeAll(async () => {
    officeId = t.a.office.id;
    await putPixSettings(admin);
    clients = [];
    for (const n of [501, 502, 503, 504]) {
      clients.push((await createClientVia(admin, { legalName: `Cliente ${n} Ltda`, document: cnpj(n) })).id);
    }
  });

  /** Invoices (one per client, a fresh competência) with boletos in a new account of the bank. */
  async function setUp(bankCode: string, count = 3, amountCents = 150_000) {
    const a = accountsByBank[bankCode]!;
    const accountId = await insertBankAccount(t.ctx, officeId, a);
    periodSeq++;
    const period = `${2027 + Math.floor(periodSeq / 12)}-${String((periodSeq % 12) + 1).padStart(2, '0')}`;
    const boletos = [];
    for (let i = 0; i < count; i++) {
      const res = await postInvoice(admin, clients[i]!, {
        period,
        amountCents: amountCents + i,
        dueDate: '2026-11-20',
      });
      expect(res.statusCode, res.body).toBe(201);
      const invoice = res.json() as { id: string; amountCents: number; dueDate: string };
      boletos.push({ ...(await insertBoleto(t.ctx, officeId, accountId, a, i + 1, invoice)), invoice });
    }
    return { accountId, account: a, boletos };
  }

  const upload = (accountId: string, text: string, name = 'retorno.ret') =>
    admin.request({
      method: 'POST',
      url: `/api/billing/bank-accounts/${accountId}/retornos`,
      ...multipart([{ name, content: Buffer.from(text, 'latin1') }]),
    });

  const cnabAccount = (a: (typeof accountsByBank)[string]) => ({
    bankCode: a.bankCode,
    agency: a.agency,
    agencyDigit: a.agencyDigit ?? null,
    account: a.account,
    accountDigit: a.accountDigit ?? null,
    carteira: a.carteira,
    convenio: a.convenio,
    interestMonthBp: 100,
    fineBp: 200,
    companyName,
    companyDocument: '11222333000181',
  });

  for (const layout of Object.values(cnabLayouts)) {
    it(`${layout.id}: remessa generated and downloaded, the bank's retorno built from it applied`, async () => {
      const { accountId, account, boletos } = await setUp(layout.bankCode);
      const candidates = await admin.request({
        method: 'GET',
        url: `/api/billing/remessa-candidates?bankAccountId=${accountId}`,
      });
      expect(candidates.json().items).toHaveLength(3);
      const gen = await admin.request({
        method: 'POST',
        url: '/api/billing/remessas',
        payload: { bankAccountId: accountId, boletoIds: boletos.map((b) => b.id), format: layout.format },
      });
      expect(gen.statusCode, gen.body).toBe(201);
      const file = gen.json();
      expect(file).toMatchObject({ kind: 'remessa', format: layout.format, sequence: 1, recordCount: 3 });
      const dl = await admin.request({ method: 'GET', url: `/api/billing/cnab-files/${file.id}/download` });
      expect(dl.statusCode).toBe(200);
      const text = dl.rawPayload.toString('latin1');
      const { createHash } = await import('node:crypto');
      expect(createHash('sha256').update(dl.rawPayload).digest('hex')).toBe(file.sha256);
      const lines = text.split('\r\n').slice(0, -1);
      const read = readFile(layout, lines, 'remessa');
      expect(read.issues).toEqual([]);
      // Nothing left to register; a second remessa of the same boletos is refused.
      expect(
        (
          await admin.request({
            method: 'GET',
            url: `/api/billing/remessa-candidates?bankAccountId=${accountId}`,
          })
        ).json().items,
      ).toEqual([]);
      expectProblem(
        await admin.request({
          method: 'POST',
          url: '/api/billing/remessas',
          payload: { bankAccountId: accountId, boletoIds: [boletos[0]!.id] },
        }),
        409,
        'billing.boletos_not_pending',
      );

      // The bank answers: the titles of the remessa, as it read them.
      const titles = read.records.filter((r) => r.kind === 'P' || r.kind === 'detail');
      expect(titles.map((r) => nossoNumeroOf(layout.nossoNumero, String(r.values.nossoNumero)))).toEqual(
        boletos.map((b) => b.nossoNumero.replace(/^0+/, '')),
      );
      // A rejection for an irregular CEP in the bank's own codes (Itaú 400 and Santander 400 have theirs).
      const cepReason =
        (
          {
            '341-400': ['11', 'CEP não numérico ou inválido'],
            '033-400': ['057', 'CEP do pagador incorreto'],
          } as const
        )[layout.id as '341-400' | '033-400'] ?? (['48', 'CEP inválido'] as const);
      const ev = (
        i: number,
        e: Partial<BankEvent> & { occurrence: string; occurredOn: string },
      ): BankEvent => ({
        nossoNumero: boletos[i]!.nossoNumero,
        nossoNumeroDv: boletos[i]!.dv,
        amountCents: Number(titles[i]!.values.amount),
        ...e,
      });
      const retorno = writeRetorno(layout, cnabAccount(account), 1, '2026-11-25', [
        ev(0, { occurrence: '02', occurredOn: '2026-11-03' }),
        ev(1, { occurrence: '03', occurredOn: '2026-11-03', reasons: [cepReason[0]] }),
        ev(0, {
          occurrence: '06',
          occurredOn: '2026-11-24',
          creditOn: '2026-11-25',
          // Paid 4 days late: multa 2% (3.000,00) and juros.
          paidCents: 150_000 + 3_000 + 200,
          chargesCents: 3_200,
          tariffCents: 250,
        }),
        ev(2, { occurrence: '09', occurredOn: '2026-11-24' }),
      ]);
      const res = await upload(accountId, retorno);
      expect(res.statusCode, res.body).toBe(200);
      const out = res.json() as { file: { id: string; appliedCount: number }; lines: Line[] };
      expect(out.lines.map((l) => [l.outcome, l.result])).toEqual([
        ['confirmed', 'applied'],
        ['rejected', 'applied'],
        ['paid', 'applied'],
        ['written_off', 'applied'],
      ]);
      expect(out.lines[1]!.reasons[0]!.words['pt-BR']).toBe(cepReason[1]);
      expect(out.lines[2]).toMatchObject({
        paidCents: 153_200,
        tariffCents: 250,
        fineCents: 3_000,
        interestCents: 200,
      });
      const paid = (
        await admin.request({ method: 'GET', url: `/api/invoices/${boletos[0]!.invoice.id}` })
      ).json();
      expect(paid).toMatchObject({
        status: 'paid',
        paidOn: '2026-11-24',
        paidAmountCents: 153_200,
        paymentFlag: null,
      });
      const statuses = await t.ctx.db
        .selectFrom('boletos')
        .select(['id', 'status'])
        .where('bank_account_id', '=', accountId)
        .execute();
      expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
        [boletos[0]!.id]: 'paid',
        [boletos[1]!.id]: 'rejected',
        [boletos[2]!.id]: 'written_off',
      });
      const events = await t.ctx.db
        .selectFrom('events')
        .select('entity_id')
        .where('type', '=', 'invoice.paid')
        .where('entity_id', '=', boletos[0]!.invoice.id)
        .execute();
      expect(events).toHaveLength(1);
      // One audit entry for the file, naming the invoice it paid; none per invoice.
      const audits = await t.ctx.db
        .selectFrom('audit_log')
        .select(['entity', 'entity_id', 'action', 'after'])
        .where('office_id', '=', t.a.office.id)
        .where((eb) =>
          eb.or([
            eb('entity', '=', 'cnab_file').and('entity_id', '=', out.file.id),
            eb('entity', '=', 'invoice')
              .and(
                'entity_id',
                'in',
                boletos.map((b) => b.invoice.id),
              )
              .and('action', 'like', 'pay%'),
          ]),
        )
        .execute();
      expect(audits.map((a) => [a.entity, a.action])).toEqual([['cnab_file', 'retorno']]);
      expect(JSON.parse(audits[0]!.after!)).toMatchObject({
        paidInvoiceIds: [boletos[0]!.invoice.id],
        paidTwiceInvoiceIds: [],
      });

      // The same file again: every line was applied already; nothing moves, no second payment.
      const again = await upload(accountId, retorno);
      expect(again.json().lines.map((l: Line) => l.result)).toEqual([
        'duplicate',
        'duplicate',
        'duplicate',
        'duplicate',
      ]);
      const payments = (
        await admin.request({ method: 'GET', url: `/api/invoices/${boletos[0]!.invoice.id}/payments` })
      ).json().items;
      expect(payments).toHaveLength(1);
      expect(payments[0]).toMatchObject({
        source: 'retorno',
        method: 'boleto',
        kind: 'full',
        amountCents: 153_200,
      });
    });
  }

  it('refuses a retorno of another bank, of another layout version, with a wrong line, with nothing applied', async () => {
    const { accountId, account, boletos } = await setUp('341', 1);
    const layout = cnabLayouts['341-240']!;
    const paidEvent: BankEvent = {
      nossoNumero: boletos[0]!.nossoNumero,
      nossoNumeroDv: boletos[0]!.dv,
      occurrence: '06',
      amountCents: 150_000,
      paidCents: 150_000,
      occurredOn: '2026-11-19',
    };
    const good = writeRetorno(layout, cnabAccount(account), 1, '2026-11-20', [paidEvent]);
    const other = writeRetorno(
      cnabLayouts['237-240']!,
      { ...cnabAccount(account), bankCode: '237' },
      1,
      '2026-11-20',
      [paidEvent],
    );
    const p1 = expectProblem(await upload(accountId, other), 422, 'billing.cnab_invalid');
    expect(
      (p1 as unknown as { issues: { line: number; position: number; field: string }[] }).issues[0],
    ).toMatchObject({
      line: 1,
      position: 1,
      field: 'bankCode',
    });
    const lines = good.split('\r\n');
    const version = [`${lines[0]!.slice(0, 163)}087${lines[0]!.slice(166)}`, ...lines.slice(1)].join('\r\n');
    expectProblem(await upload(accountId, version), 422, 'billing.cnab_invalid');
    const short = [lines[0], lines[1], lines[2]!.slice(0, 230), ...lines.slice(3)].join('\r\n');
    const p3 = expectProblem(await upload(accountId, short), 422, 'billing.cnab_invalid');
    expect((p3 as unknown as { issues: { messages: { en: string } }[] }).issues[0]!.messages.en).toBe(
      'Line 3: 230 characters long; layout 341-240 needs 240.',
    );
    // CNAB 400 for a bank with CNAB 240 only: a wrong length on every line.
    expectProblem(await upload(accountId, 'x'.repeat(400)), 422, 'billing.cnab_invalid');
    const invoice = (
      await admin.request({ method: 'GET', url: `/api/invoices/${boletos[0]!.invoice.id}` })
    ).json();
    expect(invoice.status).toBe('open');
    expect(
      await t.ctx.db.selectFrom('cnab_files').select('id').where('bank_account_id', '=', accountId).execute(),
    ).toEqual([]);
    // The good file still applies after all those refusals.
    expect((await upload(accountId, good)).json().lines[0].result).toBe('applied');
  });

  it('lists a nosso número that matches no boleto, and applies the rest', async () => {
    const { accountId, account, boletos } = await setUp('237', 1);
    const layout = cnabLayouts['237-400']!;
    const text = writeRetorno(layout, cnabAccount(account), 1, '2026-11-20', [
      {
        nossoNumero: '99999999999',
        nossoNumeroDv: '0',
        occurrence: '06',
        amountCents: 100,
        paidCents: 100,
        occurredOn: '2026-11-19',
      },
      {
        nossoNumero: boletos[0]!.nossoNumero,
        nossoNumeroDv: boletos[0]!.dv,
        occurrence: '02',
        amountCents: 150_000,
        occurredOn: '2026-11-03',
      },
    ]);
    const out = (await upload(accountId, text)).json() as { lines: Line[]; file: { unmatchedCount: number } };
    expect(out.lines.map((l) => [l.line, l.nossoNumero, l.result])).toEqual([
      [2, '99999999999', 'unmatched'],
      [3, boletos[0]!.nossoNumero.replace(/^0+/, ''), 'applied'],
    ]);
    expect(out.file.unmatchedCount).toBe(1);
  });

  it('keeps a partial payment open, an overpayment flagged, and a second payment (PIX then boleto) apart to refund', async () => {
    const { accountId, account, boletos } = await setUp('341', 3, 100_000);
    const [partial, over, twice] = boletos as [
      (typeof boletos)[number],
      (typeof boletos)[number],
      (typeof boletos)[number],
    ];
    // PIX arrived first (baixa manual), then the boleto was paid too.
    const pix = await admin.request({
      method: 'POST',
      url: `/api/invoices/${twice.invoice.id}/pay`,
      payload: { paidOn: '2026-11-10' },
    });
    expect(pix.json()).toMatchObject({ status: 'paid', paidAmountCents: 100_002 });
    const layout = cnabLayouts['341-240']!;
    const ev = (b: typeof partial, paid: number): BankEvent => ({
      nossoNumero: b.nossoNumero,
      nossoNumeroDv: b.dv,
      occurrence: '06',
      amountCents: b.invoice.amountCents,
      paidCents: paid,
      occurredOn: '2026-11-18',
    });
    const out = (
      await upload(
        accountId,
        writeRetorno(layout, cnabAccount(account), 2, '2026-11-19', [
          ev(partial, 60_000),
          ev(over, 120_001),
          ev(twice, 100_002),
        ]),
      )
    ).json() as { lines: Line[] };
    expect(out.lines.map((l) => l.result)).toEqual(['applied', 'applied', 'paid_twice']);
    const get = async (id: string) =>
      (await admin.request({ method: 'GET', url: `/api/invoices/${id}` })).json();
    expect(await get(partial.invoice.id)).toMatchObject({
      status: 'open',
      paymentFlag: 'partial',
      paidAmountCents: 60_000,
    });
    expect(await get(over.invoice.id)).toMatchObject({
      status: 'paid',
      paymentFlag: 'overpaid',
      paidAmountCents: 120_001,
    });
    expect(await get(twice.invoice.id)).toMatchObject({
      status: 'paid',
      paymentFlag: 'paid_twice',
      paidAmountCents: 100_002,
    });
    const payments = (
      await admin.request({ method: 'GET', url: `/api/invoices/${twice.invoice.id}/payments` })
    ).json().items;
    expect(
      payments.map((p: { source: string; kind: string; refundCents: number }) => [
        p.source,
        p.kind,
        p.refundCents,
      ]),
    ).toEqual([
      ['manual', 'full', 0],
      ['retorno', 'duplicate', 100_002],
    ]);
    const overPayments = (
      await admin.request({ method: 'GET', url: `/api/invoices/${over.invoice.id}/payments` })
    ).json().items;
    expect(overPayments[0]).toMatchObject({ kind: 'overpaid', refundCents: 20_000 });
    // The rest of the partial one, by hand: now paid, one invoice.paid in all.
    const rest = await admin.request({
      method: 'POST',
      url: `/api/invoices/${partial.invoice.id}/pay`,
      payload: { paidOn: '2026-11-21' },
    });
    expect(rest.json()).toMatchObject({ status: 'paid', paidAmountCents: 100_000, paymentFlag: null });
    const events = await t.ctx.db
      .selectFrom('events')
      .select('id')
      .where('type', '=', 'invoice.paid')
      .where('entity_id', '=', partial.invoice.id)
      .execute();
    expect(events).toHaveLength(1);
  });
});
