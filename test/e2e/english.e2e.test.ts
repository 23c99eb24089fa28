/**
 * Browser test in English (#17 item 14): the PT/EN switch stores the user's language on the server (the
 * app opens in it again with nothing in the browser's storage), and a routine run reads in English end to
 * end — the confirmation, the run's title, its summary, progress and log lines. Expects a build (dist/ or
 * E2E_DIST).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginAsDemoAdmin, useE2E } from './harness.js';

describe('English, stored per user (browser)', () => {
  let page: Page;
  useE2E({ tmpPrefix: 'expediente-e2e-english-', ptBrBrowser: true }, (e2e) => {
    page = e2e.page;
  });

  it('switches to English and keeps it on the server', async () => {
    await page.goto('/login');
    await loginAsDemoAdmin(page);
    await page.getByRole('radiogroup', { name: 'Idioma' }).getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
    // Another browser (nothing stored locally) opens in the user's language.
    await page.evaluate(() => window.localStorage.clear());
    await page.reload();
    await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor({ timeout: 15_000 });
  }, 60_000);

  it('walks a routine run in English: confirmation, title, summary, progress and log', async () => {
    await page.goto('/routines/contacts.birthdays');
    await page.getByRole('heading', { name: 'Birthdays of the day', level: 1 }).waitFor();
    await page.getByRole('radiogroup', { name: 'Active' }).getByText('Yes', { exact: true }).click();
    await page
      .getByRole('radiogroup', { name: 'Communication' })
      .getByText('E-mail', { exact: true })
      .click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Routine activated.').waitFor();

    await page.getByRole('button', { name: 'Run now' }).click();
    const confirm = page.getByRole('dialog', { name: 'Run now? — Birthdays of the day' });
    const count = confirm.getByTestId('confirm-run-count');
    await count.waitFor();
    expect(await count.textContent()).toMatch(/^\d+ messages? will really be sent to clients\.$/);
    await confirm.getByRole('button', { name: /^Send \d+ messages?$/ }).click();

    const runs = page.getByRole('table', { name: 'Recent runs' });
    await runs.getByText('Succeeded').first().waitFor({ timeout: 30_000 });
    await runs
      .locator('tbody tr')
      .first()
      .getByRole('link', { name: /Open run of/ })
      .click();
    await page.waitForURL(/\/runs\/[^/]+$/);
    await page.getByRole('heading', { name: 'Routine: Birthdays of the day', level: 1 }).waitFor();
    const main = page.locator('main');
    const text = (await main.textContent()) ?? '';
    expect(text).toMatch(/record\(s\) processed/);
    expect(text).toMatch(/\d+ records/);
    expect(text).toContain('reference date');
    expect(text).not.toMatch(/registro|data de referência|Rotina automatizada/);
  }, 90_000);
});
