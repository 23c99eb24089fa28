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
import { loginAsDemoAdmin, mainNav, noToasts, screenshotPath, tableRows, useE2E } from './harness.js';

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
    // Ambos while the demo office has neither an SMTP server nor WhatsApp: the grid warns (#17 item 8).
    expect(await row.getByTestId('channel-warning').getAttribute('aria-label')).toBe(
      'Não configurado: E-mail, WhatsApp',
    );
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
    // The form warns about a channel that does not reach clients (#17 item 8).
    const warning = page.getByTestId('channel-warning');
    expect(await warning.textContent()).toContain('WhatsApp: canal não configurado');
    await page.getByRole('radiogroup', { name: 'Comunicação' }).getByText('E-mail', { exact: true }).click();
    await page.getByRole('link', { name: 'Configurar canais' }).waitFor();
    expect(await warning.textContent()).not.toContain('WhatsApp');
    expect(await warning.textContent()).toContain('caixa local');
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
    // One click no longer sends: the dry run counts what will go out, the preview is offered (#17 item 6).
    await page.getByRole('button', { name: 'Executar agora' }).click();
    const confirm = page.getByRole('dialog', { name: `Executar agora? — ${TITLE}` });
    const count = confirm.getByTestId('confirm-run-count');
    await count.waitFor();
    const said = (await count.textContent()) ?? '';
    const n = Number(/^(\d+) mensage/.exec(said)?.[1]);
    expect(n).toBeGreaterThan(0);
    expect(said).toContain('enviada');
    await confirm.getByRole('button', { name: 'Ver as mensagens antes' }).waitFor();
    expect(await page.getByText('Execução enviada para a fila').count()).toBe(0);
    await confirm
      .getByRole('button', { name: n === 1 ? 'Enviar 1 mensagem' : `Enviar ${n} mensagens` })
      .click();
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
    // Figures and names, not developer output; the codes wait under Detalhes técnicos (#17 item 12).
    const figures = page.getByTestId('run-counts');
    expect(await figures.textContent()).toContain('Registros processados');
    expect(await figures.textContent()).toContain('Mensagens enviadas para a fila');
    const main = page.locator('main');
    await page.getByText('Rotina automatizada', { exact: true }).waitFor();
    expect(await main.getByText('routines.run').isVisible()).toBe(false);
    expect(await main.getByText('Prioridade').isVisible()).toBe(false);
    expect(await main.getByText(/"records"/).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Detalhes técnicos' }).click();
    await main.getByText('routines.run').waitFor();
    await main.getByText(/"records"/).waitFor();
  }, 60_000);

  it('finds the greeting in the Caixa de saída, and the preview now says "Já enviada antes"', async () => {
    await mainNav(page).getByRole('link', { name: 'Mensagens' }).click();
    await page.waitForURL(/\/messages$/);
    const row = tableRows(page, 'Caixa de saída', SUBJECT);
    await row.first().waitFor({ timeout: 20_000 });
    const text = (await row.first().textContent()) ?? '';
    expect(text).toContain('beatriz.aniversario@exemplo.com.br');
    expect(text).toContain('Rotina');

    await page.goto('/routines/contacts.birthdays');
    await page.getByRole('button', { name: 'Pré-visualizar' }).click();
    const dialog = page.getByRole('dialog', { name: `Pré-visualizar: ${TITLE}` });
    await tableRows(dialog, 'Mensagens', CONTACT).getByText('Já enviada antes').waitFor();
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

  it('runs a routine from Execuções → Executar, picking it by name (#17 items 1 and 13)', async () => {
    await page.goto('/runs');
    await page.getByRole('button', { name: 'Executar', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Executar' });
    await dialog.getByRole('combobox', { name: 'Tarefa' }).click();
    await page.getByRole('option', { name: 'Rotina automatizada' }).click();
    // Without a routine the form says so on the field instead of "parâmetros inválidos".
    await dialog.getByRole('button', { name: 'Executar' }).click();
    await dialog.getByText('Obrigatório', { exact: false }).first().waitFor();
    await dialog.getByRole('combobox', { name: 'Rotina', exact: true }).click();
    await page.getByRole('option', { name: TITLE }).click();
    await dialog.getByRole('button', { name: 'Executar' }).click();
    // Run now sends real messages: confirmed first with the dry run's count (#17 item 6, here too).
    const confirm = page.getByTestId('confirm-run');
    await confirm.getByTestId('confirm-run-count').waitFor();
    expect(await confirm.getByTestId('confirm-run-count').textContent()).toMatch(/mensage/);
    await confirm.getByRole('button', { name: /^(Executar agora|Enviar \d+ mensage)/ }).click();
    await confirm.waitFor({ state: 'hidden' });
    await dialog.waitFor({ state: 'hidden' });
    await tableRows(page, 'Execuções', `Rotina: ${TITLE}`).first().waitFor();
    // Nova agenda does not offer it: a routine's agenda is its Ativo flag in Rotinas.
    await page.goto('/runs/schedules');
    await page.getByRole('button', { name: 'Nova agenda' }).click();
    await page.getByRole('dialog').getByRole('combobox', { name: 'Tarefa' }).click();
    await page.getByRole('option', { name: 'Verificar cadastro de clientes' }).waitFor();
    expect(await page.getByRole('option', { name: 'Rotina automatizada' }).count()).toBe(0);
    await page.keyboard.press('Escape');
  }, 60_000);

  it('tells the Auditoria in sentences with names, the codes under Detalhes técnicos (#17 item 12)', async () => {
    await page.goto('/settings/audit');
    const row = page
      .getByTestId('audit-row')
      .filter({ hasText: `a rotina ${TITLE}` })
      .first();
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toMatch(/Mariana Costa (criou|alterou|ativou) a rotina Aniversariantes do dia\./);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(text).not.toContain('routine');
    await row.getByRole('button', { name: 'Mostrar detalhes técnicos' }).click();
    await page.getByText('"kind"', { exact: false }).first().waitFor();
  }, 60_000);
});
