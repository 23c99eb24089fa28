/**
 * Browser test of Processos against the real server: create a pipeline from the menu, add a stage, reorder
 * the stages by dragging them (mouse, then keyboard) and set up its public form in the settings; create a card; drag it to another column of the kanban (dnd-kit) and
 * see the column counts change and the move in the card's history; then open the public form (no login,
 * as a visitor would, and framed in an iframe as on the office's site), submit it, and see the new card in
 * the first column. Expects `npm run build` (or E2E_DIST) to have produced the build.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type E2E, loginAsDemoAdmin, mainNav, noToasts, screenshotPath, useE2E } from './harness.js';

const SCREENSHOT = screenshotPath('processes.png');
const NAME = 'Proposta comercial';

/** Drags `from` onto `to` with the mouse in small steps (dnd-kit's pointer sensor needs real moves). */
async function drag(page: Page, from: Locator, to: Locator) {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + 12);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + 20, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + 40, { steps: 15 });
  await page.mouse.move(b.x + b.width / 2, b.y + 45, { steps: 3 });
  await page.mouse.up();
}

const column = (page: Page, name: string) => page.locator(`[data-column="${name}"]`);

/** Drags a stage row by its handle onto another row (vertical list: its centre a little above the row's). */
async function dragRow(page: Page, handle: Locator, to: Locator) {
  const a = (await handle.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2 - 8, { steps: 4 });
  await page.mouse.move(a.x + a.width / 2, b.y + b.height / 2 - 4, { steps: 20 });
  await page.mouse.move(a.x + a.width / 2, b.y + b.height / 2 - 2, { steps: 3 });
  await page.mouse.up();
}

const stageOrder = (page: Page) =>
  page
    .getByTestId('stages')
    .locator('[data-stage]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-stage')));

