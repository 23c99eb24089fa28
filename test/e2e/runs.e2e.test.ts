/**
 * Browser test of Execuções against the real server (web, worker and scheduler in one process): run
 * "Verificar cadastro de clientes" now, watch it reach Concluída, read its summary and log, get the
 * notification; then create a monthly schedule on the 5th business day with the schedule editor and its
 * live preview. Expects `npm run build` to have produced dist/server and dist/web.
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
const SCREENSHOT = join(ROOT, 'docs/screenshots/runs.png');
const CHROMIUM = '/usr/bin/chromium';

const ADMIN_EMAIL = 'admin@demo.expediente.app';
const ADMIN_PASSWORD = 'expediente-demo';

const KIND_TITLE = 'Verificar cadastro de clientes';
const SCHEDULE_NAME = 'Conferência mensal';

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

describe('Execuções (browser)', () => {
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

    dataDir = await mkdtemp(join(tmpdir(), 'expediente-e2e-runs-'));
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
      // Native date and time inputs follow the browser's own language: dd/mm/aaaa and 24 h in pt-BR.
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

  it('logs in and opens Execuções', async () => {
    await page.goto('/login');
    await page.getByLabel('E-mail').fill(ADMIN_EMAIL);
    await page.getByLabel('Senha').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL(/\/clients$/);

    await nav().getByRole('link', { name: 'Execuções' }).click();
    await page.waitForURL(/\/runs$/);
    await page.getByRole('heading', { name: 'Execuções', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Execuções' }).waitFor();
    // Nothing has run yet, and nothing has been said.
    await page.getByText('Nenhuma execução ainda').waitFor();
    await page.getByRole('button', { name: 'Notificações', exact: true }).waitFor();
  }, 60_000);

  it('runs "Verificar cadastro de clientes" now and follows it to Concluída', async () => {
    await page.getByRole('button', { name: 'Executar' }).click();
    const dialog = page.getByRole('dialog', { name: 'Executar' });
    await dialog.waitFor();

    await dialog.getByRole('combobox', { name: 'Tarefa' }).click();
    await page.getByRole('option', { name: KIND_TITLE }).click();
    await dialog.getByText('Agora', { exact: true }).click();
    expect(await dialog.getByRole('combobox', { name: 'Servidor' }).inputValue()).toMatch(/^default/);
    await dialog.getByRole('button', { name: 'Executar' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The grid polls while the run is live; it must reach Concluída within 20 s.
    const row = page
      .getByRole('table', { name: 'Execuções' })
      .getByRole('row')
      .filter({ hasText: KIND_TITLE });
    await row.first().waitFor();
    await row.first().getByText('Concluída').waitFor({ timeout: 20_000 });
    const text = (await row.first().textContent()) ?? '';
    expect(text).toContain('Mariana Costa');
    expect(text).toContain('default');
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
  }, 60_000);

  it('shows the run: summary, log lines, and the notification in the bell', async () => {
    await page
      .getByRole('table', { name: 'Execuções' })
      .getByRole('link', { name: new RegExp(`Abrir execução ${KIND_TITLE}`) })
      .first()
      .click();
    await page.waitForURL(/\/runs\/[^/]+$/);
    await page.getByRole('heading', { name: KIND_TITLE, level: 1 }).waitFor();

    const summary = page.getByTestId('run-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('clientes verificados');

    const logRows = page.getByRole('table', { name: 'Registros' }).locator('tbody tr');
    await logRows.first().waitFor();
    expect(await logRows.count()).toBeGreaterThanOrEqual(1);

    // A finished run cannot be cancelled; a succeeded one is not retried.
    expect(await page.getByRole('button', { name: 'Cancelar' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Repetir' }).count()).toBe(0);

    // The run notified its requester.
    const bell = page.getByRole('button', { name: 'Notificações: 1 não lida' });
    await bell.waitFor({ timeout: 20_000 });

    await noToasts();
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    await bell.click();
    await page.getByRole('menuitem', { name: /Execução concluída/ }).waitFor();
    await page.keyboard.press('Escape');
  }, 60_000);

  it('creates a monthly schedule on the 5th business day with a live preview', async () => {
    await nav().getByRole('link', { name: 'Execuções' }).click();
    await page.waitForURL(/\/runs$/);
    await page.getByRole('tab', { name: 'Agendas' }).click();
    await page.waitForURL(/\/runs\/schedules$/);
    await page.getByText('Nenhuma agenda automática').waitFor();

    await page.getByRole('button', { name: 'Nova agenda' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Nova agenda' });
    await dialog.waitFor();

    await dialog.getByLabel('Nome').fill(SCHEDULE_NAME);
    const kind = dialog.getByRole('combobox', { name: 'Tarefa' });
    if ((await kind.inputValue()) !== KIND_TITLE) {
      await kind.click();
      await page.getByRole('option', { name: KIND_TITLE }).click();
    }

    await dialog.getByRole('switch', { name: 'Agenda automática' }).check({ force: true });
    await dialog.getByText('Mensal', { exact: true }).click();
    await dialog.getByText('Nº dia útil', { exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Dia útil nº' }).fill('5');
    await dialog.getByRole('textbox', { name: 'Hora 1' }).fill('09:00');

    // The server's preview: ten dates, dd/mm/aaaa (weekday) 09:00, none on a weekend.
    const preview = dialog.getByRole('list', { name: 'Próximas execuções' });
    await page.waitForFunction(
      () => {
        const list = document.querySelector('[role="dialog"] ol[aria-label="Próximas execuções"]');
        const items = list ? [...list.querySelectorAll('li')].map((li) => li.textContent ?? '') : [];
        return items.length === 10 && items.every((x) => x.endsWith('09:00'));
      },
      undefined,
      { timeout: 15_000 },
    );
    const dates = await preview.getByRole('listitem').allTextContents();
    expect(dates).toHaveLength(10);
    for (const d of dates) {
      expect(d).toMatch(/^\d{2}\/\d{2}\/\d{4} \((seg|ter|qua|qui|sex)\) 09:00$/);
    }

    await dialog.getByRole('button', { name: 'Salvar' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page
      .getByRole('table', { name: 'Agendas' })
      .getByRole('row')
      .filter({ hasText: SCHEDULE_NAME });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Ativa');
    expect(text).toContain('Todo 5º dia útil do mês às 09:00');
    expect(text).toContain(KIND_TITLE);
  }, 60_000);
});
