/**
 * Browser test of Rotinas automatizadas against the real server (web, worker and scheduler in one
 * process, the real clock): find "Aniversariantes do dia" in the catalog, switch it on (Ativo Sim, daily
 * schedule, e-mail), preview today's greetings — the demo office has a contact born today — run it now,
 * follow the run to its summary, and find the greeting in the Caixa de saída; its agenda shows in
 * Execuções → Agendas with a way back to Rotinas, not a delete. Expects a build (dist/ or
 * E2E_DIST).
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginAsDemoAdmin, mainNav, noToasts, screenshotPath, useE2E } from './harness.js';

const SCREENSHOT = screenshotPath('routines.png');
const TITLE = 'Aniversariantes do dia';
const CONTACT = 'Beatriz Aniversariante';
const SUBJECT = 'Feliz aniversário, Beatriz!';

describe('Rotinas automatizadas (browser)', () => {
  let page: Page;
  useE2E({ tmpPrefix: 'expediente-e2e-routines-', ptBrBrowser: true }, (e2e) => {
    page = e2e.page;
  });

  const grid = () => page.getByRole('table', { name: 'Rotinas automatizadas' });

  it('opens the catalog, no longer "Em breve", and filters it', async () => {
    await page.goto('/login');
    await loginAsDemoAdmin(page);

    const link = mainNav(page).getByRole('link', { name: 'Rotinas' });
    expect(await link.textContent()).not.toContain('Em breve');
    await link.click();
    await page.waitForURL(/\/routines$/);
    await page.getByRole('heading', { name: 'Rotinas automatizadas', level: 1 }).waitFor();
    const row = grid().getByRole('row').filter({ hasText: TITLE });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Geral');
    expect(text).toContain('Sem agenda');
    expect(text).toContain('Ambos');
    expect(text).toContain('Inativa');
    // The class transition the demo configured (inactive) is in Comercial.
    await grid().getByRole('row').filter({ hasText: 'Transição de classe' }).waitFor();

    await page.getByRole('searchbox', { name: 'Buscar rotina' }).fill('aniversario');
    await page.waitForURL(/q=aniversario/);
    await grid().getByRole('row').filter({ hasText: 'Transição de classe' }).waitFor({ state: 'detached' });
    expect(await grid().locator('tbody tr').count()).toBe(1);
    await page.getByRole('searchbox', { name: 'Buscar rotina' }).fill('');
    await page.waitForURL((url) => !url.search.includes('q='));

    await page.getByRole('combobox', { name: 'Departamento' }).click();
    await page.getByRole('option', { name: 'Comercial' }).click();
    await grid().getByRole('row').filter({ hasText: TITLE }).waitFor({ state: 'detached' });
    await grid().getByRole('row').filter({ hasText: 'Transição de classe' }).waitFor();
    await page.getByRole('combobox', { name: 'Departamento' }).click();
    await page.getByRole('option', { name: 'Todos' }).click();
    await grid().getByRole('row').filter({ hasText: TITLE }).waitFor();
  }, 60_000);

  it('activates the routine: Ativo Sim, every day at 08:00, by e-mail', async () => {
    await grid()
      .getByRole('link', { name: `Abrir rotina ${TITLE}` })
      .click();
    await page.waitForURL(/\/routines\/contacts\.birthdays$/);
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();

    await page.getByRole('radiogroup', { name: 'Ativo' }).getByText('Sim', { exact: true }).click();
    await page.getByRole('radiogroup', { name: 'Comunicação' }).getByText('E-mail', { exact: true }).click();
    await page.getByLabel('Assunto').fill('Feliz aniversário, {{ contact.firstName }}!');
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByText('Rotina ativada.').waitFor();
    await page.getByRole('heading', { name: TITLE, level: 1 }).getByText('Ativa').waitFor();
  }, 60_000);

  it('previews today: the contact born today, the exact e-mail, nothing sent', async () => {
    await page.getByRole('button', { name: 'Pré-visualizar' }).click();
    const dialog = page.getByRole('dialog', { name: `Pré-visualizar: ${TITLE}` });
    await dialog.waitFor();
    const table = dialog.getByRole('table', { name: 'Mensagens' });
    const row = table.getByRole('row').filter({ hasText: CONTACT });
    await row.waitFor();
    await row.getByText('Será enviada').waitFor();
    expect(await row.textContent()).toContain('beatriz.aniversario@exemplo.com.br');
    await row.getByRole('button', { name: 'Ver mensagem' }).click();
    expect(await row.textContent()).toContain(SUBJECT);
    await dialog.getByText('Olá, Beatriz!', { exact: false }).first().waitFor();
    expect(await dialog.getByTestId('routine-preview-summary').textContent()).toContain('aniversariante(s)');
    await dialog.getByRole('button', { name: 'Fechar' }).last().click();
    await dialog.waitFor({ state: 'hidden' });
  }, 60_000);

  it('runs it now and follows the run to its summary', async () => {
    await page.getByRole('button', { name: 'Executar agora' }).click();
    await page.getByText('Execução enviada para a fila').waitFor();
    const runs = page.getByRole('table', { name: 'Execuções recentes' });
    await runs.getByText('Concluída').first().waitFor({ timeout: 30_000 });
    const first = runs.locator('tbody tr').first();
    expect(await first.textContent()).toContain('Mariana Costa');
    expect(await first.textContent()).toContain('aniversariante(s)');

    await noToasts(page);
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    await first.getByRole('link', { name: /Abrir execução de/ }).click();
    await page.waitForURL(/\/runs\/[^/]+$/);
    await page.getByRole('heading', { name: `Rotina: ${TITLE}`, level: 1 }).waitFor();
    const summary = page.getByTestId('run-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/\d+ aniversariante\(s\)/);
  }, 60_000);

  it('finds the greeting in the Caixa de saída, and the preview now says "Já enviada antes"', async () => {
    await mainNav(page).getByRole('link', { name: 'Mensagens' }).click();
    await page.waitForURL(/\/messages$/);
    const row = page
      .getByRole('table', { name: 'Caixa de saída' })
      .getByRole('row')
      .filter({ hasText: SUBJECT });
    await row.first().waitFor({ timeout: 20_000 });
    const text = (await row.first().textContent()) ?? '';
    expect(text).toContain('beatriz.aniversario@exemplo.com.br');
    expect(text).toContain('Rotina');

    await page.goto('/routines/contacts.birthdays');
    await page.getByRole('button', { name: 'Pré-visualizar' }).click();
    const dialog = page.getByRole('dialog', { name: `Pré-visualizar: ${TITLE}` });
    await dialog
      .getByRole('table', { name: 'Mensagens' })
      .getByRole('row')
      .filter({ hasText: CONTACT })
      .getByText('Já enviada antes')
      .waitFor();
  }, 60_000);

  it('shows the routine’s agenda in Execuções → Agendas, changed only in Rotinas', async () => {
    await page.goto('/runs/schedules');
    const name = `Rotina: ${TITLE}`;
    await page.getByRole('link', { name, exact: true }).waitFor();
    await page.getByRole('button', { name: `Ações para ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Abrir em Rotinas' }).waitFor();
    // Deleting it there would leave the routine Ativa without an agenda: not offered.
    expect(await page.getByRole('menuitem', { name: 'Excluir' }).count()).toBe(0);
    await page.getByRole('menuitem', { name: 'Abrir em Rotinas' }).click();
    await page.waitForURL(/\/routines$/);
  }, 60_000);
});
