/**
 * Browser test of Mensagens against the real server (web, worker and scheduler in one process): send the
 * channel test e-mail from Canais, find it in the Caixa local and read it in the sandboxed viewer (the MIME
 * parsed in the browser), see it delivered in the Caixa de saída; then edit the test template in Modelos,
 * where an unknown variable is refused naming its line, and save a valid version. Expects `npm run build`
 * to have produced dist/server and dist/web.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  loginAsDemoAdmin,
  mainNav,
  noToasts,
  screenshotPath,
  tableRows,
  useE2E,
} from './harness.js';

const SCREENSHOT = screenshotPath('mailbox.png');

const TEST_SUBJECT = 'Teste de envio — Escritório Contábil Exemplo';
const TEST_BODY = 'Esta é uma mensagem de teste';

describe('Mensagens (browser)', () => {
  let page: Page;
  useE2E({ tmpPrefix: 'expediente-e2e-messages-', ptBrBrowser: true }, (e2e) => {
    page = e2e.page;
  });

  const nav = () => mainNav(page);

  it('logs in and opens Mensagens, no longer "Em breve"', async () => {
    await page.goto('/login');
    await loginAsDemoAdmin(page);

    const link = nav().getByRole('link', { name: 'Mensagens' });
    expect(await link.textContent()).not.toContain('Em breve');
    await link.click();
    await page.waitForURL(/\/messages$/);
    await page.getByRole('heading', { name: 'Mensagens', level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Caixa de saída', selected: true }).waitFor();
    await page.getByRole('table', { name: 'Caixa de saída' }).waitFor();
  }, 60_000);

  it('sends the channel test e-mail from Canais', async () => {
    await page.getByRole('tab', { name: 'Canais' }).click();
    await page.waitForURL(/\/messages\/channels$/);
    // No SMTP server yet: the local mailbox is in use.
    const mailbox = page.getByRole('radio', { name: /Caixa local \(padrão\)/ });
    await mailbox.waitFor();
    expect(await mailbox.getAttribute('aria-checked')).toBe('true');
    expect(await mailbox.textContent()).toContain('Em uso');
    await page.getByRole('region', { name: 'WhatsApp' }).waitFor();

    await page
      .getByRole('region', { name: 'E-mail' })
      .getByRole('button', { name: 'Enviar mensagem de teste' })
      .click();
    const result = page.getByTestId('test-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('Ela chega na Caixa local em instantes');
  }, 60_000);

  it('reads the test e-mail in the Caixa local, as the client would see it', async () => {
    await page.getByRole('tab', { name: 'Caixa local' }).click();
    await page.waitForURL(/\/messages\/mailbox$/);
    await page.getByText('Sem servidor SMTP configurado, os e-mails chegam aqui').waitFor();

    // Delivery is a background job: the list polls until the e-mail lands.
    const newest = page
      .getByRole('navigation', { name: 'E-mails da caixa local' })
      .getByRole('button', { name: `Abrir e-mail ${TEST_SUBJECT}` })
      .first();
    await newest.waitFor({ timeout: 20_000 });
    await newest.click();

    const viewer = page.getByTestId('email-viewer');
    await viewer.waitFor();
    expect(await viewer.getByTestId('email-subject').textContent()).toBe(TEST_SUBJECT);
    const headers = (await viewer.locator('table').first().textContent()) ?? '';
    expect(headers).toContain('Escritório Contábil Exemplo');
    expect(headers).toContain(ADMIN_EMAIL);
    expect(headers).toMatch(/Data\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);

    // The HTML part, in a frame with every sandbox restriction.
    const iframe = viewer.locator('iframe[title="Conteúdo do e-mail"]');
    expect(await iframe.getAttribute('sandbox')).toBe('');
    const frame = page.frameLocator('iframe[title="Conteúdo do e-mail"]');
    await frame.getByText(TEST_BODY).waitFor();
    expect(await frame.locator('body').textContent()).toContain('Olá, Mariana Costa!');

    // The text part.
    await viewer.getByRole('tab', { name: 'Texto' }).click();
    expect(await viewer.getByTestId('email-text').textContent()).toContain(TEST_BODY);
    await viewer.getByRole('tab', { name: 'Visualização' }).click();
    await frame.getByText(TEST_BODY).waitFor();

    const download = viewer.getByRole('link', { name: 'Baixar .eml' });
    expect(await download.getAttribute('href')).toMatch(/^\/api\/mailbox\/[^/]+\/raw$/);

    await noToasts(page);
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  }, 60_000);

  it('shows the message delivered in the Caixa de saída, with its details', async () => {
    await page.getByRole('tab', { name: 'Caixa de saída' }).click();
    await page.waitForURL(/\/messages$/);
    const row = tableRows(page, 'Caixa de saída', TEST_SUBJECT);
    await row.first().getByText('Entregue').waitFor();
    const text = (await row.first().textContent()) ?? '';
    expect(text).toContain(ADMIN_EMAIL);
    expect(text).toContain('Usuário');
    expect(text).toContain('Mensagem de teste do canal');
    expect(text).toContain('Manual');
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4}\d{2}:\d{2}/);

    await row.first().click();
    const drawer = page.getByRole('dialog', { name: 'Mensagem' });
    await drawer.waitFor();
    expect(await drawer.getByTestId('message-body').textContent()).toContain(TEST_BODY);
    // Delivered: nothing to send again or cancel.
    expect(await drawer.getByRole('button', { name: 'Reenviar' }).count()).toBe(0);
    expect(await drawer.getByRole('button', { name: 'Cancelar' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  }, 60_000);

  it('refuses an unknown variable in Modelos naming the line, then saves a valid template', async () => {
    await page.getByRole('tab', { name: 'Modelos' }).click();
    await page.waitForURL(/\/messages\/templates$/);
    await page
      .getByRole('navigation', { name: 'Modelos' })
      .getByRole('button', { name: /Mensagem de teste do canal/ })
      .click();
    await page.getByRole('heading', { name: 'Mensagem de teste do canal' }).waitFor();

    const body = page.getByRole('textbox', { name: 'Corpo' });
    const original = await body.inputValue();
    expect(original).toContain(TEST_BODY);
    const lines = original.split('\n').length;

    // The live preview renders the saved text with example values.
    const preview = page.getByTestId('preview-body');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="preview-body"]')?.textContent?.includes('[user.name]'),
    );

    await body.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n{{ cliente.x }}');
    const error = page.getByText(new RegExp(`Variável desconhecida na linha ${lines + 1}: cliente\\.x`));
    await error.waitFor();
    expect(await body.getAttribute('aria-invalid')).toBe('true');
    expect(await preview.textContent()).toBe('—');

    // Fix it: the last line becomes a variable inserted from its chip.
    await body.fill(`${original}\n`);
    await page.getByRole('button', { name: 'Inserir {{ office.name }}' }).click();
    expect(await body.inputValue()).toBe(`${original}\n{{ office.name }}`);
    await error.waitFor({ state: 'hidden' });
    await page.waitForFunction(() =>
      document
        .querySelector('[data-testid="preview-body"]')
        ?.textContent?.trim()
        .endsWith('Escritório Contábil Exemplo'),
    );
    expect(await body.getAttribute('aria-invalid')).not.toBe('true');

    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByText('Modelo salvo.').waitFor();
    await page
      .getByRole('navigation', { name: 'Modelos' })
      .getByRole('button', { name: /Mensagem de teste do canal/ })
      .getByText('Personalizado')
      .waitFor();
    expect(await page.getByRole('button', { name: 'Restaurar padrão' }).isEnabled()).toBe(true);
  }, 60_000);
});
