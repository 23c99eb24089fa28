/**
 * Browser test of the Clientes screens against the real server: log in, reject an invalid CNPJ inline,
 * create a client with an alphanumeric CNPJ and find it in the grid. Expects `npm run build` to have
 * produced dist/server and dist/web (the vitest global setup does that).
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginAsDemoAdmin, mainNav, screenshotPath, useE2E } from './harness.js';

const SCREENSHOT = screenshotPath('clients.png');

const LEGAL_NAME = 'Padaria Pão de Queijo Ltda';
const CNPJ = '12.ABC.345/01DE-35';

describe('Clientes (browser)', () => {
  let page: Page;
  useE2E({ tmpPrefix: 'expediente-e2e-' }, (e2e) => {
    page = e2e.page;
  });

  const nav = () => mainNav(page);

  it('logs in with the demo administrator', async () => {
    await page.goto('/clients');
    // Without a session the app sends the user to the login page.
    await page.waitForURL(/\/login/);
    await loginAsDemoAdmin(page);
    await page.getByRole('heading', { name: 'Clientes', level: 1 }).waitFor();
    await nav().getByRole('link', { name: 'Clientes', exact: true }).click();
    await page.getByRole('table', { name: 'Clientes' }).waitFor();
  }, 60_000);

  it('shows "CNPJ inválido" inline and saves nothing for a wrong check digit', async () => {
    let posts = 0;
    const countPosts = (req: { method(): string; url(): string }) => {
      if (req.method() === 'POST' && new URL(req.url()).pathname === '/api/clients') posts += 1;
    };
    page.on('request', countPosts);
    try {
      await page.getByRole('link', { name: 'Novo cliente' }).first().click();
      await page.waitForURL(/\/clients\/new$/);

      await page.getByLabel('Razão social').fill('Empresa do CNPJ Errado Ltda');
      const documentInput = page.getByLabel('CNPJ/CPF');
      await documentInput.fill('12.ABC.345/01DE-36');
      await documentInput.blur();
      await page.getByText('CNPJ ou CPF inválido').waitFor();
      expect(await documentInput.getAttribute('aria-invalid')).toBe('true');

      await page.getByRole('button', { name: 'Salvar' }).click();
      await page.getByText('CNPJ ou CPF inválido').waitFor();
      expect(new URL(page.url()).pathname).toBe('/clients/new');
      expect(posts).toBe(0);

      const res = await page.request.get('/api/clients', { params: { q: 'CNPJ Errado' } });
      expect(res.status()).toBe(200);
      expect((await res.json()).total).toBe(0);
    } finally {
      page.off('request', countPosts);
    }
  }, 60_000);

  it('creates a client with an alphanumeric CNPJ and finds it in the grid', async () => {
    await nav().getByRole('link', { name: 'Clientes', exact: true }).click();
    await page.waitForURL(/\/clients$/);
    await page.getByRole('link', { name: 'Novo cliente' }).first().click();
    await page.waitForURL(/\/clients\/new$/);

    await page.getByLabel('Razão social').fill(LEGAL_NAME);
    await page.getByLabel('CNPJ/CPF').fill(CNPJ);
    await page.getByRole('button', { name: 'Salvar' }).click();

    // Saved: the app opens the client's page.
    await page.waitForURL((url) => /^\/clients\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'));
    await page.getByRole('heading', { name: LEGAL_NAME, level: 1 }).waitFor();

    await nav().getByRole('link', { name: 'Clientes', exact: true }).click();
    await page.waitForURL(/\/clients$/);
    const search = page.getByLabel('Buscar clientes');
    await search.fill('Pão de Queijo');
    await page.waitForURL(/[?&]q=/);

    // Only the match is left once the (debounced, server-side) search has come back.
    await page.waitForFunction(() => {
      const table = document.querySelector('table[aria-label="Clientes"]');
      return table?.getAttribute('aria-busy') === 'false' && table.querySelectorAll('tbody tr').length === 1;
    });
    const row = page
      .getByRole('table', { name: 'Clientes' })
      .getByRole('row', { name: new RegExp(LEGAL_NAME) });
    await row.waitFor();
    expect(await row.textContent()).toContain(CNPJ);

    // The screenshot shows the whole portfolio: clear the search and wait for the grid to fill.
    await search.fill('');
    await page.waitForURL((url) => !url.searchParams.has('q'));
    await page.waitForFunction(
      () => document.querySelectorAll('table[aria-label="Clientes"] tbody tr').length > 1,
      undefined,
      { timeout: 15_000 },
    );
    await page.waitForFunction(() => !document.querySelector('.mantine-Notification-root'), undefined, {
      timeout: 15_000,
    });
    await page.waitForFunction(() => !document.querySelector('table[aria-busy="true"]'));
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  }, 90_000);
});