describe('Processos (browser)', () => {
  let page: Page;
  let env: E2E;
  useE2E({ tmpPrefix: 'expediente-e2e-processes-', ptBrBrowser: true }, (e2e) => {
    page = e2e.page;
    env = e2e;
  });
  let pipelineUrl = '';
  let formPath = '';

  it('creates a pipeline from the menu and sets up a stage and the public form', async () => {
    await page.goto('/login');
    await loginAsDemoAdmin(page);
    await mainNav(page).getByRole('link', { name: 'Processos' }).click();
    await page.waitForURL(/\/processes$/);
    // The demo's pipeline is listed.
    await page.locator('[data-pipeline="Abertura de empresa"]').waitFor();

    await page.getByRole('button', { name: 'Novo processo' }).click();
    const modal = page.getByRole('dialog', { name: 'Novo processo' });
    await modal.getByLabel('Nome do processo').fill(NAME);
    await modal.getByRole('button', { name: 'Criar' }).click();
    await page.waitForURL(/\/processes\/[0-9a-f-]+\/settings$/);
    pipelineUrl = page.url().replace(/\/settings$/, '');

    // The default stages, then one more at the end.
    await page.locator('[data-stage="Novo"]').waitFor();
    const stages = page
      .locator('form')
      .filter({ has: page.getByRole('button', { name: 'Adicionar etapa' }) });
    await stages.getByLabel('Nome da etapa').fill('Proposta enviada');
    await stages.getByRole('button', { name: 'Adicionar etapa' }).click();
    await page.locator('[data-stage="Proposta enviada"]').waitFor();
    expect(await stageOrder(page)).toEqual(['Novo', 'Em andamento', 'Concluído', 'Proposta enviada']);

    // Dragged with the mouse by its handle above "Em andamento": the order is saved (it survives a reload).
    await dragRow(
      page,
      page.getByRole('button', { name: /^Arrastar a etapa Proposta enviada/ }),
      page.locator('[data-stage="Em andamento"]'),
    );
    await expect
      .poll(() => stageOrder(page), { timeout: 10_000 })
      .toEqual(['Novo', 'Proposta enviada', 'Em andamento', 'Concluído']);
    await page.reload();
    await page.locator('[data-stage="Novo"]').waitFor();
    await expect
      .poll(() => stageOrder(page), { timeout: 10_000 })
      .toEqual(['Novo', 'Proposta enviada', 'Em andamento', 'Concluído']);

    // The arrow buttons (phones, and the keyboard: they are plain buttons): "Concluído" up one place,
    // saved. (dnd-kit's own keyboard drag — Space, ↑, Space — is wired, but in headless Chromium its ↑
    // lands over the dragged stage itself, so it is not asserted here.)
    await page.getByRole('button', { name: 'Subir a etapa Concluído' }).click();
    await expect
      .poll(() => stageOrder(page), { timeout: 10_000 })
      .toEqual(['Novo', 'Proposta enviada', 'Concluído', 'Em andamento']);
    await page.reload();
    await page.locator('[data-stage="Novo"]').waitFor();
    await expect
      .poll(() => stageOrder(page), { timeout: 10_000 })
      .toEqual(['Novo', 'Proposta enviada', 'Concluído', 'Em andamento']);
    // The arrow buttons stay (phones): "Em andamento" back above "Concluído".
    await page.getByRole('button', { name: 'Subir a etapa Em andamento' }).click();
    await expect
      .poll(() => stageOrder(page), { timeout: 10_000 })
      .toEqual(['Novo', 'Proposta enviada', 'Em andamento', 'Concluído']);

    await page.getByLabel('Título do formulário').fill('Peça uma proposta');
    await page.getByRole('button', { name: 'Salvar formulário' }).click();
    const link = page.getByTestId('form-link');
    await link.waitFor();
    formPath = new URL((await link.textContent()) ?? '').pathname;
    expect(formPath).toMatch(/^\/formulario\/[\w-]+$/);
    expect(await page.getByTestId('embed-code').textContent()).toContain(
      `<iframe src="${env.baseUrl}${formPath}"`,
    );
  });

  it('creates a card and drags it to another column of the kanban', async () => {
    await page.goto(pipelineUrl);
    await page.getByRole('button', { name: 'Novo cartão' }).click();
    const modal = page.getByRole('dialog', { name: 'Novo cartão' });
    await modal.getByLabel('Título').fill('Proposta — Padaria Central');
    await modal.getByLabel('Valor').fill('1.500,00');
    await modal.getByRole('button', { name: 'Criar' }).click();
    await modal.waitFor({ state: 'detached' });

    const card = column(page, 'Novo').locator('[data-card="Proposta — Padaria Central"]');
    await card.waitFor();
    expect(await column(page, 'Novo').getByTestId('column-total').textContent()).toBe('1 · R$ 1.500,00');

    await drag(page, card, column(page, 'Em andamento'));
    await column(page, 'Em andamento').locator('[data-card="Proposta — Padaria Central"]').waitFor();
    await page
      .locator('.mantine-Notification-root')
      .filter({ hasText: 'movido para Em andamento' })
      .waitFor();
    expect(await column(page, 'Novo').getByTestId('column-total').textContent()).toBe('0 · R$ 0,00');
    expect(await column(page, 'Em andamento').getByTestId('column-total').textContent()).toBe(
      '1 · R$ 1.500,00',
    );

    // The move is in the card's history, and survives a reload.
    await page.reload();
    const moved = column(page, 'Em andamento').locator('[data-card="Proposta — Padaria Central"]');
    await moved.getByRole('link').click();
    await page.waitForURL(/\/processes\/cards\//);
    expect(await page.getByTestId('card-stage').textContent()).toBe('Em andamento');
    await page.getByRole('tab', { name: 'Histórico' }).click();
    await page.getByText('Novo → Em andamento').waitFor();
  });

  it('the public form, standalone and framed, creates a card in the first column', async () => {
    const visitor = await env.browser.newContext({ baseURL: env.baseUrl, locale: 'pt-BR' });
    visitor.setDefaultTimeout(15_000);
    let site: Server | undefined;
    try {
      // On a phone, standalone.
      const phone = await visitor.newPage();
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto(formPath);
      await phone
        .getByRole('heading', { name: 'Peça uma proposta' })
        .waitFor({ timeout: 8000 })
        .catch(async (e) => {
          throw new Error(`${e}\n${phone.url()}\n${await phone.locator('body').innerText()}`);
        });
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      // An office's site on another origin (another port) framing the form: the form's page allows it, the
      // app's pages do not. A real server on the loopback, so Chromium's Local Network Access checks see a
      // local page framing a local one.
      site = createServer((_req, res) => {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(
          `<html><body><h1>Escritório</h1><iframe src="${env.baseUrl}${formPath}" style="width:100%;height:900px"></iframe></body></html>`,
        );
      });
      await new Promise<void>((r) => site!.listen(0, '127.0.0.1', r));
      const framing = await visitor.newPage();
      await framing.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/contato`);
      const frame = framing.frameLocator('iframe');
      await frame
        .getByRole('heading', { name: 'Peça uma proposta' })
        .waitFor()
        .catch(async (e) => {
          throw new Error(`${e}\n${await framing.content()}`);
        });

      // A bad e-mail is refused in Portuguese, then the right one goes through.
      await frame.getByLabel('Nome').fill('Joana Prado');
      await frame.getByLabel('E-mail').fill('joana@');
      await frame.getByRole('button', { name: 'Enviar' }).click();
      await frame.getByText('E-mail inválido.').waitFor();
      await frame.getByLabel('E-mail').fill('joana@prado.com.br');
      await frame.getByLabel('Mensagem').fill('Quero uma proposta para contabilidade mensal.');
      await frame.getByRole('button', { name: 'Enviar' }).click();
      await frame.getByTestId('form-thanks').waitFor();
    } finally {
      await visitor.close();
      site?.close();
    }

    await page.goto(pipelineUrl);
    await column(page, 'Novo').locator('[data-card="Joana Prado"]').waitFor();
    await noToasts(page);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  }, 90_000);
});
