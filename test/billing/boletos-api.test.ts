/**
 * Boletos on both dialects: bank accounts (the bank's own field checks in pt-BR and English, one
 * default, the sequence only forward), Emitir boleto (the next nosso número, never twice, one live boleto
 * per invoice), the fee routine issuing it for boleto contracts with the linha digitável in the message,
 * and the PDF's ITF barcode decoded back from the rendered page by an independent reader (ZXing).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { BinaryBitmap, DecodeHintType, HybridBinarizer, ITFReader, RGBLuminanceSource } from '@zxing/library';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfOf } from '../../src/server/modules/billing/billing.service.js';
import type { BarcodeBox } from '../../src/server/modules/billing/boleto-pdf.js';
import { MM } from '../../src/server/modules/billing/boleto-pdf.js';
import { billingMonthlyFees } from '../../src/server/modules/billing/index.js';
import { parseLinhaDigitavel } from '../../src/server/modules/br/index.js';
import { findOffice } from '../../src/server/modules/platform/index.js';
import { cnpj, createClientVia, expectFieldErrors, expectProblem } from '../http/helpers.js';
import { relogin, useSession, useTestApp } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { accountsByBank } from './cnab-helpers.js';
import { noonSP, postInvoice, putPixSettings, runKind } from './helpers.js';
import { readPdf } from './pdf-text.js';

const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** Banco do Brasil's manual example account (`accountsByBank`), with the office's cobrança settings. */
const bbAccount = {
  ...accountsByBank['001']!,
  label: 'BB cobrança',
  variation: '019',
  nextNossoNumero: 100,
  interestMonthBp: 100,
  fineBp: 200,
  instructions: ['Não receber após 30 dias do vencimento.'],
};

/** Renders page `n` with pdf.js on @napi-rs/canvas and reads the ITF inside `box` (plus its quiet zones). */
async function decodeBarcode(pdf: Buffer, n: number, box: BarcodeBox): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(pdf),
    standardFontDataUrl: `${join(pdfjsRoot, 'standard_fonts')}/`,
    verbosity: 0,
  }).promise;
  const page = await doc.getPage(n);
  // 300 dpi, as an office printer or a scanner sees the page.
  const scale = 300 / 72;
  const viewport = page.getViewport({ scale });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  // biome-ignore lint/suspicious/noExplicitAny: pdf.js types the browser's CanvasRenderingContext2D.
  await page.render({ canvasContext: context as any, viewport }).promise;
  await doc.destroy();
  const x0 = Math.max(0, Math.floor((box.x - 5 * MM) * scale));
  const y0 = Math.floor(box.y * scale);
  const w = Math.ceil((box.width + 10 * MM) * scale);
  const h = Math.ceil(box.height * scale);
  const rgba = context.getImageData(x0, y0, w, h).data;
  const lum = new Uint8ClampedArray(w * h);
  for (let i = 0; i < w * h; i++) {
    lum[i] = (rgba[i * 4]! * 299 + rgba[i * 4 + 1]! * 587 + rgba[i * 4 + 2]! * 114) / 1000;
  }
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.ALLOWED_LENGTHS, Int32Array.from([44])]]);
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(lum, w, h)));
  return new ITFReader().decode(bitmap, hints).getText();
}

