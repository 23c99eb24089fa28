/**
 * The billing HTTP API on both dialects: office PIX settings (admin only, BR Code rules), fee contracts,
 * invoices (once per competência, baixa, cancel), the PDF, and one office never reaching another's data.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBrCode } from '../../src/server/modules/br/index.js';
import {
  cnpj,
  createClientVia,
  expectFieldErrors,
  expectProblem,
  missingId,
  type Page,
} from '../http/helpers.js';
import { relogin, useSession, useTestApp } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { noonSP, postInvoice } from './helpers.js';
import { readPdf } from './pdf-text.js';

interface InvoiceDto {
  id: string;
  clientId: string;
  period: string;
  amountCents: number;
  dueDate: string;
  status: string;
  daysOverdue: number;
  txid: string;
  pixCode: string;
  paidOn: string | null;
  paidAmountCents: number | null;
}

const contractBody = {
  amountCents: 123456,
  dueRule: 'day',
  dueDay: 10,
  startPeriod: '2026-11',
  readjustmentDate: '2027-01-01',
  readjustmentNote: 'IPCA acumulado',
};

describe.each(dialects)('billing API on %s', (dialect) => {
  const t = useTestApp(dialect, { at: noonSP('2026-11-02') });
  const admin = useSession(t, 'admin@a.com.br');
  const staff = useSession(t, 'staff@a.com.br');
  const adminB = useSession(t, 'admin@b.com.br');
  let clientId: string;
  let secondClientId: string;
  let invoice: InvoiceDto;

  beforeAll(async () => {
    clientId = (
      await createClientVia(admin, {
        legalName: 'Padaria Pão Dourado Ltda',
        document: '12.ABC.345/01DE-35',
        emails: ['financeiro@padaria.com.br'],
      })
    ).id;
    secondClientId = (
      await createClientVia(admin, { legalName: 'Mercado Bom Preço Ltda', document: cnpj(402) })
    ).id;
  });

  it('keeps the PIX settings admin-only and checks them against the BR Code rules', async () => {
    expectProblem(
      await staff.request({ method: 'GET', url: '/api/billing/settings' }),
      403,
      'http.forbidden',
    );
    expectProblem(
      await staff.request({
        method: 'PUT',
        url: '/api/billing/settings',
        payload: { keyKind: 'email', key: 'a@b.com', merchantName: 'X', merchantCity: 'Y' },
      }),
      403,
      'http.forbidden',
    );
    const none = await admin.request({ method: 'GET', url: '/api/billing/settings' });
    expect(none.json()).toEqual({ settings: null });

    const bad = {
      keyKind: 'cpf',
      key: '111.444.777-36',
      merchantName: 'Escritório de Contabilidade Estrela do Sul',
      merchantCity: 'São José dos Campos',
    };
    const errors = expectFieldErrors(
      await admin.request({ method: 'PUT', url: '/api/billing/settings', payload: bad }),
    );
    // The shared schema (src/shared/schemas/billing.ts) answers every field at once, in the words the form shows.
    const byField = Object.fromEntries(errors.map((e) => [e.field, e.message]));
    expect(Object.keys(byField).sort()).toEqual(['key', 'merchantCity', 'merchantName']);
    expect(byField.key).toMatch(/^Chave PIX inválida/);
    expect(byField.merchantName).toBe('Use no máximo 25 caracteres.');
    expect(byField.merchantCity).toBe('Use no máximo 15 caracteres.');
    const en = expectFieldErrors(
      await admin.request({
        method: 'PUT',
        url: '/api/billing/settings',
        payload: bad,
        headers: { 'accept-language': 'en' },
      }),
    );
    expect(en.find((e) => e.field === 'key')!.message).toMatch(/^Invalid PIX key/);
    expect(en.find((e) => e.field === 'merchantName')!.message).toBe('Use at most 25 characters.');
    // A mobile number is read as a phone only with its kind.
    const phone = expectFieldErrors(
      await admin.request({
        method: 'PUT',
        url: '/api/billing/settings',
        payload: { keyKind: 'phone', key: '(11) 3333-4444', merchantName: 'Estrela', merchantCity: 'SP' },
      }),
    );
    expect(phone.map((e) => e.field)).toEqual(['key']);
    // Nothing was written.
    expect((await admin.request({ method: 'GET', url: '/api/billing/settings' })).json()).toEqual({
      settings: null,
    });
  });

  it('refuses an invoice before the PIX key is set up', async () => {
    await admin.request({
      method: 'PUT',
      url: `/api/clients/${clientId}/fee-contract`,
      payload: contractBody,
    });
    expectProblem(
      await postInvoice(admin, clientId, { period: '2026-11' }),
      409,
      'billing.pix_not_configured',
    );
  });

  it('saves the PIX settings as the BR Code carries them', async () => {
    const res = await admin.request({
      method: 'PUT',
      url: '/api/billing/settings',
      payload: {
        keyKind: 'phone',
        key: '(11) 98765-4321',
        merchantName: 'Contábil Estrela',
        merchantCity: 'São Paulo',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      keyKind: 'phone',
      key: '+5511987654321',
      merchantName: 'CONTABIL ESTRELA',
      merchantCity: 'SAO PAULO',
    });
  });

  it('validates the fee contract: due day 1–31, business day 1–15, competência', async () => {
    for (const dueDay of [0, 32]) {
      const errors = expectFieldErrors(
        await admin.request({
          method: 'PUT',
          url: `/api/clients/${clientId}/fee-contract`,
          payload: { ...contractBody, dueDay },
        }),
      );
      expect(errors.map((e) => e.field)).toEqual(['dueDay']);
    }
    const bday = expectFieldErrors(
      await admin.request({
        method: 'PUT',
        url: `/api/clients/${clientId}/fee-contract`,
        payload: { ...contractBody, dueRule: 'business_day', dueDay: 16 },
      }),
    );
    expect(bday).toEqual([{ field: 'dueDay', code: 'too_big', message: 'Dia útil de 1 a 15.' }]);
    const other = expectFieldErrors(
      await admin.request({
        method: 'PUT',
        url: `/api/clients/${clientId}/fee-contract`,
        payload: { ...contractBody, startPeriod: '2026-13', amountCents: 0, readjustmentDate: '2027-02-30' },
      }),
    );
    expect(other.map((e) => e.field).sort()).toEqual(['amountCents', 'readjustmentDate', 'startPeriod']);
  });

  it('saves the contract, audits each version, and summarises the client', async () => {
    const res = await staff.request({
      method: 'PUT',
      url: `/api/clients/${clientId}/fee-contract`,
      payload: { ...contractBody, dueRule: 'business_day', dueDay: 5 },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      dueRule: 'business_day',
      dueDay: 5,
      active: true,
      readjustmentNote: 'IPCA acumulado',
    });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('entity', '=', 'fee_contract')
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(JSON.parse(audit[1]!.before!)).toMatchObject({ dueRule: 'day', dueDay: 10 });

    const summary = await staff.request({ method: 'GET', url: `/api/clients/${clientId}/billing` });
    expect(summary.json()).toMatchObject({
      pixConfigured: true,
      inArrears: false,
      openCount: 0,
      // 5th business day of November 2026: the 2nd is Finados, so the 9th.
      nextDueDate: '2026-11-09',
      contract: { amountCents: 123456 },
    });
  });

  it('generates an invoice once per competência, with a PIX code that reads back', async () => {
    const res = await postInvoice(staff, clientId, { period: '2026-11' });
    expect(res.statusCode, res.body).toBe(201);
    invoice = res.json<InvoiceDto>();
    expect(invoice).toMatchObject({
      period: '2026-11',
      amountCents: 123456,
      dueDate: '2026-11-09',
      status: 'open',
    });
    expect(parseBrCode(invoice.pixCode)).toMatchObject({
      key: { kind: 'phone', value: '+5511987654321' },
      amountCents: 123456,
      txid: invoice.txid,
      description: 'Honorarios 11/2026',
    });
    expectProblem(await postInvoice(staff, clientId, { period: '2026-11' }), 409, 'billing.invoice_exists');
    expectProblem(
      await postInvoice(staff, secondClientId, { period: '2026-11' }),
      409,
      'billing.no_contract',
    );
    const manual = await postInvoice(staff, secondClientId, {
      period: '2026-11',
      amountCents: 50000,
      dueDate: '2026-11-20',
    });
    expect(manual.statusCode, manual.body).toBe(201);
  });

  it('serves the PDF: it opens and shows the amount, the due date and the PIX code', async () => {
    const res = await staff.request({ method: 'GET', url: `/api/invoices/${invoice.id}/pdf` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('honorarios-padaria-pao-dourado-ltda-2026-11.pdf');
    const pdf = await readPdf(res.rawPayload);
    expect(pdf.pages).toBe(1);
    expect(pdf.text).toContain('R$ 1.234,56');
    expect(pdf.text).toContain(invoice.pixCode);
    expect(pdf.text).toContain('09/11/2026');
    expect(pdf.text).toContain('12.ABC.345/01DE-35');
    expect(pdf.text).toContain('11/2026');
    expect(pdf.text).toContain(invoice.txid);
    expect(pdf.title).toContain('Padaria Pão Dourado Ltda');
  });

  it('derives overdue, filters the list, and marks the client in arrears', async () => {
    t.ctx.clock.set(noonSP('2026-11-12'));
    // Ten days later the sessions (12 h) have expired: log in again.
    await relogin(admin, t.app, 'admin@a.com.br');
    await relogin(staff, t.app, 'staff@a.com.br');
    await relogin(adminB, t.app, 'admin@b.com.br');
    const list = await staff.request({ method: 'GET', url: '/api/invoices?status=overdue' });
    const page = list.json<Page<InvoiceDto>>();
    expect(page.items.map((i) => [i.id, i.status, i.daysOverdue])).toEqual([[invoice.id, 'overdue', 3]]);
    const open = await staff.request({ method: 'GET', url: '/api/invoices?status=open' });
    expect(open.json<Page<InvoiceDto>>().items.map((i) => i.clientId)).toEqual([secondClientId]);
    const summary = (await staff.request({ method: 'GET', url: `/api/clients/${clientId}/billing` })).json();
    expect(summary).toMatchObject({ inArrears: true, overdueCount: 1, overdueCents: 123456 });
    const arrears = (await staff.request({ method: 'GET', url: '/api/billing/arrears' })).json();
    expect(arrears.items).toEqual([
      expect.objectContaining({
        clientId,
        overdueCount: 1,
        overdueCents: 123456,
        oldestDueDate: '2026-11-09',
      }),
    ]);
    expect(
      (await staff.request({ method: 'GET', url: '/api/invoices?inArrears=true' })).json<Page<InvoiceDto>>()
        .total,
    ).toBe(1);
    const search = async (q: string) =>
      (await staff.request({ method: 'GET', url: `/api/invoices?q=${encodeURIComponent(q)}` }))
        .json<Page<InvoiceDto>>()
        .items.map((i) => i.id);
    expect(await search('12.ABC.345/01DE')).toEqual([invoice.id]);
    expect(await search('pão dourado')).toEqual([invoice.id]);
    expect(await search(invoice.txid.toLowerCase())).toEqual([invoice.id]);
    expect(await search('nada disso')).toEqual([]);
  });

  it('takes a manual payment once, and cancels only open invoices', async () => {
    const paid = await staff.request({
      method: 'POST',
      url: `/api/invoices/${invoice.id}/pay`,
      payload: { paidOn: '2026-11-11', note: 'Comprovante por e-mail' },
    });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'paid', paidOn: '2026-11-11', daysOverdue: 0 });
    expectProblem(
      await staff.request({ method: 'POST', url: `/api/invoices/${invoice.id}/pay`, payload: {} }),
      409,
      'billing.invoice_not_open',
    );
    expectProblem(
      await staff.request({ method: 'POST', url: `/api/invoices/${invoice.id}/cancel`, payload: {} }),
      409,
      'billing.invoice_not_open',
    );
    expect(
      (await staff.request({ method: 'GET', url: `/api/clients/${clientId}/billing` })).json().inArrears,
    ).toBe(false);
    const pdf = await readPdf(
      (await staff.request({ method: 'GET', url: `/api/invoices/${invoice.id}/pdf` })).rawPayload,
    );
    expect(pdf.text).toContain('PAGA em 11/11/2026');

    const [other] = (
      await staff.request({ method: 'GET', url: `/api/invoices?clientId=${secondClientId}` })
    ).json<Page<InvoiceDto>>().items;
    const cancelled = await staff.request({
      method: 'POST',
      url: `/api/invoices/${other!.id}/cancel`,
      payload: { reason: 'Cliente encerrou o contrato' },
    });
    expect(cancelled.json()).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Cliente encerrou o contrato',
    });
    // The competência stays taken.
    expectProblem(
      await postInvoice(staff, secondClientId, { period: '2026-11', amountCents: 50000 }),
      409,
      'billing.invoice_exists',
    );
  });

  it("never shows or changes another office's invoices and contracts", async () => {
    const id = invoice.id;
    expectProblem(
      await adminB.request({ method: 'GET', url: `/api/invoices/${id}` }),
      404,
      'billing.invoice_not_found',
    );
    expectProblem(
      await adminB.request({ method: 'GET', url: `/api/invoices/${id}/pdf` }),
      404,
      'billing.invoice_not_found',
    );
    expectProblem(
      await adminB.request({ method: 'POST', url: `/api/invoices/${id}/cancel`, payload: {} }),
      404,
      'billing.invoice_not_found',
    );
    expectProblem(
      await adminB.request({ method: 'GET', url: `/api/clients/${clientId}/billing` }),
      404,
      'billing.client_not_found',
    );
    expectProblem(
      await adminB.request({
        method: 'PUT',
        url: `/api/clients/${clientId}/fee-contract`,
        payload: contractBody,
      }),
      404,
      'billing.client_not_found',
    );
    expectProblem(
      await postInvoice(adminB, clientId, { period: '2026-12' }),
      404,
      'billing.client_not_found',
    );
    expect(
      (await adminB.request({ method: 'GET', url: '/api/invoices' })).json<Page<InvoiceDto>>().total,
    ).toBe(0);
    expect(
      (await adminB.request({ method: 'GET', url: `/api/invoices?clientId=${clientId}` })).json().total,
    ).toBe(0);
    expectProblem(
      await admin.request({ method: 'GET', url: `/api/invoices/${missingId}` }),
      404,
      'billing.invoice_not_found',
    );
    expectProblem(
      await admin.request({ method: 'GET', url: '/api/invoices/not-a-uuid' }),
      400,
      'http.validation_failed',
    );
  });

  it("deletes a client's contract and invoices with the client", async () => {
    const gone = (await createClientVia(admin, { legalName: 'Farmácia Vida Nova Ltda', document: cnpj(403) }))
      .id;
    await admin.request({ method: 'PUT', url: `/api/clients/${gone}/fee-contract`, payload: contractBody });
    const inv = (await postInvoice(admin, gone, { period: '2026-12' })).json<InvoiceDto>();
    expect((await admin.request({ method: 'DELETE', url: `/api/clients/${gone}` })).statusCode).toBe(204);
    expectProblem(
      await admin.request({ method: 'GET', url: `/api/invoices/${inv.id}` }),
      404,
      'billing.invoice_not_found',
    );
    const left = await t.ctx.db
      .selectFrom('fee_contracts')
      .select('id')
      .where('client_id', '=', gone)
      .execute();
    expect(left).toEqual([]);
  });

  it('documents the routes in the OpenAPI', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/invoices',
      '/api/invoices/{id}/pdf',
      '/api/clients/{id}/fee-contract',
      '/api/billing/settings',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
  });
});
