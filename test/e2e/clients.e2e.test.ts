/**
 * Browser test of the Clientes screens against the real server: log in, reject an invalid CNPJ inline,
 * create a client with an alphanumeric CNPJ and find it in the grid. Expects `npm run build` to have
 * produced dist/server and dist/web (the vitest global setup does that).
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
const SCREENSHOT = join(ROOT, 'docs/screenshots/clients.png');
const CHROMIUM = '/usr/bin/chromium';

const ADMIN_EMAIL = 'admin@demo.expediente.app';
const ADMIN_PASSWORD = 'expediente-demo';

const LEGAL_NAME = 'Padaria Pão de Queijo Ltda';
const CNPJ = '12.ABC.345/01DE-35';

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

describe('Clientes (browser)', () => {
  let server: ChildProcess | undefined;
  let dataDir: string | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let baseUrl: string;

  beforeAll(async () => {
    if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run npm run build first`);
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install chromium`);

    dataDir = await mkdtemp(join(tmpdir(), 'expediente-e2e-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;

    let output = '';
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
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
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

  it('logs in with the demo administrator', async () => {
    await page.goto('/clients');
    // Without a session the app sends the user to the login page.
    await page.waitForURL(/\/login/);
    await page.getByLabel('E-mail').fill(ADMIN_EMAIL);
    await page.getByLabel('Senha').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();

    await page.waitForURL(/\/clients$/);
    await page.getByRole('heading', { name: 'Clientes', level: 1 }).waitFor();
    await nav().getByRole('link', { name: 'Clientes', exact: true }).click();
    await page.getByRole('table', { name: 'Clientes' }).waitFor();
  }, 60_000);

  it('shows "CNPJ inválido" inline and saves nothing for a wrong check digit', async () => {
    let posts = 0;
    const countPosts = (req: { method(): string; url(): string }) => {
      if (req.method() === 'POST' && new URL(req.url()).pathname === '/api/clients') posts += 1;
    };
    page.on('request', countPosts);
    try {
      await page.getByRole('link', { name: 'Novo cliente' }).first().click();
      await page.waitForURL(/\/clients\/new$/);

      await page.getByLabel('Razão social').fill('Empresa do CNPJ Errado Ltda');
      const documentInput = page.getByLabel('CNPJ/CPF');
      await documentInput.fill('12.ABC.345/01DE-36');
      await documentInput.blur();
      await page.getByText('CNPJ inválido').waitFor();
      expect(await documentInput.getAttribute('aria-invalid')).toBe('true');

      await page.getByRole('button', { name: 'Salvar' }).click();
      await page.getByText('CNPJ inválido').waitFor();
      expect(new URL(page.url()).pathname).toBe('/clients/new');
      expect(posts).toBe(0);

      const res = await page.request.get('/api/clients', { params: { q: 'CNPJ Errado' } });
      expect(res.status()).toBe(200);
      expect((await res.json()).total).toBe(0);
    } finally {
      page.off('request', countPosts);
    }
  }, 60_000);

  it('creates a client with an alphanumeric CNPJ and finds it in the grid', async () => {
    await nav().getByRole('link', { name: 'Clientes', exact: true }).click();
    await page.waitForURL(/\/clients$/);
    await page.getByRole('link', { name: 'Novo cliente' }).first().click();
    await page.waitForURL(/\/clients\/new$/);

    await page.getByLabel('Razão social').fill(LEGAL_NAME);
    await page.getByLabel('CNPJ/CPF').fill(CNPJ);
    await page.getByRole('button', { name: 'Salvar' }).click();

    // Saved: the app opens the client's page.
    await page.waitForURL((url) => /^\/clients\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'));
    await page.getByRole('heading', { name: LEGAL_NAME, level: 1 }).waitFor();

    await nav().getByRole('link', { name: 'Clientes', exact: true }).click();
    await page.waitForURL(/\/clients$/);
    const search = page.getByLabel('Buscar clientes');
    await search.fill('Pão de Queijo');
    await page.waitForURL(/[?&]q=/);

    // Only the match is left once the (debounced, server-side) search has come back.
    await page.waitForFunction(() => {
      const table = document.querySelector('table[aria-label="Clientes"]');
      return table?.getAttribute('aria-busy') === 'false' && table.querySelectorAll('tbody tr').length === 1;
    });
    const row = page
      .getByRole('table', { name: 'Clientes' })
      .getByRole('row', { name: new RegExp(LEGAL_NAME) });
    await row.waitFor();
    expect(await row.textContent()).toContain(CNPJ);

    // The screenshot shows the whole portfolio: clear the search and wait for the grid to fill.
    await search.fill('');
    await page.waitForURL((url) => !url.searchParams.has('q'));
    await page.waitForFunction(
      () => document.querySelectorAll('table[aria-label="Clientes"] tbody tr').length > 1,
      undefined,
      { timeout: 15_000 },
    );
    await page.waitForFunction(() => !document.querySelector('.mantine-Notification-root'), undefined, {
      timeout: 15_000,
    });
    await page.waitForFunction(() => !document.querySelector('table[aria-busy="true"]'));
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  }, 90_000);
});
