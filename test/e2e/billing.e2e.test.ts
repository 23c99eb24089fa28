/**
 * Browser test of Honorários against the real server and the demo office: the clients in arrears on the
 * Honorários page, a client's Honorários tab (contract, invoices, copy PIX, the PDF, baixa), editing the
 * contract and its yearly adjustment rule (with the shared schema's field errors), and the office's PIX
 * settings with a field error. Expects a build (E2E_DIST or dist/).
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseBrCode } from '../../src/server/modules/br/index.js';
import { readPdf } from '../billing/pdf-text.js';
import { loginAsDemoAdmin, noToasts, screenshotPath, useE2E } from './harness.js';
import { openDialog } from './support/dialog.js';

const SCREENSHOT = screenshotPath('billing.png');

describe('Honorários (browser)', () => {
  let page: Page;
  let context: BrowserContext;
  let clientName = '';
  useE2E({ tmpPrefix: 'expediente-e2e-billing-', ptBrBrowser: true }, (e2e) => {
    page = e2e.page;
    context = e2e.context;
  });

  it('lists the clients in arrears and opens one on its Honorários tab', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/login');
    await loginAsDemoAdmin(page);
    await page.goto('/billing');
    await page.getByRole('heading', { name: 'Honorários', level: 1 }).waitFor();
    const arrears = page.getByRole('table', { name: 'Clientes inadimplentes' });
    await arrears.waitFor();
    const first = arrears.getByRole('link').first();
    clientName = (await first.textContent()) ?? '';
    expect(clientName.length).toBeGreaterThan(3);

    // The overdue filter shows only overdue invoices.
    await page.getByText('Em atraso', { exact: true }).first().click();
    await page.waitForURL(/status=overdue/);
    const rows = page.getByRole('table', { name: 'Cobranças' }).locator('tbody tr');
    await rows.first().waitFor();
    // The previous page stays on screen until the filtered one arrives.
    await expect
      .poll(async () => (await rows.allTextContents()).every((text) => text.includes('Em atraso')), {
        timeout: 10_000,
      })
      .toBe(true);
    expect(await rows.count()).toBeGreaterThan(0);

    await first.click();
    await page.waitForURL(/\/clients\/[^/]+\?tab=fees$/);
    await page.getByRole('heading', { name: clientName, level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Honorários', selected: true }).waitFor();
    await page.getByText('Cliente inadimplente').waitFor();
    await page.getByRole('heading', { name: 'Contrato de honorários' }).waitFor();
  }, 90_000);

  it('copies the PIX code and serves the PDF of an overdue invoice', async () => {
    const table = page.getByRole('table', { name: 'Cobranças' });
    const overdue = table.locator('tbody tr').filter({ hasText: 'Em atraso' }).first();
    await overdue.waitFor();
    const amount = (await overdue.locator('td').nth(2).textContent())?.trim() ?? '';
    expect(amount).toMatch(/^R\$ [\d.]+,\d{2}$/);

    await overdue.getByRole('button', { name: 'Copiar PIX copia e cola' }).click();
    await page.getByText('Código PIX copiado.').waitFor();
    const code = await page.evaluate(() => navigator.clipboard.readText());
    const pix = parseBrCode(code);
    expect(pix.key).toEqual({ kind: 'cnpj', value: '11222333000181' });
    expect(pix.singleUse).toBe(true);

    const href = await overdue.getByRole('link', { name: /Abrir o PDF da cobrança/ }).getAttribute('href');
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    const pdf = await readPdf(await res.body());
    expect(pdf.text).toContain(amount);
    expect(pdf.text).toContain(code);

    await noToasts(page);
    await page.mouse.move(0, 0);
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  }, 60_000);

  it('takes the payment of every overdue invoice, and the client leaves arrears', async () => {
    const table = page.getByRole('table', { name: 'Cobranças' });
    const overdue = table.locator('tbody tr').filter({ hasText: 'Em atraso' });
    for (let left = await overdue.count(); left > 0; left--) {
      // A toast may cover the row's menu: let the previous one go.
      await noToasts(page);
      await overdue
        .first()
        .getByRole('button', { name: /Ações da cobrança/ })
        .click();
      await page.getByRole('menuitem', { name: 'Dar baixa' }).click();
      const dialog = page.getByRole('dialog', { name: /Dar baixa na cobrança/ });
      await dialog.waitFor();
      expect(await dialog.getByLabel('Data do pagamento').inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      await dialog.getByRole('button', { name: 'Dar baixa' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByText('Baixa registrada.').first().waitFor();
      await expect.poll(() => overdue.count(), { timeout: 10_000 }).toBe(left - 1);
    }
    await page.getByText('Cliente inadimplente').waitFor({ state: 'hidden' });
    expect(await table.locator('tbody tr').filter({ hasText: 'Paga' }).count()).toBeGreaterThan(0);
  }, 60_000);

  it('edits the contract', async () => {
    const dialog = page.getByRole('dialog', { name: 'Editar contrato' });
    await openDialog(page.getByRole('button', { name: 'Editar', exact: true }).last(), dialog);
    await dialog.getByLabel('Valor mensal').fill('1.850,00');
    await dialog.getByText('Dia fixo do mês').click();
    await dialog.getByRole('textbox', { name: 'Dia', exact: true }).fill('31');
    await dialog.getByLabel('Observação do reajuste').fill('Cláusula 5ª');
    await dialog.getByRole('button', { name: 'Salvar' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('R$ 1.850,00').first().waitFor();
    await page.getByText('Todo dia 31').waitFor();
  }, 60_000);

  it('sets the yearly adjustment rule in the contract form, with field errors in plain words', async () => {
    const dialog = page.getByRole('dialog', { name: 'Editar contrato' });
    await openDialog(page.getByRole('button', { name: 'Editar', exact: true }).last(), dialog);
    await dialog.getByRole('combobox', { name: 'Reajuste anual' }).click();
    await page.getByRole('option', { name: 'Percentual fixo' }).click();
    const percent = dialog.getByRole('textbox', { name: 'Percentual ao ano' });
    // Out of range, then too many decimals: the shared schema's sentence, before anything is sent.
    await percent.fill('1500');
    await dialog.getByRole('button', { name: 'Salvar' }).click();
    const range =
      'Informe um percentual entre -100% e 1.000%, com até duas casas decimais (por exemplo 5,25).';
    await dialog.getByText(range).waitFor();
    await percent.fill('5,255');
    await dialog.getByRole('button', { name: 'Salvar' }).click();
    await dialog.getByText(range).waitFor();
    // A rule needs the anniversary it applies on.
    await percent.fill('5,25');
    await dialog.getByRole('textbox', { name: 'Aniversário do contrato' }).fill('');
    await dialog.getByRole('button', { name: 'Salvar' }).click();
    await dialog
      .getByText('Informe a data de aniversário do contrato: o reajuste anual é aplicado nela.')
      .waitFor();
    await dialog.getByRole('textbox', { name: 'Aniversário do contrato' }).fill('15/01/2027');
    await dialog.getByRole('button', { name: 'Salvar' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('5,25% fixo').waitFor();
    await page.getByText('15/01/2027 — Cláusula 5ª').waitFor();

    // Switched to an index: the form opens with the saved rule and keeps the new one.
    await openDialog(page.getByRole('button', { name: 'Editar', exact: true }).last(), dialog);
    expect(await dialog.getByRole('textbox', { name: 'Percentual ao ano' }).inputValue()).toBe('5,25');
    await dialog.getByRole('combobox', { name: 'Reajuste anual' }).click();
    await page.getByRole('option', { name: 'Por índice de inflação' }).click();
    await dialog.getByRole('combobox', { name: 'Índice' }).click();
    await page.getByRole('option', { name: 'IGP-M' }).click();
    await dialog.getByRole('button', { name: 'Salvar' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('IGP-M acumulado em 12 meses').waitFor();
  }, 60_000);

  it("checks the office's PIX settings and keeps them", async () => {
    await page.getByRole('button', { name: 'Configurações PIX' }).click();
    const dialog = page.getByRole('dialog', { name: 'PIX do escritório' });
    await dialog.waitFor();
    const key = dialog.getByRole('textbox', { name: 'Chave PIX' });
    await expect.poll(() => key.inputValue()).toBe('11222333000181');
    await key.fill('11.222.333/0001-82');
    await dialog.getByRole('button', { name: 'Salvar' }).click();
    await dialog.getByText(/Chave PIX inválida/).waitFor();
    await key.fill('11.222.333/0001-81');
    await dialog.getByRole('button', { name: 'Salvar' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('PIX do escritório salvo.').waitFor();
  }, 60_000);
});
