/**
 * Fixes from a new user's walk through the product (issue 17), in Chromium with an English browser and the
 * app in Portuguese: a debt collection's Valor is its debt; an empty save leaves the Solicitante's error in
 * sight; an error on the other tab of the new-ticket form shows that tab, marked; dates and times use the
 * app's own picker (dd/mm/aaaa, 24 h, the calendar in the app's language), never the browser's; the client
 * page shows the complementary data a routine imported; the local mailbox can be searched.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/server/ids.js';
import { setClientExtra } from '../../src/server/modules/clients/index.js';
import { type E2E, loginAsDemoAdmin, useE2E, withServerDatabase } from './harness.js';
import { callApi } from './support/api.js';

const NATIVE = 'input[type="date"], input[type="time"], input[type="datetime-local"]';

describe('walk-through fixes (browser)', () => {
  let e2e: E2E;
  let page: Page;
  useE2E({ tmpPrefix: 'expediente-e2e-walk-' }, (started) => {
    e2e = started;
    page = started.page;
  });

  it('shows a debt collection’s debt as its Valor in the tickets grid', async () => {
    await page.goto('/login');
    await loginAsDemoAdmin(page);
    await page.goto('/tickets');
    const row = page
      .getByRole('table', { name: 'Atendimentos' })
      .locator('tbody tr')
      .filter({ hasText: 'Honorários de outubro em aberto' });
    await row.waitFor();
    expect(await row.textContent()).toContain('R$ 1.200,00');
    expect(await row.textContent()).not.toContain('R$ 0,00');
  });

  it('keeps the Solicitante’s error in sight after an empty save: its list does not open by itself', async () => {
    await page.goto('/tickets/new');
    await page.getByRole('heading', { name: 'Novo atendimento', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Salvar' }).click();
    const requester = page.getByRole('combobox', { name: 'Solicitante', exact: true });
    await expect.poll(() => requester.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.waitForTimeout(400); // a list opening on focus would be on screen by now
    expect(await page.getByRole('listbox').count()).toBe(0);
    expect(await requester.getAttribute('aria-invalid')).toBe('true');
    const error = page.getByText('Campo obrigatório').first();
    expect(await error.isVisible()).toBe(true);
    // Nothing covers it: the point at its middle is the error itself.
    const box = (await error.boundingBox())!;
    const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.textContent ?? '', {
      x: box.x + box.width / 2,
      y: box.y + box.height / 2,
    });
    expect(hit).toContain('Campo obrigatório');
  });

  it('shows and marks the Atendimento tab when a save fails there while Anexar arquivos is open', async () => {
    const client = await callApi(page, 'POST', '/api/clients', {
      legalName: 'Contato Sumido Ltda',
      document: '11.444.777/0001-61',
    });
    expect(client.status).toBe(201);
    const contact = await callApi(page, 'POST', `/api/clients/${client.body.id}/contacts`, {
      name: 'Rita Sumida',
      email: 'rita@sumido.com.br',
    });
    expect(contact.status).toBe(201);

    await page.reload();
    await page.getByRole('heading', { name: 'Novo atendimento', level: 1 }).waitFor();
    const requester = page.getByRole('combobox', { name: 'Solicitante', exact: true });
    await requester.click();
    await requester.fill('Contato Sumido');
    await page.getByRole('option', { name: /Contato Sumido Ltda/ }).click();
    await page.getByRole('combobox', { name: 'Contato para o chat', exact: true }).click();
    await page.getByRole('option', { name: /Rita Sumida/ }).click();
    await page.getByRole('textbox', { name: 'Assunto', exact: true }).fill('Alteração de endereço');
    // The contact goes away behind the form's back; the user is on the other tab when saving.
    expect(
      (await callApi(page, 'DELETE', `/api/clients/${client.body.id}/contacts/${contact.body.id}`)).status,
    ).toBe(204);
    await page.getByRole('tab', { name: 'Anexar arquivos' }).click();
    await page.getByRole('button', { name: 'Salvar' }).click();

    const tab = page.getByRole('tab', { name: /Atendimento/ });
    await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');
    expect(await tab.textContent()).toContain('contém erros');
    await page.getByText('Contato não encontrado neste cliente.').waitFor();
    expect(await page.getByText('Contato não encontrado neste cliente.').isVisible()).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/tickets/new');
  });

  it('picks dates as dd/mm/aaaa with a calendar in the app’s language, and times in 24 h, never the browser’s inputs', async () => {
    // The ticket's due date.
    await page.getByRole('radiogroup', { name: 'Tipo' }).getByText('Cobrança de débito').click();
    const due = page.getByRole('textbox', { name: 'Vencimento' });
    expect(await due.getAttribute('placeholder')).toBe('dd/mm/aaaa');
    await due.fill('05122026');
    expect(await due.inputValue()).toBe('05/12/2026');
    await page.getByRole('button', { name: 'Abrir calendário' }).click();
    await page.getByRole('button', { name: /^dezembro 2026$/i }).waitFor();
    await page.getByRole('button', { name: '18 dezembro 2026' }).click();
    expect(await due.inputValue()).toBe('18/12/2026');
    expect(await page.locator(NATIVE).count()).toBe(0);

    // A routine's Hora: 24 h whatever the browser's language.
    await page.goto('/routines/contacts.birthdays');
    const hour = page.getByRole('textbox', { name: 'Hora 1' });
    await hour.fill('1930');
    expect(await hour.inputValue()).toBe('19:30');
    expect(await page.locator(NATIVE).count()).toBe(0);

    // The tickets' date filters, and the calendar in English once the app is.
    await page.goto('/tickets');
    expect(await page.locator(NATIVE).count()).toBe(0);
    await page.getByRole('radiogroup', { name: 'Idioma' }).getByText('EN').click();
    await page.getByRole('button', { name: 'Open calendar' }).first().click();
    await page
      .getByRole('button', {
        name: /^(January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$/,
      })
      .waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('radiogroup', { name: 'Language' }).getByText('PT').click();
  });

  it('shows on the client page the complementary data a routine imported, in Brazilian formats', async () => {
    const found = await callApi(page, 'GET', `/api/clients?q=${encodeURIComponent('Contato Sumido')}`);
    const id = found.body.items[0].id as string;
    await withServerDatabase(e2e.dataDir, async (ctx) => {
      const officeId = (
        await ctx.db.selectFrom('clients').select('office_id').where('id', '=', id).executeTakeFirstOrThrow()
      ).office_id;
      await setClientExtra(
        ctx.db,
        officeId,
        id,
        { lastPurchaseDate: '2026-10-05', accumulatedCents: 123_456, purchaseCount: 1234, regiao: 'Norte' },
        new Date(),
      );
    });
    await page.goto(`/clients/${id}`);
    await page.getByRole('tab', { name: 'Dados complementares' }).click();
    const list = page.getByRole('list', { name: 'Dados complementares' });
    await list.waitFor();
    const items = (await list.getByRole('listitem').allTextContents()).map((s) => s.replace(/\s+/g, ' '));
    expect(items).toEqual([
      'Última compra05/10/2026',
      'Valor acumuladoR$ 1.234,56',
      'Quantidade de compras1.234',
      'Regiao' + 'Norte',
    ]);
  });

  it('searches the local mailbox by recipient or subject', async () => {
    await withServerDatabase(e2e.dataDir, async (ctx) => {
      const office = await ctx.db.selectFrom('offices').select('id').executeTakeFirstOrThrow();
      const at = new Date().toISOString();
      await ctx.db
        .insertInto('mailbox')
        .values(
          [
            ['financeiro@lua-azul.com.br', 'Boleto de honorários — Lua Azul'],
            ['contato@sol-nascente.com.br', 'Certidão negativa vencendo'],
          ].map(([to, subject]) => ({
            id: newId(),
            office_id: office.id,
            message_id: `<${newId()}@e2e>`,
            to_address: to!,
            subject: subject!,
            raw: `Subject: ${subject}\r\n\r\nOlá`,
            created_at: at,
          })),
        )
        .execute();
    });
    await page.goto('/messages/mailbox');
    const list = page.getByRole('navigation', { name: 'E-mails da caixa local' });
    await list.getByText('Certidão negativa vencendo').waitFor();
    await page.getByRole('searchbox', { name: 'Buscar' }).fill('lua-azul');
    await page.waitForURL(/q=lua-azul/);
    await list.getByText('Boleto de honorários — Lua Azul').waitFor();
    await expect.poll(() => list.getByRole('button').count()).toBe(1);
    await page.getByRole('searchbox', { name: 'Buscar' }).fill('certidão');
    await list.getByText('Certidão negativa vencendo').waitFor();
    await expect.poll(() => list.getByRole('button').count()).toBe(1);
    await page.getByRole('searchbox', { name: 'Buscar' }).fill('nada-assim');
    await page.getByText('Nada encontrado').waitFor();
  });
});
