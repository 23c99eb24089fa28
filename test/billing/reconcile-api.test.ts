/**
 * Reconciliation by OFX statement on both dialects: a file that is not OFX refused; credits matched to
 * invoices by PIX txid, by a boleto's nosso número, or by amount and date; debits and credits that fit
 * nothing left unmatched; the office confirms each (the payment registered once) or dismisses it; a
 * statement taken twice records each credit once; a credit for an invoice already paid flags it paid twice.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cnpj, createClientVia, expectProblem } from '../http/helpers.js';
import { useSession, useTestApp } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { multipart } from '../tickets/helpers.js';
import { accountsByBank, insertBankAccount, insertBoleto } from './cnab-helpers.js';
import { noonSP, postInvoice, putPixSettings } from './helpers.js';

const ofx = (transactions: { fit: string; date: string; amount: string; memo: string }[]) =>
  [
    'OFXHEADER:100',
    'DATA:OFXSGML',
    'VERSION:102',
    'CHARSET:1252',
    '',
    '<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>BRL',
    '<BANKACCTFROM><BANKID>0341<BRANCHID>0167<ACCTID>45145-9<ACCTTYPE>CHECKING</BANKACCTFROM>',
    '<BANKTRANLIST><DTSTART>20261101<DTEND>20261130',
    ...transactions.map(
      (t) =>
        `<STMTTRN><TRNTYPE>${t.amount.startsWith('-') ? 'DEBIT' : 'CREDIT'}<DTPOSTED>${t.date}120000[-3:BRT]<TRNAMT>${t.amount}<FITID>${t.fit}<MEMO>${t.memo}</STMTTRN>`,
    ),
    '</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>',
  ].join('\r\n');

describe.each(dialects)('statement reconciliation on %s', (dialect) => {
  const t = useTestApp(dialect, { at: noonSP('2026-11-02') });
  const admin = useSession(t, 'admin@a.com.br');
  const inv: { id: string; txid: string; amountCents: number }[] = [];
  let nossoNumero = '';

  beforeAll(async () => {
    await putPixSettings(admin);
    for (const [i, amount] of [100_000, 200_000, 310_000, 400_000].entries()) {
      const client = await createClientVia(admin, {
        legalName: `Conciliado ${i} Ltda`,
        document: cnpj(600 + i),
      });
      const res = await postInvoice(admin, client.id, {
        period: '2026-11',
        amountCents: amount,
        dueDate: '2026-11-10',
      });
      inv.push(res.json());
    }
    const a = accountsByBank['341']!;
    const accountId = await insertBankAccount(t.ctx, t.a.office.id, a);
    nossoNumero = (
      await insertBoleto(t.ctx, t.a.office.id, accountId, a, 77, {
        id: inv[1]!.id,
        amountCents: 200_000,
        dueDate: '2026-11-10',
      })
    ).nossoNumero;
  });

  const upload = (text: string, name = 'extrato.ofx') =>
    admin.request({
      method: 'POST',
      url: '/api/billing/statements',
      ...multipart([{ name, content: text }]),
    });

  it('answers 404 for a statement line or a bank account that does not exist', async () => {
    const none = '00000000-0000-7000-8000-000000000000';
    const dismiss = { method: 'POST', url: `/api/billing/statement-lines/${none}/dismiss` } as const;
    expectProblem(await admin.request(dismiss), 404, 'billing.statement_line_not_found');
    const candidates = {
      method: 'GET',
      url: `/api/billing/remessa-candidates?bankAccountId=${none}`,
    } as const;
    expectProblem(await admin.request(candidates), 404, 'billing.bank_account_not_found');
  });

  it('refuses a body that is not multipart, a multipart body without a file, and a file that is not OFX', async () => {
    const url = '/api/billing/statements';
    const json = await admin.request({ method: 'POST', url, payload: { file: 'extrato.ofx' } });
    expectProblem(json, 415, 'billing.not_multipart');
    expectProblem(await admin.request({ method: 'POST', url, ...multipart([]) }), 400, 'billing.no_files');
    expectProblem(await upload('data;valor\n2026-11-10;1000,00\n', 'extrato.csv'), 422, 'billing.not_ofx');
    expect(await t.ctx.db.selectFrom('statement_imports').select('id').execute()).toEqual([]);
  });

  it('proposes by txid, nosso número and amount-and-date; the office confirms; a repeated statement adds nothing', async () => {
    const text = ofx([
      { fit: 'F1', date: '20261109', amount: '1000.00', memo: `PIX RECEBIDO ${inv[0]!.txid}` },
      { fit: 'F2', date: '20261110', amount: '2000.00', memo: `LIQUIDACAO BOLETO ${nossoNumero}` },
      { fit: 'F3', date: '20261112', amount: '3100,00', memo: 'TED RECEBIDA' },
      { fit: 'F4', date: '20261112', amount: '55.55', memo: 'RENDIMENTO' },
      { fit: 'F5', date: '20261113', amount: '-80.00', memo: 'TARIFA' },
    ]);
    const res = await upload(text);
    expect(res.statusCode, res.body).toBe(201);
    const imp = res.json();
    expect(imp).toMatchObject({
      creditCount: 4,
      proposedCount: 3,
      bankId: '0341',
      start: '2026-11-01',
      end: '2026-11-30',
    });
    const lines = (
      await admin.request({ method: 'GET', url: `/api/billing/statements/${imp.id}/lines` })
    ).json().items;
    expect(
      lines.map(
        (l: { fitId: string; status: string; invoiceId: string | null; matchReason: string | null }) => [
          l.fitId,
          l.status,
          l.invoiceId,
          l.matchReason,
        ],
      ),
    ).toEqual([
      ['F1', 'proposed', inv[0]!.id, 'txid'],
      ['F2', 'proposed', inv[1]!.id, 'nosso_numero'],
      ['F3', 'proposed', inv[2]!.id, 'amount_date'],
      ['F4', 'unmatched', null, null],
    ]);
    // Nothing is paid before the office confirms.
    expect((await admin.request({ method: 'GET', url: `/api/invoices/${inv[0]!.id}` })).json().status).toBe(
      'open',
    );
    for (const l of lines.slice(0, 3)) {
      const c = await admin.request({
        method: 'POST',
        url: `/api/billing/statement-lines/${l.id}/confirm`,
        payload: {},
      });
      expect(c.statusCode, c.body).toBe(200);
      expect(c.json().status).toBe('confirmed');
    }
    for (const i of inv.slice(0, 3)) {
      expect((await admin.request({ method: 'GET', url: `/api/invoices/${i.id}` })).json()).toMatchObject({
        status: 'paid',
        paymentFlag: null,
      });
    }
    const pay = (await admin.request({ method: 'GET', url: `/api/invoices/${inv[0]!.id}/payments` })).json()
      .items;
    expect(pay).toMatchObject([
      { source: 'statement', method: 'pix', amountCents: 100_000, paidOn: '2026-11-09', kind: 'full' },
    ]);
    expectProblem(
      await admin.request({
        method: 'POST',
        url: `/api/billing/statement-lines/${lines[0].id}/confirm`,
        payload: {},
      }),
      409,
      'billing.statement_line_decided',
    );
    const d = await admin.request({
      method: 'POST',
      url: `/api/billing/statement-lines/${lines[3].id}/dismiss`,
    });
    expect(d.json().status).toBe('dismissed');
    // The same statement again: its credits are known.
    expect((await upload(text)).json()).toMatchObject({ creditCount: 0, proposedCount: 0 });
  });

  it('flags an invoice paid twice (PIX, then the boleto) when the second credit is confirmed', async () => {
    const res = await upload(
      ofx([{ fit: 'G1', date: '20261115', amount: '2000.00', memo: `BOLETO ${nossoNumero}` }]),
    );
    const [line] = (
      await admin.request({ method: 'GET', url: `/api/billing/statements/${res.json().id}/lines` })
    ).json().items;
    expect(line).toMatchObject({ status: 'proposed', invoiceId: inv[1]!.id });
    await admin.request({
      method: 'POST',
      url: `/api/billing/statement-lines/${line.id}/confirm`,
      payload: {},
    });
    expect((await admin.request({ method: 'GET', url: `/api/invoices/${inv[1]!.id}` })).json()).toMatchObject(
      {
        status: 'paid',
        paymentFlag: 'paid_twice',
        paidAmountCents: 200_000,
      },
    );
  });
});