describe.each(dialects)('boletos on %s', (dialect) => {
  const t = useTestApp(dialect, { at: noonSP('2026-11-02') });
  const admin = useSession(t, 'admin@a.com.br');
  const staff = useSession(t, 'staff@a.com.br');
  const adminB = useSession(t, 'admin@b.com.br');
  let clientId: string;
  let accountId: string;
  const postAccount = (payload: Record<string, unknown>, headers?: Record<string, string>) =>
    admin.request({ method: 'POST', url: '/api/billing/bank-accounts', payload, headers });

  beforeAll(async () => {
    clientId = (
      await createClientVia(admin, {
        legalName: 'Padaria Pão Dourado Ltda',
        document: cnpj(77),
        emails: ['financeiro@padaria.com.br'],
      })
    ).id;
    await putPixSettings(admin);
  });

  it("checks each bank's fields and check digits, in pt-BR and English, and writes nothing when they fail", async () => {
    expectProblem(
      await staff.request({ method: 'POST', url: '/api/billing/bank-accounts', payload: bbAccount }),
      403,
      'http.forbidden',
    );
    const bad = { ...bbAccount, agency: '1824', agencyDigit: '5', accountDigit: '7', carteira: '99' };
    const pt = expectFieldErrors(await postAccount(bad));
    expect(pt.map((e) => e.field).sort()).toEqual(['accountDigit', 'agencyDigit', 'carteira']);
    expect(pt.find((e) => e.field === 'agencyDigit')!.message).toBe(
      'O dígito da agência não confere pela regra do Banco do Brasil (o dígito calculado é 4).',
    );
    const en = expectFieldErrors(await postAccount(bad, { 'accept-language': 'en' }));
    expect(en.find((e) => e.field === 'accountDigit')!.message).toBe(
      "The account check digit does not match Banco do Brasil's rule (the computed digit is 5).",
    );
    // Itaú: the account's DAC is módulo 10 of agência + conta.
    const itau = expectFieldErrors(
      await postAccount({
        bankCode: '341',
        label: 'Itaú',
        agency: '0167',
        account: '45145',
        accountDigit: '1',
        carteira: '109',
      }),
    );
    expect(itau.map((e) => [e.field, e.code])).toEqual([['accountDigit', 'check_digit']]);
    // Letters where digits go: the shared field message.
    const letters = expectFieldErrors(await postAccount({ ...bbAccount, agency: '18A4' }));
    expect(letters.map((e) => e.message)).toContain('Use apenas dígitos.');
    expect((await admin.request({ method: 'GET', url: '/api/billing/bank-accounts' })).json()).toEqual({
      items: [],
    });
  });

  it('keeps one default account per office', async () => {
    const first = await postAccount(bbAccount);
    expect(first.statusCode, first.body).toBe(201);
    accountId = first.json().id;
    // The first active account becomes the default.
    expect(first.json()).toMatchObject({
      isDefault: true,
      bankName: 'Banco do Brasil',
      nextNossoNumero: 100,
    });
    const second = await postAccount({
      bankCode: '341',
      label: 'Itaú',
      agency: '0167',
      account: '45145',
      accountDigit: '9',
      carteira: '109',
      isDefault: true,
    });
    expect(second.statusCode, second.body).toBe(201);
    let items = (await staff.request({ method: 'GET', url: '/api/billing/bank-accounts' })).json().items;
    expect(
      items.filter((a: { isDefault: boolean }) => a.isDefault).map((a: { label: string }) => a.label),
    ).toEqual(['Itaú']);
    await admin.request({
      method: 'PUT',
      url: `/api/billing/bank-accounts/${accountId}`,
      payload: { ...bbAccount, isDefault: true },
    });
    items = (await admin.request({ method: 'GET', url: '/api/billing/bank-accounts' })).json().items;
    expect(items.filter((a: { isDefault: boolean }) => a.isDefault).map((a: { id: string }) => a.id)).toEqual(
      [accountId],
    );
    // Another office sees none of them.
    expect((await adminB.request({ method: 'GET', url: '/api/billing/bank-accounts' })).json().items).toEqual(
      [],
    );
  });

  it('issues a boleto with the next nosso número, once per invoice', async () => {
    const contract = await admin.request({
      method: 'PUT',
      url: `/api/clients/${clientId}/fee-contract`,
      payload: {
        amountCents: 150000,
        dueRule: 'day',
        dueDay: 10,
        startPeriod: '2026-11',
        paymentMethod: 'both',
      },
    });
    expect(contract.json().paymentMethod).toBe('both');
    const invoice = (await postInvoice(admin, clientId, { period: '2026-11' })).json();
    expect(
      (await staff.request({ method: 'GET', url: `/api/invoices/${invoice.id}/boleto` })).json(),
    ).toEqual({ boleto: null });
    const res = await staff.request({
      method: 'POST',
      url: `/api/invoices/${invoice.id}/boleto`,
      payload: {},
    });
    expect(res.statusCode, res.body).toBe(201);
    const boleto = res.json();
    expect(boleto).toMatchObject({
      bankCode: '001',
      nossoNumero: '12071130000000100',
      amountCents: 150000,
      dueDate: '2026-11-10',
      status: 'registered_pending',
    });
    const parsed = parseLinhaDigitavel(boleto.linhaDigitavel);
    expect(parsed).toMatchObject({ ok: true, barcode: boleto.barcode, amountCents: 150000 });
    expectProblem(
      await staff.request({ method: 'POST', url: `/api/invoices/${invoice.id}/boleto`, payload: {} }),
      409,
      'billing.boleto_exists',
    );
    const account = (await admin.request({ method: 'GET', url: '/api/billing/bank-accounts' }))
      .json()
      .items.find((a: { id: string }) => a.id === accountId);
    expect(account.nextNossoNumero).toBe(101);
    // The sequence never moves back.
    const back = expectFieldErrors(
      await admin.request({
        method: 'PUT',
        url: `/api/billing/bank-accounts/${accountId}`,
        payload: { ...bbAccount, isDefault: true, nextNossoNumero: 50 },
      }),
    );
    expect(back.map((e) => e.field)).toEqual(['nextNossoNumero']);

    // The PDF: a second page with the ficha de compensação; the barcode read back from the rendered page.
    const pdfRes = await staff.request({ method: 'GET', url: `/api/invoices/${invoice.id}/pdf` });
    const read = await readPdf(pdfRes.rawPayload);
    expect(read.pages).toBe(2);
    expect(read.text).toContain(boleto.linhaDigitavelFormatted);
    expect(read.text).toContain('001-9');
    expect(read.text).toContain('Ficha de Compensação');
    expect(read.text).toContain('multa de 2,00% (R$ 30,00)');

    const office = (await findOffice(t.ctx.db, t.a.office.id))!;
    const dto = (await staff.request({ method: 'GET', url: `/api/invoices/${invoice.id}` })).json();
    let box: BarcodeBox | undefined;
    const stream = await pdfOf(t.ctx.db, office, dto, (b) => {
      box = b;
    });
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const pdf = Buffer.concat(chunks);
    // 405 narrow modules of 0,254 mm: 102,87 mm wide, 13 mm high.
    expect(box!.width / MM).toBeCloseTo(102.87, 1);
    expect(box!.height / MM).toBeCloseTo(13, 5);
    expect(await decodeBarcode(pdf, 2, box!)).toBe(boleto.barcode);

    // Cancelling the invoice cancels its boleto.
    await admin.request({ method: 'POST', url: `/api/invoices/${invoice.id}/cancel`, payload: {} });
    expect(
      (await staff.request({ method: 'GET', url: `/api/invoices/${invoice.id}/boleto` })).json(),
    ).toEqual({ boleto: null });
  });

  it('the fee routine issues the boleto for boleto contracts and sends the linha digitável', async () => {
    const other = (
      await createClientVia(admin, {
        legalName: 'Mercado Bom Preço Ltda',
        document: cnpj(78),
        emails: ['contas@mercado.com.br'],
      })
    ).id;
    await admin.request({
      method: 'PUT',
      url: `/api/clients/${other}/fee-contract`,
      payload: {
        amountCents: 89000,
        dueRule: 'day',
        dueDay: 10,
        startPeriod: '2026-11',
        paymentMethod: 'boleto',
      },
    });
    t.ctx.clock.set(noonSP('2026-12-06'));
    const run = await runKind(t.ctx, billingMonthlyFees, t.a.office.id);
    await relogin(staff, t.app, 'staff@a.com.br');
    expect(run.outcomes.boleto_issued).toBeGreaterThanOrEqual(1);
    const list = await staff.request({ method: 'GET', url: `/api/invoices?clientId=${other}` });
    expect(list.statusCode, list.body).toBe(200);
    const invoices = list.json().items;
    const dec = invoices.find((i: { period: string }) => i.period === '2026-12');
    const boleto = (await staff.request({ method: 'GET', url: `/api/invoices/${dec.id}/boleto` })).json()
      .boleto;
    // The sequence went on from 101 (the 'both' client's December boleto may have taken one before).
    expect(boleto.nossoNumero).toMatch(/^1207113\d{10}$/);
    expect(Number(boleto.nossoNumero.slice(7))).toBeGreaterThanOrEqual(101);
    const messages = await t.ctx.db
      .selectFrom('messages')
      .select(['body_text', 'address'])
      .where('office_id', '=', t.a.office.id)
      .where('address', '=', 'contas@mercado.com.br')
      .execute();
    expect(messages).toHaveLength(1);
    expect(messages[0]!.body_text).toContain(boleto.linhaDigitavelFormatted);
    // Boleto only: no PIX code offered.
    expect(messages[0]!.body_text).not.toContain('PIX copia e cola');
    // A second run issues nothing new.
    const again = await runKind(t.ctx, billingMonthlyFees, t.a.office.id);
    expect(again.outcomes.boleto_issued ?? 0).toBe(0);
  });
});
