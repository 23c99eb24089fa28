/**
 * Browser test of the seed's furniture store against the real server (web, worker and scheduler in one
 * process): a Processos pipeline "Loja de móveis" and its form are set up through the API; its rules and the
 * "Fatura paga" trigger are built in the Automações editor; a form submission makes a card, which runs
 * through the rules, and its Automação tab shows each run. Expects `npm run build` (or E2E_DIST).
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cnpj } from '../http/helpers.js';
import { orderForm } from '../support/furniture-store.js';
import { loginAsDemoAdmin, useE2E } from './harness.js';
import { callApi } from './support/api.js';

async function choose(page: Page, scope: Locator | Page, label: string, option: string | RegExp) {
  await scope.getByRole('combobox', { name: label }).first().click();
  await page.getByRole('option', { name: option }).first().click();
}

async function toast(page: Page, text: string | RegExp) {
  await page
    .locator('.mantine-Notification-root')
    .filter({ hasText: text })
    .first()
    .waitFor({ timeout: 15_000 });
}

describe('the furniture store (browser)', () => {
  let page: Page;
  useE2E({ tmpPrefix: 'expediente-e2e-furniture-', ptBrBrowser: true }, (e2e) => {
    page = e2e.page;
  });
  const document = cnpj(8802);
  let clientId = '';
  let warehouse: { id: string; name: string };
  let pipeline: { id: string; stages: { id: string; name: string }[]; form: { token: string } | null };
  const column = (name: string) =>
    page.locator(
      `[data-testid="stage-column"][data-stage="${pipeline.stages.find((s) => s.name === name)!.id}"]`,
    );

  /** Opens "Adicionar regra" on a column, picks the action, names the rule; returns the dialog. */
  async function newRule(stage: string, action: RegExp, name: string) {
    await column(stage).getByRole('button', { name: 'Adicionar regra' }).click();
    await page.getByRole('menuitem', { name: action }).click();
    const dialog = page.getByRole('dialog', { name: /Nova regra/ });
    await dialog.waitFor();
    await dialog.getByRole('textbox', { name: 'Nome da regra' }).fill(name);
    return dialog;
  }
  async function publish(dialog: Locator) {
    await dialog.getByRole('button', { name: 'Publicar' }).click();
    await toast(page, 'Regra publicada');
    await dialog.waitFor({ state: 'hidden' });
  }

  it('sets up the pipeline, its form and a client through the API', async () => {
    await page.goto('/login');
    await loginAsDemoAdmin(page);
    const client = await callApi(page, 'POST', '/api/clients', {
      legalName: 'Casa Nova Decorações Ltda',
      document,
      emails: ['compras@casanova.com.br'],
      phone: '(11) 98765-4321',
    });
    expect(client.status).toBe(201);
    clientId = client.body.id;
    const created = await callApi(page, 'POST', '/api/processes/pipelines', {
      name: 'Loja de móveis',
      stages: ['Novo pedido', 'Contato feito', 'Criar documentos', 'Fatura', 'Enviado'].map((name) => ({
        name,
      })),
    });
    expect(created.status).toBe(201);
    const form = await callApi(page, 'PUT', `/api/processes/pipelines/${created.body.id}/form`, orderForm());
    expect(form.status).toBe(200);
    pipeline = form.body;
  }, 60_000);

  it('builds the rules and the trigger in the Automações editor', async () => {
    const users = await callApi(page, 'GET', '/api/users?active=true');
    const me = await callApi(page, 'GET', '/api/auth/me');
    warehouse = users.body.items.find((u: { id: string }) => u.id !== me.body.user.id);

    await page.goto('/automacoes');
    await choose(page, page, 'Pipeline', 'Loja de móveis');
    await column('Novo pedido').waitFor();

    let d = await newRule('Novo pedido', /Enviar SMS/, 'SMS de boas-vindas');
    await d.getByRole('textbox', { name: 'Texto' }).fill('O gerente entrará em contato em até 30 minutos.');
    await publish(d);

    d = await newRule('Criar documentos', /Criar documento/, 'Pedido em PDF');
    await d.getByRole('textbox', { name: 'Nome', exact: true }).fill('Pedido — {{ client.name }}');
    await d
      .getByRole('textbox', { name: 'Modelo', exact: true })
      .fill('# Pedido\n\nCliente: {{ client.name }}');
    await publish(d);

    d = await newRule('Criar documentos', /Criar fatura/, 'Fatura do pedido');
    await d.getByText('Em paralelo', { exact: true }).click();
    await d.getByText('Field', { exact: true }).click();
    await choose(page, d, 'Campo', 'Valor');
    await publish(d);

    d = await newRule('Criar documentos', /Enviar e-mail/, 'E-mail com o pedido');
    await d.getByRole('textbox', { name: 'Assunto' }).fill('Seu pedido');
    await d
      .getByRole('textbox', { name: 'Texto' })
      .fill('Pedido: {{ vars.document.link }} Fatura: {{ vars.invoice.link }}');
    await publish(d);

    await column('Fatura').getByRole('button', { name: 'Adicionar gatilho' }).click();
    await page.getByRole('menuitem', { name: /Fatura paga/ }).click();
    const trig = page.getByRole('dialog', { name: /Fatura paga/ });
    await trig.getByRole('button', { name: 'Salvar' }).click();
    await toast(page, 'Gatilho salvo.');

    d = await newRule('Fatura', /Criar tarefa/, 'Separar o pedido');
    await d.getByRole('textbox', { name: 'Título' }).fill('Preparar o pedido para envio');
    await d.getByText('User', { exact: true }).click();
    await choose(page, d, 'Usuário', warehouse.name);
    await publish(d);
    for (const [stage, count] of [
      ['Novo pedido', 1],
      ['Criar documentos', 3],
      ['Fatura', 1],
    ] as const)
      expect(await column(stage).getByTestId('rule-card').count()).toBe(count);
  }, 180_000);

  it('a form submission makes a card that runs through the rules, shown on its Automação tab', async () => {
    await page.goto(`/formulario/${pipeline.form!.token}`);
    await page.getByLabel(/^Nome/).fill('Pedido Casa Nova');
    await page.getByLabel(/^Telefone/).fill('(11) 98765-4321');
    await page.getByLabel(/^CNPJ/).fill(document);
    await page.getByRole('button', { name: 'Enviar' }).click();
    await page.getByTestId('form-thanks').waitFor();

    const cards = await callApi(
      page,
      'GET',
      `/api/processes/cards?pipelineId=${pipeline.id}&page=1&pageSize=5`,
    );
    const card = cards.body.items[0];
    await page.goto(`/processes/cards/${card.id}?tab=automation`);
    const history = page.getByTestId('automation-history');
    const run = (name: string) =>
      history
        .getByTestId('automation-run')
        .filter({ hasText: name })
        .and(page.locator('[data-status="done"]'));
    // The steps run on the worker; the tab refreshes itself.
    await run('SMS de boas-vindas').waitFor({ timeout: 45_000 });

    // The manager agreed the price and moves the card on.
    const stage = (name: string) => pipeline.stages.find((s) => s.name === name)!.id;
    expect(
      (await callApi(page, 'PATCH', `/api/processes/cards/${card.id}`, { valueCents: 189_000 })).status,
    ).toBe(200);
    const moved = await callApi(page, 'POST', `/api/processes/cards/${card.id}/move`, {
      stageId: stage('Criar documentos'),
    });
    expect(moved.status).toBe(200);
    await page.reload();
    await run('E-mail com o pedido').waitFor({ timeout: 45_000 });
    expect(await history.textContent()).toContain('Entrou em Criar documentos');

    // The client pays: "Fatura paga" moves the card, and the warehouse gets its task.
    const invoices = await callApi(page, 'GET', `/api/invoices?clientId=${clientId}&page=1&pageSize=5`);
    expect(invoices.body.items).toHaveLength(1);
    expect((await callApi(page, 'POST', `/api/invoices/${invoices.body.items[0].id}/pay`, {})).status).toBe(
      200,
    );
    await page.reload();
    await run('Separar o pedido').waitFor({ timeout: 45_000 });
    expect(await history.textContent()).toContain('Entrou em Fatura');
    const tasks = await callApi(
      page,
      'GET',
      `/api/tasks?pipelineId=${encodeURIComponent(`process:${pipeline.id}`)}&itemId=${card.id}`,
    );
    expect(tasks.body.items).toEqual([
      expect.objectContaining({
        title: 'Preparar o pedido para envio',
        responsible: expect.objectContaining({ id: warehouse.id }),
      }),
    ]);

    // "Testar" on the Fatura column picks the card among the stage's cards; nothing is created.
    await page.goto('/automacoes');
    await choose(page, page, 'Pipeline', 'Loja de móveis');
    await column('Fatura').getByRole('button', { name: 'Testar as regras de Fatura' }).click();
    const test = page.getByRole('dialog', { name: 'Testar as regras de Fatura' });
    await choose(page, test, 'Item', /Pedido Casa Nova/);
    await test.getByRole('button', { name: 'Testar', exact: true }).click();
    const result = test.getByTestId('test-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('Separar o pedido');
    const after = await callApi(
      page,
      'GET',
      `/api/tasks?pipelineId=${encodeURIComponent(`process:${pipeline.id}`)}&itemId=${card.id}`,
    );
    expect(after.body.items).toHaveLength(1);
  }, 180_000);
});
