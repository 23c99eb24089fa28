/**
 * Browser test of boletos against the real server and the demo office: a bank account created in
 * Configurações → Contas bancárias (a wrong check digit refused on its field), Emitir boleto on an overdue
 * invoice and its linha digitável, the remessa generated and downloaded on Remessa e retorno, the bank's
 * retorno built from that remessa (the server's writer) uploaded, and the invoice paid. A retorno with a
 * line cut short is refused with its line. Expects a build (E2E_DIST or dist/).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cnabLayouts } from '../../src/server/modules/billing/cnab/layouts/index.js';
import { readFile } from '../../src/server/modules/billing/cnab/reader.js';
import { writeRetorno } from '../../src/server/modules/billing/cnab/retorno.js';
import { parseLinhaDigitavel } from '../../src/shared/br/index.js';
import { loginAsDemoAdmin, noToasts, useE2E } from './harness.js';

describe('Boletos (browser)', () => {
  let page: Page;
  let invoiceId = '';
  let remessa = '';
  useE2E({ tmpPrefix: 'expediente-e2e-boletos-', ptBrBrowser: true }, (e2e) => {
    page = e2e.page;
  });

  it('creates an Itaú bank account, refusing a wrong account check digit on its field', async () => {
    await page.goto('/login');
    await loginAsDemoAdmin(page);
    await page.goto('/settings/bank-accounts');
    await page.getByText('Nenhuma conta bancária cadastrada.').waitFor();
    await page.getByRole('button', { name: 'Nova conta' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nova conta' });
    await dialog.waitFor();
    await dialog.getByRole('textbox', { name: 'Nome da conta' }).fill('Itaú cobrança');
    await dialog.getByRole('textbox', { name: 'Agência', exact: true }).fill('0167');
    await dialog.getByRole('textbox', { name: 'Conta', exact: true }).fill('45145');
    // The DAC of 0167 / 45145 is 9 (módulo 10 of agência + conta).
    await dialog.getByRole('textbox', { name: 'DV da conta' }).fill('8');
    await dialog.getByRole('checkbox', { name: 'Conta padrão' }).check();
    await dialog.getByRole('button', { name: 'Salvar' }).click();
    const digit = dialog.getByRole('textbox', { name: 'DV da conta' });
    await expect.poll(() => digit.getAttribute('aria-invalid')).toBe('true');
    await digit.fill('9');
    await dialog.getByRole('button', { name: 'Salvar' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Conta bancária salva.').waitFor();
    const row = page.getByRole('table', { name: 'Contas bancárias' }).locator('tbody tr').first();
    await expect.poll(() => row.textContent()).toContain('Itaú cobrança');
    expect(await row.textContent()).toContain('Padrão');
    expect(await row.textContent()).toContain('0167 / 45145-9');
  }, 90_000);

  it('issues a boleto on an overdue invoice and shows its linha digitável', async () => {
    await page.goto('/billing?status=overdue');
    const row = page.getByRole('table', { name: 'Cobranças' }).locator('tbody tr').first();
    await row.waitFor();
    const pdf = await row.getByRole('link', { name: /Abrir o PDF da cobrança/ }).getAttribute('href');
    invoiceId = /\/api\/invoices\/([^/]+)\/pdf/.exec(pdf ?? '')![1]!;
    await row.getByRole('button', { name: /Boleto e pagamentos de/ }).click();
    const dialog = page.getByRole('dialog', { name: /Boleto e pagamentos/ });
    await dialog.getByText('Esta cobrança não tem boleto.').waitFor();
    await dialog.getByRole('button', { name: 'Emitir boleto' }).click();
    await page.getByText('Boleto emitido.').waitFor();
    const linha = (await dialog.getByTestId('linha-digitavel').textContent()) ?? '';
    const parsed = parseLinhaDigitavel(linha);
    expect(parsed.ok).toBe(true);
    expect(linha.replace(/\D/g, '').slice(0, 3)).toBe('341');
    await dialog.getByText('Aguardando registro').waitFor();
    await dialog.getByText('Nenhum pagamento registrado.').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  }, 60_000);

  it('generates the remessa and downloads it', async () => {
    await page.goto('/billing/cnab');
    await page.getByRole('heading', { name: 'Remessa e retorno', level: 1 }).waitFor();
    await page
      .getByRole('checkbox', { name: /Selecionar o boleto de/ })
      .first()
      .check();
    await page.getByRole('button', { name: 'Gerar remessa (1 boleto)' }).click();
    await page.getByText(/Remessa .+ gerada\./).waitFor();
    await page.getByText('Nenhum boleto aguardando registro nesta conta.').waitFor();
    const link = page.getByRole('link', { name: /^Baixar / });
    const res = await page.request.get((await link.getAttribute('href'))!);
    expect(res.status()).toBe(200);
    remessa = (await res.body()).toString('latin1');
    const read = readFile(cnabLayouts['341-240']!, remessa.split('\r\n').slice(0, -1), 'remessa');
    expect(read.issues).toEqual([]);
    expect(read.records.filter((r) => r.kind === 'P')).toHaveLength(1);
  }, 60_000);

  it('refuses a retorno with a short line, then applies the bank’s retorno and the invoice is paid', async () => {
    const boleto = (await (await page.request.get(`/api/invoices/${invoiceId}/boleto`)).json()).boleto as {
      nossoNumero: string;
      nossoNumeroDv: string;
      amountCents: number;
    };
    const layout = cnabLayouts['341-240']!;
    const account = {
      bankCode: '341',
      agency: '0167',
      agencyDigit: null,
      account: '45145',
      accountDigit: '9',
      carteira: '109',
      convenio: '',
      interestMonthBp: 100,
      fineBp: 200,
      companyName: 'Escritorio',
      companyDocument: '11222333000181',
    };
    const today = new Date().toISOString().slice(0, 10);
    const event = {
      nossoNumero: boleto.nossoNumero,
      nossoNumeroDv: boleto.nossoNumeroDv,
      amountCents: boleto.amountCents,
    };
    const retorno = writeRetorno(layout, account, 1, today, [
      { ...event, occurrence: '02', occurredOn: today },
      { ...event, occurrence: '06', occurredOn: today, paidCents: boleto.amountCents, tariffCents: 250 },
    ]);

    const upload = (name: string, text: string) =>
      page.locator('input[type=file]').setInputFiles({
        name,
        mimeType: 'text/plain',
        buffer: Buffer.from(text, 'latin1'),
      });
    const lines = retorno.split('\r\n');
    lines[2] = lines[2]!.slice(0, 200);
    await upload('cortado.ret', lines.join('\r\n'));
    await page.getByText(/Arquivo recusado: \d+ problemas?\. Nada foi aplicado\./).waitFor();
    expect(await page.getByTestId('retorno-issue').first().textContent()).toMatch(/[Ll]inha 3/);

    await upload('retorno.ret', retorno);
    await page.getByText('Retorno retorno.ret processado.').waitFor();
    const table = page.getByRole('table', { name: 'Retorno' });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('Aplicado');
    expect(await rows.nth(1).textContent()).toContain('Aplicado');
    expect(await rows.nth(1).textContent()).toContain('tarifa R$ 2,50');

    const invoice = await (await page.request.get(`/api/invoices/${invoiceId}`)).json();
    expect(invoice).toMatchObject({ status: 'paid', paidAmountCents: boleto.amountCents });

    // The invoice's boleto and payment on the Honorários page.
    await noToasts(page);
    await page.goto(`/clients/${invoice.clientId}?tab=fees`);
    const paid = page
      .getByRole('table', { name: 'Cobranças' })
      .locator('tbody tr')
      .filter({ hasText: 'Paga' })
      .first();
    await paid.waitFor();
    await page
      .getByRole('button', { name: /Boleto e pagamentos de/ })
      .first()
      .waitFor();
    const res = await page.request.get(`/api/invoices/${invoiceId}/payments`);
    expect((await res.json()).items).toMatchObject([{ source: 'retorno', method: 'boleto', kind: 'full' }]);
  }, 90_000);

  it('records an IPCA month on Reajuste anual and computes the preview', async () => {
    await page.goto('/billing/adjustment');
    await page.getByRole('heading', { name: 'Reajuste anual', level: 1 }).waitFor();
    const wages = page.getByRole('table', { name: 'Salário mínimo' });
    await wages.getByText('R$ 1.518,00').waitFor();
    const year = new Date().getFullYear();
    await page.getByRole('textbox', { name: 'Mês', exact: true }).fill(`03/${year}`);
    await page.getByRole('textbox', { name: 'Variação (%)' }).fill('0,56');
    await page.getByRole('button', { name: 'Registrar' }).first().click();
    await page.getByText('Índice registrado.').waitFor();
    const ipca = page
      .getByRole('table', { name: 'Índices (variação mensal, %)' })
      .locator('tbody tr')
      .filter({ hasText: 'IPCA' });
    await expect.poll(() => ipca.textContent()).toContain('0,56');
    // A month typed wrong stays on its field.
    await page.getByRole('textbox', { name: 'Mês', exact: true }).fill('13/2026');
    await page.getByRole('button', { name: 'Registrar' }).first().click();
    await page.getByText('Use MM/AAAA, por exemplo 11/2026.').waitFor();

    await page.getByRole('button', { name: 'Calcular prévia' }).click();
    await page
      .getByRole('table', { name: 'Prévia dos reajustes' })
      .or(page.getByText('Nenhum reajuste até esta data.'))
      .waitFor();
  }, 60_000);
});
