/**
 * Browser test of Tarefas on the demo office: "Minhas tarefas" is the default view; a task made with the
 * form ("em N dias úteis", the date shown from the office's calendar) lands there and raises the header's
 * count; completing it on its page lowers the count again. Then Próximos envios shows its month calendar,
 * and an automation rule's steps on a ticket: a task due tomorrow and an e-mail waiting in sequence behind it
 * (its pipeline, stage and the rule it waits for); "Cancelar envio" stops the e-mail.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginAsDemoAdmin, mainNav, noToasts, screenshotPath, useE2E } from './harness.js';
import { apiOk } from './support/api.js';

describe('Tarefas (browser)', () => {
  let page: Page;
  useE2E({ tmpPrefix: 'expediente-e2e-tasks-' }, (e2e) => {
    page = e2e.page;
  });
  const badge = () => page.getByTestId('tasks-badge');
  const openCount = async () => Number(await badge().getAttribute('data-open'));

  it('creates a task in Minhas tarefas, and the header count follows it', async () => {
    await page.goto('/login');
    await loginAsDemoAdmin(page);
    await page.locator('[data-testid="tasks-badge"][data-loaded="true"]').waitFor();
    const before = await openCount();
    // The demo administrator has two open tasks, one overdue: the badge says so.
    expect(before).toBe(2);
    expect(await badge().getAttribute('data-overdue')).toBe('1');
    expect(await badge().getAttribute('aria-label')).toBe('2 tarefa(s) aberta(s), 1 atrasada(s)');

    await mainNav(page).getByRole('link', { name: 'Tarefas' }).click();
    await page.getByRole('tab', { name: 'Minhas tarefas', selected: true }).waitFor();
    await page.getByRole('button', { name: 'Nova tarefa' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Nova tarefa' });
    await dialog.getByLabel('Título').fill('Conferir a folha de novembro');
    await dialog.getByLabel('Descrição').fill('Ver as horas extras antes de fechar.');
    await dialog.getByRole('textbox', { name: 'Dias úteis' }).fill('3');
    // The date "em 3 dias úteis" gives on the office's calendar.
    await dialog.getByText(/Vence em \d{2}\/\d{2}\/\d{4}, pelo calendário do escritório\./).waitFor();
    await dialog.getByRole('button', { name: 'Salvar' }).click();

    await page.getByRole('heading', { name: 'Conferir a folha de novembro' }).waitFor();
    await page.getByTestId('task-status').getByText('Aberta').waitFor();
    await expect.poll(openCount, { timeout: 10_000 }).toBe(before + 1);

    await page.getByRole('link', { name: 'Voltar para Tarefas' }).click();
    await page.getByRole('link', { name: 'Abrir a tarefa Conferir a folha de novembro' }).waitFor();
    await noToasts(page);
    await page.screenshot({ path: screenshotPath('tasks.png'), fullPage: true });
  }, 90_000);

  it('comments on and completes the task; the count goes down and it leaves the open list', async () => {
    const before = await openCount();
    await page.getByRole('link', { name: 'Abrir a tarefa Conferir a folha de novembro' }).click();
    await page.getByRole('textbox', { name: 'Comentar' }).fill('Horas extras conferidas.');
    await page.getByRole('button', { name: 'Comentar' }).click();
    await page.getByText('Horas extras conferidas.').waitFor();

    await page.getByRole('button', { name: 'Concluir' }).click();
    await page.getByTestId('task-status').getByText('Concluída').waitFor();
    await page.getByText(/^Concluída por .+ em /).waitFor();
    await expect.poll(openCount, { timeout: 10_000 }).toBe(before - 1);

    await page.getByRole('link', { name: 'Voltar para Tarefas' }).click();
    await page.getByRole('tab', { name: 'Minhas tarefas', selected: true }).waitFor();
    await expect
      .poll(() => page.getByRole('link', { name: 'Abrir a tarefa Conferir a folha de novembro' }).count())
      .toBe(0);

    // Reopened from the page: it counts again.
    await page.goto('/tasks?status=done');
    await page.getByRole('link', { name: 'Abrir a tarefa Conferir a folha de novembro' }).click();
    await page.getByRole('button', { name: 'Reabrir' }).click();
    await page.getByTestId('task-status').getByText('Aberta').waitFor();
    await expect.poll(openCount, { timeout: 10_000 }).toBe(before);
  }, 90_000);

  it('shows Próximos envios as a month calendar with the chosen day’s agenda', async () => {
    await mainNav(page).getByRole('link', { name: 'Próximos envios' }).click();
    await page.getByRole('heading', { name: 'Próximos envios' }).waitFor();
    await page.getByRole('heading', { name: /^Envios de \d{2}\/\d{2}\/\d{4}$/ }).waitFor();
    expect(await page.locator('[data-day]').count()).toBeGreaterThanOrEqual(28);
    await page.getByRole('button', { name: 'Próximo mês' }).click();
    await page.locator('[data-day$="-01"]').first().click();
    await page.getByRole('heading', { name: /^Envios de 01\/\d{2}\/\d{4}$/ }).waitFor();
    await page.getByRole('button', { name: 'Mês anterior' }).click();
    // A day with sends (the demo's routines and reminders), if this month has one: its agenda lists them.
    const busy = page.locator('[data-day]:not([data-count="0"])').first();
    if (await busy.count()) {
      const n = Number(await busy.getAttribute('data-count'));
      await busy.click();
      await expect.poll(() => page.locator('[data-entry]').count()).toBe(n);
    }
    await page.screenshot({ path: screenshotPath('upcoming.png'), fullPage: true });
  }, 60_000);
  it('lists a rule step and the e-mail waiting behind it in Próximos envios; cancelling stops the e-mail', async () => {
    const client = (await apiOk(page, 'GET', '/api/clients?pageSize=1')).items[0];
    const rule = async (def: Record<string, unknown>) => {
      const created = await apiOk(
        page,
        'POST',
        '/api/automation/pipelines/tickets/stages/analyzing/rules',
        def,
      );
      await apiOk(page, 'POST', `/api/automation/rules/${created.id}/publish`);
    };
    await rule({
      name: 'Revisar o pedido amanhã',
      action: 'tasks.create',
      mode: 'parallel',
      input: {
        title: 'Revisar {{ item.title }}',
        responsible: { kind: 'item' },
        dueInBusinessDays: 1,
      },
      delay: { kind: 'after', amount: 1, unit: 'days' },
    });
    await rule({
      name: 'Avisar o cliente da revisão',
      action: 'message.email',
      mode: 'sequence',
      input: { subject: 'Pedido em revisão', body: 'Seu pedido {{ item.title }} está em revisão.' },
      delay: { kind: 'after', amount: 2, unit: 'hours' },
    });
    const ticket = await apiOk(page, 'POST', '/api/tickets', {
      clientId: client.id,
      subject: 'Pedido da estante',
    });
    await apiOk(page, 'POST', `/api/tickets/${ticket.id}/moves`, {
      to: 'analyzing',
      version: ticket.version,
    });
    const { entries } = await apiOk(page, 'GET', `/api/upcoming?clientId=${client.id}`);
    const mail = entries.find((e: { title: string }) => e.title === 'Avisar o cliente da revisão');
    expect(mail?.rule?.waiting).toBe(true);

    await page.goto(`/upcoming?month=${mail.day.slice(0, 7)}&day=${mail.day}&clientId=${client.id}`);
    const card = page.locator('[data-entry="rule_step"]').filter({ hasText: 'Avisar o cliente da revisão' });
    await card.waitFor();
    await card.getByText(/a partir das \d{2}:\d{2}/).waitFor();
    await card.getByText('depois de “Revisar o pedido amanhã”').waitFor();
    await card.getByRole('link', { name: 'Atendimentos › Analisando' }).waitFor();
    await card.getByRole('link', { name: /Pedido da estante/ }).waitFor();
    const task = page
      .locator('[data-entry="rule_step"]')
      .filter({ has: page.getByText('Revisar o pedido amanhã', { exact: true }) });
    await task.waitFor();
    await page.screenshot({ path: screenshotPath('upcoming-rule-steps.png'), fullPage: true });

    await card.getByRole('button', { name: 'Cancelar envio' }).click();
    await page.getByText('Etapa cancelada: não será executada.').waitFor();
    await expect.poll(() => card.count()).toBe(0);
    expect(await task.count()).toBe(1);
  }, 90_000);
});
