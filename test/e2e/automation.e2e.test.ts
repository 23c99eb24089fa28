/**
 * Browser test of Automações against the real server (web, worker and scheduler in one process): the menu
 * entry is no longer "Em breve"; on the tickets pipeline, a rule "Alterar responsável" is added to the
 * "Analisando" column with a condition built in the visual editor and published; its card tells the
 * condition in words and its version. A ticket moved into the stage runs it: the ticket's Automação tab shows
 * the run (rule, version, status, outcome) and the ticket has its new responsible. A webhook trigger is added
 * to "Aguardando" (allowed to move back) and shows its address. The board also fits a 390×844 phone, its
 * columns scrolling sideways. Expects `npm run build` (or E2E_DIST).
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginAsDemoAdmin, mainNav, screenshotPath, useE2E } from './harness.js';
import { callApi } from './support/api.js';

const SCREENSHOT = screenshotPath('automation.png');

/** Picks an option of a Mantine select. */
async function choose(page: Page, scope: Locator | Page, label: string, option: string | RegExp) {
  await scope.getByRole('combobox', { name: label }).first().click();
  await page.getByRole('option', { name: option }).first().click();
}

async function toast(page: Page, text: string | RegExp): Promise<string> {
  const n = page.locator('.mantine-Notification-root').filter({ hasText: text }).first();
  await n.waitFor({ timeout: 15_000 });
  return (await n.textContent()) ?? '';
}

describe('Automações (browser)', () => {
  let page: Page;
  useE2E({ tmpPrefix: 'expediente-e2e-automation-', ptBrBrowser: true }, (e2e) => {
    page = e2e.page;
  });

  let userName = '';
  let userId = '';

  it('opens Automações, no longer "Em breve", on the tickets pipeline with a column per status', async () => {
    await page.goto('/login');
    await loginAsDemoAdmin(page);
    const link = mainNav(page).getByRole('link', { name: 'Automações' });
    expect(await link.textContent()).not.toContain('Em breve');
    await link.click();
    await page.waitForURL(/\/automacoes/);
    await page.getByRole('heading', { name: 'Automações', level: 1 }).waitFor();
    const columns = page.getByTestId('stage-column');
    await columns.first().waitFor();
    const stages = await columns.evaluateAll((els) => els.map((e) => e.getAttribute('data-stage')));
    expect(stages).toEqual(expect.arrayContaining(['open', 'analyzing', 'waiting', 'done']));
    expect(await page.getByTestId('pipeline-picker').inputValue()).toBe('Atendimentos');
  }, 60_000);

  it('adds a rule with a condition in the Analisando column and publishes it', async () => {
    const users = await callApi(page, 'GET', '/api/users?active=true');
    const me = await callApi(page, 'GET', '/api/auth/me');
    const other = users.body.items.find((u: { id: string }) => u.id !== me.body.user.id);
    userName = other.name;
    userId = other.id;

    const column = page.locator('[data-testid="stage-column"][data-stage="analyzing"]');
    await column.getByRole('button', { name: 'Adicionar regra' }).click();
    await page.getByRole('menuitem', { name: /Alterar responsável/ }).click();
    const dialog = page.getByRole('dialog', { name: /Nova regra/ });
    await dialog.waitFor();

    await dialog.getByRole('textbox', { name: 'Nome da regra' }).fill('Passar para a equipe');
    await choose(page, dialog, 'Usuário', userName);

    // A condition: the ticket's responsible is filled in (every demo ticket has one).
    await dialog.getByRole('button', { name: 'Adicionar condição' }).click();
    const row = dialog.getByTestId('condition-row').first();
    await row.getByRole('combobox', { name: 'Campo' }).click();
    const fieldOption = page.getByRole('option', { name: 'Responsável' }).first();
    await fieldOption.click();
    await choose(page, row, 'Operador', 'está preenchido');

    await dialog.getByRole('button', { name: 'Publicar' }).click();
    await toast(page, 'Regra publicada');
    await dialog.waitFor({ state: 'hidden' });

    const card = column.getByTestId('rule-card').filter({ hasText: 'Passar para a equipe' });
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Imediatamente');
    expect(text).toContain('Se Responsável está preenchido');
    expect(text).toMatch(/Publicada · v1/i);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  }, 90_000);

  it("moves a ticket into the stage and sees the run in the ticket's Automação tab", async () => {
    const list = await callApi(page, 'GET', '/api/tickets?status=open&page=1&pageSize=20');
    const ticket = list.body.items.find(
      (x: { responsibleId: string | null }) => x.responsibleId && x.responsibleId !== userId,
    );
    expect(ticket).toBeTruthy();
    const full = await callApi(page, 'GET', `/api/tickets/${ticket.id}`);
    const moved = await callApi(page, 'POST', `/api/tickets/${ticket.id}/moves`, {
      to: 'analyzing',
      version: full.body.version,
    });
    expect(moved.status).toBe(200);

    await page.goto(`/tickets/${ticket.id}?tab=automation`);
    const history = page.getByTestId('automation-history');
    await history.waitFor();
    const run = history.getByTestId('automation-run').filter({ hasText: 'Passar para a equipe' });
    // The run executes on the worker; the tab refreshes itself.
    await run.and(page.locator('[data-status="done"]')).waitFor({ timeout: 45_000 });
    const text = (await run.textContent()) ?? '';
    expect(text).toContain('v1');
    expect(text).toContain('Concluída');
    expect(await history.textContent()).toContain('Entrou em Analisando');

    const after = await callApi(page, 'GET', `/api/tickets/${ticket.id}`);
    expect(after.body.responsibleId).toBe(userId);
  }, 90_000);

  it('adds a webhook trigger to Aguardando, allowed to move back, and shows its address', async () => {
    await page.goto('/automacoes');
    const column = page.locator('[data-testid="stage-column"][data-stage="waiting"]');
    await column.getByRole('button', { name: 'Adicionar gatilho' }).click();
    await page.getByRole('menuitem', { name: /Webhook recebido/ }).click();
    const dialog = page.getByRole('dialog', { name: /Webhook recebido/ });
    await dialog.waitFor();
    await dialog
      .getByRole('switch', { name: 'Permitir voltar a um estágio anterior' })
      .check({ force: true });
    await dialog.getByRole('button', { name: 'Salvar' }).click();
    await toast(page, 'Gatilho salvo.');
    const trigger = column
      .getByTestId('stage-triggers')
      .getByRole('button', { name: 'Editar o gatilho Webhook recebido' });
    await trigger.waitFor();
    expect(await column.getByTestId('stage-triggers').textContent()).toContain('Pode voltar');
    await trigger.click();
    const edit = page.getByRole('dialog', { name: /Webhook recebido/ });
    await edit.getByText('Endereço do webhook').waitFor();
    expect(await edit.locator('code').textContent()).toMatch(/\/api\/automation\/hooks\/\S+/);
    await page.keyboard.press('Escape');
  }, 60_000);

  it('fits a phone: the columns scroll sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/automacoes');
    const board = page.getByTestId('automation-board');
    await board.waitFor();
    await page.getByTestId('rule-card').first().waitFor();
    const sizes = await board.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(pageWidth).toBeLessThanOrEqual(390);
  }, 60_000);
});
