/**
 * Browser test of Mensagens against the real server (web, worker and scheduler in one process): send the
 * channel test e-mail from Canais, find it in the Caixa local and read it in the sandboxed viewer (the MIME
 * parsed in the browser), see it delivered in the Caixa de saída; then edit the test template in Modelos,
 * where an unknown variable is refused naming its line, and save a valid version. Expects `npm run build`
 * to have produced dist/server and dist/web.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SERVER_ENTRY = join(ROOT, 'dist/server/main.js');
const SCREENSHOT = join(ROOT, 'docs/screenshots/mailbox.png');
const CHROMIUM = '/usr/bin/chromium';

const ADMIN_EMAIL = 'admin@demo.expediente.app';
const ADMIN_PASSWORD = 'expediente-demo';

const TEST_SUBJECT = 'Teste de envio — Escritório Contábil Exemplo';
const TEST_BODY = 'Esta é uma mensagem de teste';

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForHealth(baseUrl: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`server exited with code ${server.exitCode} before becoming healthy:\n${output()}`);
    }
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server not healthy after 30 s:\n${output()}`);
}

describe('Mensagens (browser)', () => {
  let server: ChildProcess | undefined;
  let dataDir: string | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let baseUrl: string;
  let output = '';

  beforeAll(async () => {
    if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run npm run build first`);
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install chromium`);

    dataDir = await mkdtemp(join(tmpdir(), 'expediente-e2e-messages-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;

    server = spawn(process.execPath, [SERVER_ENTRY, 'start'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8_000);
    };
    server.stdout?.on('data', collect);
    server.stderr?.on('data', collect);
    await waitForHealth(baseUrl, server, () => output);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--lang=pt-BR',
      ],
      env: { ...process.env, LANG: 'pt_BR.UTF-8', LANGUAGE: 'pt_BR:pt' },
    });
    context = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width: 1280, height: 800 },
      locale: 'pt-BR',
      timezoneId: 'America/Sao_Paulo',
    });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
  }, 90_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server?.once('exit', r));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server?.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 30_000);

  const nav = () => page.getByRole('navigation', { name: 'Navegação principal' });
  const noToasts = () =>
    page.waitForFunction(() => !document.querySelector('.mantine-Notification-root'), undefined, {
      timeout: 15_000,
    });

  it('logs in and opens Mensagens, no longer "Em breve"', async () => {
    await page.goto('/login');
    await page.getByLabel('E-mail').fill(ADMIN_EMAIL);
    await page.getByLabel('Senha').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL(/\/clients$/);

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
    await page.getByText('WhatsApp', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Enviar mensagem de teste' }).click();
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

    await noToasts();
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  }, 60_000);

  it('shows the message delivered in the Caixa de saída, with its details', async () => {
    await page.getByRole('tab', { name: 'Caixa de saída' }).click();
    await page.waitForURL(/\/messages$/);
    const row = page
      .getByRole('table', { name: 'Caixa de saída' })
      .getByRole('row')
      .filter({ hasText: TEST_SUBJECT });
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
