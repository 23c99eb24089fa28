/**
 * Browser test of the template editor's preview against a real client (Mensagens → Modelos): picking a client
 * in "Pré-visualizar com o cliente" renders the live preview with its legal name and formatted CNPJ, while
 * what a client record cannot supply (the invoice) keeps its example; the choice follows to another template,
 * and clearing it goes back to the example values. Expects `npm run build` (or `E2E_DIST`) to have produced
 * the server and the web build.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginAsDemoAdmin, useE2E } from './harness.js';
import { callApi } from './support/api.js';

const LEGAL_NAME = 'Serralheria Pré-Visualização Ltda';
const CNPJ_RAW = '45723174000110';
const CNPJ_FORMATTED = '45.723.174/0001-10';

/** Waits until the preview's body (or subject) holds `text`, and returns it. */
async function previewShows(page: Page, testId: 'preview-body' | 'preview-subject', text: string) {
  await page.waitForFunction(
    ([id, expected]) =>
      document.querySelector(`[data-testid="${id}"]`)?.textContent?.includes(expected as string) ?? false,
    [testId, text],
  );
  return (await page.getByTestId(testId).textContent()) ?? '';
}

describe('Modelos: preview against a real client (browser)', () => {
  let page: Page;
  useE2E({ tmpPrefix: 'expediente-e2e-template-preview-', ptBrBrowser: true }, (e2e) => {
    page = e2e.page;
  });

  it('logs in and creates the client to preview with', async () => {
    await page.goto('/login');
    await loginAsDemoAdmin(page);
    const created = await callApi(page, 'POST', '/api/clients', {
      legalName: LEGAL_NAME,
      document: CNPJ_RAW,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }, 60_000);

  it('renders the overdue notice with the picked client, keeping the example invoice', async () => {
    await page.goto('/messages/templates?template=billing.overdue-staff&channel=email');
    await page
      .getByRole('heading', { name: 'Honorários em atraso: aviso ao responsável pelo cliente' })
      .waitFor();

    // No client yet: example values.
    const before = await previewShows(page, 'preview-body', '[client.name]');
    expect(before).not.toContain(LEGAL_NAME);
    await page.getByText('Com valores de exemplo.').waitFor();

    const picker = page.getByRole('combobox', { name: 'Pré-visualizar com o cliente', exact: true });
    await picker.click();
    await picker.fill('Serralheria Pré');
    await page
      .getByRole('option', { name: new RegExp(LEGAL_NAME) })
      .first()
      .click();
    expect(await picker.inputValue()).toBe(LEGAL_NAME);

    const body = await previewShows(page, 'preview-body', LEGAL_NAME);
    expect(body).toContain(`O cliente ${LEGAL_NAME} (${CNPJ_FORMATTED})`);
    // The invoice is not the client's: it keeps the example amount and due date.
    expect(body).toContain('R$ 1.234,56');
    expect(body).toContain('10/12/2026');
    expect(body).not.toContain('[client.');
    const subject = await previewShows(page, 'preview-subject', LEGAL_NAME);
    expect(subject).toContain(`Cliente em atraso: ${LEGAL_NAME}`);
    await page.getByText('Com os dados do cliente; o resto, de exemplo.').waitFor();
  }, 60_000);

  it('keeps the client when another template is chosen, and goes back to examples when cleared', async () => {
    await page
      .getByRole('navigation', { name: 'Modelos' })
      .getByRole('button', { name: /Atendimento: aviso de abertura/ })
      .click();
    await page.getByRole('heading', { name: 'Atendimento: aviso de abertura (botão Notificar)' }).waitFor();
    const picker = page.getByRole('combobox', { name: 'Pré-visualizar com o cliente', exact: true });
    expect(await picker.inputValue()).toBe(LEGAL_NAME);
    expect(await previewShows(page, 'preview-body', `Olá, ${LEGAL_NAME}.`)).toContain('[ticket.link]');

    await page.getByRole('button', { name: 'Voltar aos valores de exemplo' }).click();
    const body = await previewShows(page, 'preview-body', 'Olá, [client.name].');
    expect(body).not.toContain(LEGAL_NAME);
    expect(await picker.inputValue()).toBe('');
  }, 60_000);
});
