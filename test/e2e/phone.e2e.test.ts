/**
 * The app on a 390×844 phone: the PT/EN switch leaves the logo alone (it moves into the menu); Periodicidade
 * shows every choice whole; the clients and tickets lists are cards that never scroll sideways, the CNPJ
 * whole; the ticket filters fold into a drawer so the list starts on the first screen.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { type E2E, loginAsDemoAdmin, useE2E } from './harness.js';

const WIDTH = 390;
const HEIGHT = 844;

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Nothing on the page is wider than the screen (no sideways scrolling). */
async function noSidewaysScroll(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(WIDTH);
}

/** The element shows its whole text: not cut by an ellipsis or its box, and inside the screen. */
async function wholeOnScreen(locator: Locator) {
  const cut = await locator.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
  expect(cut).toBe(false);
  const box = (await locator.boundingBox()) as Box;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(WIDTH);
}

describe('on a 390×844 phone', () => {
  let e2e: E2E;
  let context: BrowserContext;
  let page: Page;
  useE2E({ tmpPrefix: 'expediente-e2e-phone-' }, (started) => {
    e2e = started;
  });
  afterAll(async () => context?.close());

  it('keeps the logo clear of the language switch, which moves into the menu', async () => {
    context = await e2e.browser.newContext({
      baseURL: e2e.baseUrl,
      viewport: { width: WIDTH, height: HEIGHT },
      locale: 'pt-BR',
      timezoneId: 'America/Sao_Paulo',
      hasTouch: true,
    });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    await page.goto('/login');
    await loginAsDemoAdmin(page);

    const header = page.locator('header');
    const logo = header.getByRole('link', { name: 'Expediente' });
    const logoBox = (await logo.boundingBox()) as Box;
    expect(logoBox.x + logoBox.width).toBeLessThanOrEqual(WIDTH);
    // Whatever else the header shows on the right stays clear of the logo.
    for (const other of await header.locator('button, [role="radiogroup"]').all()) {
      if (!(await other.isVisible())) continue;
      const box = (await other.boundingBox()) as Box;
      if (box.x < logoBox.x) continue; // the menu button, left of the logo
      expect(overlaps(box, logoBox), `${await other.getAttribute('aria-label')} over the logo`).toBe(false);
    }
    expect(await header.getByRole('radiogroup', { name: 'Idioma' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Abrir menu de navegação' }).click();
    const nav = page.getByRole('navigation', { name: 'Navegação principal' });
    await nav.getByRole('radiogroup', { name: 'Idioma' }).waitFor();
    await page.getByRole('button', { name: 'Fechar menu de navegação' }).click();
    await noSidewaysScroll(page);
  });

  it('shows the clients as cards with the whole CNPJ, without sideways scrolling', async () => {
    const table = page.getByRole('table', { name: 'Clientes' });
    await table.locator('tbody tr').first().waitFor();
    expect(await table.getAttribute('aria-busy')).toBe('false');
    await noSidewaysScroll(page);
    // The table's own scroller has nothing to scroll either.
    for (const el of [table, table.locator('xpath=..'), table.locator('xpath=../..')]) {
      expect(await el.evaluate((e) => e.scrollWidth <= e.clientWidth + 1)).toBe(true);
    }
    const cnpj = table
      .locator('tbody tr')
      .first()
      .getByText(/^\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}$/);
    await wholeOnScreen(cnpj);
    // Each cell says which column it is.
    expect(await table.locator('tbody tr').first().locator('td[data-label="CNPJ/CPF"]').count()).toBe(1);
  });

  it('folds the ticket filters into a drawer: the list starts on the first screen', async () => {
    await page.goto('/tickets');
    const table = page.getByRole('table', { name: 'Atendimentos' });
    const first = table.locator('tbody tr[data-ticket]').first();
    await first.waitFor();
    await page.locator('table[aria-busy="false"]').waitFor();
    // The filters wait in the drawer; only the search stays above the list.
    expect(await page.getByLabel('Status', { exact: true }).count()).toBe(0);
    await page.getByRole('searchbox').first().waitFor();
    const firstBox = (await first.boundingBox()) as Box;
    expect(firstBox.y).toBeLessThan(HEIGHT);
    await noSidewaysScroll(page);

    await page.getByRole('button', { name: /^Filtros/ }).click();
    const drawer = page.getByRole('dialog', { name: 'Filtros' });
    await drawer.getByLabel('Status', { exact: true }).click();
    await page.getByRole('option', { name: 'Aberto', exact: true }).click();
    await drawer.getByRole('button', { name: 'Ver resultados' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await page.waitForURL(/status=open/);
    await page.locator('table[aria-busy="false"]').waitFor();
    await page
      .getByRole('button', { name: /^Filtros/ })
      .locator('xpath=..')
      .locator('.mantine-Indicator-indicator')
      .waitFor();
    for (const card of await table.locator('tbody tr[data-ticket]').all()) {
      expect(await card.textContent()).toContain('Aberto');
    }
  });

  it('shows every Periodicidade choice whole', async () => {
    await page.goto('/routines/contacts.birthdays');
    await page.getByText('Periodicidade').first().waitFor();
    for (const name of ['Diária', 'Semanal', 'Mensal', 'Anual', 'Cron']) {
      await wholeOnScreen(page.locator('.mantine-SegmentedControl-label', { hasText: name }).first());
    }
    await noSidewaysScroll(page);
  });
});
