/**
 * Browser test of Execuções against the real server (web, worker and scheduler in one process): run
 * "Verificar cadastro de clientes" now, watch it reach Concluída, read its summary and log, get the
 * notification; then create a monthly schedule on the 5th business day with the schedule editor and its
 * live preview. Expects `npm run build` to have produced dist/server and dist/web.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginAsDemoAdmin, mainNav, noToasts, screenshotPath, tableRows, useE2E } from './harness.js';

const SCREENSHOT = screenshotPath('runs.png');

const KIND_TITLE = 'Verificar cadastro de clientes';
const SCHEDULE_NAME = 'Conferência mensal';

describe('Execuções (browser)', () => {
  let page: Page;
  useE2E({ tmpPrefix: 'expediente-e2e-runs-', ptBrBrowser: true }, (e2e) => {
    page = e2e.page;
  });

  const nav = () => mainNav(page);

  it('logs in and opens Execuções', async () => {
    await page.goto('/login');
    await loginAsDemoAdmin(page);

    await nav().getByRole('link', { name: 'Execuções' }).click();
    await page.waitForURL(/\/runs$/);
    await page.getByRole('heading', { name: 'Execuções', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Execuções' }).waitFor();
    await page.getByRole('button', { name: 'Notificações', exact: true }).waitFor();
  }, 60_000);

  it('runs "Verificar cadastro de clientes" now and follows it to Concluída', async () => {
    await page.getByRole('button', { name: 'Executar' }).click();
    const dialog = page.getByRole('dialog', { name: 'Executar' });
    await dialog.waitFor();

    await dialog.getByRole('combobox', { name: 'Tarefa' }).click();
    await page.getByRole('option', { name: KIND_TITLE }).click();
    await dialog.getByText('Agora', { exact: true }).click();
    expect(await dialog.getByRole('combobox', { name: 'Servidor' }).inputValue()).toMatch(/^default/);
    await dialog.getByRole('button', { name: 'Executar' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The grid polls while the run is live; it must reach Concluída within 20 s.
    const row = tableRows(page, 'Execuções', KIND_TITLE);
    await row.first().waitFor();
    await row.first().getByText('Concluída').waitFor({ timeout: 20_000 });
    const text = (await row.first().textContent()) ?? '';
    expect(text).toContain('Mariana Costa');
    expect(text).toContain('default');
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
  }, 60_000);

  it('shows the run: summary, log lines, and the notification in the bell', async () => {
    await page
      .getByRole('table', { name: 'Execuções' })
      .getByRole('link', { name: new RegExp(`Abrir execução ${KIND_TITLE}`) })
      .first()
      .click();
    await page.waitForURL(/\/runs\/[^/]+$/);
    await page.getByRole('heading', { name: KIND_TITLE, level: 1 }).waitFor();

    const summary = page.getByTestId('run-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('clientes verificados');

    const logRows = page.getByRole('table', { name: 'Registros' }).locator('tbody tr');
    await logRows.first().waitFor();
    expect(await logRows.count()).toBeGreaterThanOrEqual(1);

    // A finished run cannot be cancelled; a succeeded one is not retried.
    expect(await page.getByRole('button', { name: 'Cancelar' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Repetir' }).count()).toBe(0);

    // The run notified its requester.
    const bell = page.getByRole('button', { name: 'Notificações: 1 não lida' });
    await bell.waitFor({ timeout: 20_000 });

    await noToasts(page);
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    await bell.click();
    await page.getByRole('menuitem', { name: /Execução concluída/ }).waitFor();
    await page.keyboard.press('Escape');
  }, 60_000);

  it('creates a monthly schedule on the 5th business day with a live preview', async () => {
    await nav().getByRole('link', { name: 'Execuções' }).click();
    await page.waitForURL(/\/runs$/);
    await page.getByRole('tab', { name: 'Agendas' }).click();
    await page.waitForURL(/\/runs\/schedules$/);
    // The demo office's own agendas (Cobrança de Arquivos) are listed; the new one is not there yet.
    await page.getByRole('table').first().waitFor();
    expect(await page.getByText(SCHEDULE_NAME).count()).toBe(0);

    await page.getByRole('button', { name: 'Nova agenda' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Nova agenda' });
    await dialog.waitFor();

    await dialog.getByLabel('Nome').fill(SCHEDULE_NAME);
    const kind = dialog.getByRole('combobox', { name: 'Tarefa' });
    if ((await kind.inputValue()) !== KIND_TITLE) {
      await kind.click();
      await page.getByRole('option', { name: KIND_TITLE }).click();
    }

    await dialog.getByRole('switch', { name: 'Agenda automática' }).check({ force: true });
    await dialog.getByText('Mensal', { exact: true }).click();
    await dialog.getByText('Nº dia útil', { exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Dia útil nº' }).fill('5');
    await dialog.getByRole('textbox', { name: 'Hora 1' }).fill('09:00');

    // The server's preview: ten dates, dd/mm/aaaa (weekday) 09:00, none on a weekend.
    const preview = dialog.getByRole('list', { name: 'Próximas execuções' });
    await page.waitForFunction(
      () => {
        const list = document.querySelector('[role="dialog"] ol[aria-label="Próximas execuções"]');
        const items = list ? [...list.querySelectorAll('li')].map((li) => li.textContent ?? '') : [];
        // Wait for the preview of the final spec: the editor previews each step as it is typed (day 1 of
        // the month at 09:00 first, which may fall on a weekend), debounced.
        return items.length === 10 && items.every((x) => /\((seg|ter|qua|qui|sex)\) 09:00$/.test(x));
      },
      undefined,
      { timeout: 15_000 },
    );
    const dates = await preview.getByRole('listitem').allTextContents();
    expect(dates).toHaveLength(10);
    for (const d of dates) {
      expect(d).toMatch(/^\d{2}\/\d{2}\/\d{4} \((seg|ter|qua|qui|sex)\) 09:00$/);
    }

    await dialog.getByRole('button', { name: 'Salvar' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = tableRows(page, 'Agendas', SCHEDULE_NAME);
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Ativa');
    expect(text).toContain('Todo 5º dia útil do mês às 09:00');
    expect(text).toContain(KIND_TITLE);
  }, 60_000);
});
