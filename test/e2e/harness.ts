/**
 * What the browser tests share: the real server (`node dist/server/main.js start`, web, worker and scheduler
 * in one process) on a free port with a throwaway DATA_DIR, a headless Debian chromium with a pt-BR,
 * America/Sao_Paulo context, the demo administrator's login and a few page helpers. Expects `npm run build`
 * to have produced dist/server and dist/web.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from '../support/pg-cluster.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * The build the browser tests run: `dist/` by default; `E2E_DIST` points at another one, so that several
 * people can build and test side by side (e.g. `.tmp/alice/dist`, made with `npm run build:to -- .tmp/alice/dist`).
 */
const DIST = process.env.E2E_DIST ? resolve(ROOT, process.env.E2E_DIST) : join(ROOT, 'dist');
const SERVER_ENTRY = join(DIST, 'server/main.js');
const CHROMIUM = '/usr/bin/chromium';

export const ADMIN_EMAIL = 'admin@demo.expediente.app';
export const ADMIN_PASSWORD = 'expediente-demo';

/** Where a test's screenshot goes: docs/screenshots/<name>. */
export function screenshotPath(name: string): string {
  return join(ROOT, 'docs/screenshots', name);
}

export interface E2E {
  baseUrl: string;
  /** The server's DATA_DIR (its SQLite database), for a test that prepares data beside the demo office. */
  dataDir: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Closes the browser, stops the server (SIGTERM, SIGKILL after 5 s) and removes the data directory. */
  stop(): Promise<void>;
}

export interface E2EOptions {
  /** Prefix of the temporary DATA_DIR. */
  tmpPrefix: string;
  /** Start chromium itself in pt-BR, so native date and time inputs read dd/mm/aaaa and 24 h. */
  ptBrBrowser?: boolean;
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

/** Starts the server and a browser page on it; whatever was started is stopped again if a step fails. */
export async function startE2E(options: E2EOptions): Promise<E2E> {
  if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run npm run build first`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install chromium`);

  let server: ChildProcess | undefined;
  let dataDir: string | undefined;
  let browser: Browser | undefined;

  const stop = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server?.once('exit', r));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server?.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };

  try {
    dataDir = await mkdtemp(join(tmpdir(), options.tmpPrefix));
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;

    let output = '';
    const child = spawn(process.execPath, [SERVER_ENTRY, 'start'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = child;
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    await waitForHealth(baseUrl, child, () => output);

    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
    const launched = await chromium.launch(
      options.ptBrBrowser
        ? {
            executablePath: CHROMIUM,
            args: [...args, '--lang=pt-BR'],
            env: { ...process.env, LANG: 'pt_BR.UTF-8', LANGUAGE: 'pt_BR:pt' },
          }
        : { executablePath: CHROMIUM, args },
    );
    browser = launched;
    const context = await launched.newContext({
      baseURL: baseUrl,
      viewport: { width: 1280, height: 800 },
      locale: 'pt-BR',
      timezoneId: 'America/Sao_Paulo',
    });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    return { baseUrl, dataDir, browser: launched, context, page, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Registers the suite's hooks: startE2E before all its tests (90 s), handing the result to `started`, and
 * stop after all (30 s).
 */
export function useE2E(options: E2EOptions, started: (e2e: E2E) => void): void {
  let e2e: E2E | undefined;
  beforeAll(async () => {
    e2e = await startE2E(options);
    started(e2e);
  }, 90_000);
  afterAll(async () => {
    await e2e?.stop();
  }, 30_000);
}

/**
 * A client's contact opening `url` (a portal link) on a 390×844 touch phone, in pt-BR and São Paulo time:
 * the phone's browser context (close it when done) and its page, on that link.
 */
export async function openOnPhone(e2e: Pick<E2E, 'browser' | 'baseUrl'>, url: string) {
  const phone = await e2e.browser.newContext({
    baseURL: e2e.baseUrl,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
  });
  const mobile = await phone.newPage();
  await mobile.goto(new URL(url).pathname);
  return { phone, mobile };
}

/** Signs in as the demo administrator from the login form the page is on, and waits for the landing page. */
export async function loginAsDemoAdmin(page: Page): Promise<void> {
  await page.getByLabel('E-mail').fill(ADMIN_EMAIL);
  await page.getByLabel('Senha').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL(/\/clients$/);
}

/** The rows of the table named `table` (inside `scope`: the page or a dialog) that contain `text`. */
export function tableRows(scope: Page | Locator, table: string, text: string): Locator {
  return scope.getByRole('table', { name: table }).getByRole('row').filter({ hasText: text });
}

/** The app's main navigation. */
export function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Navegação principal' });
}

/** Waits until no notification toast is on screen (before a screenshot). */
export function noToasts(page: Page) {
  return page.waitForFunction(() => !document.querySelector('.mantine-Notification-root'), undefined, {
    timeout: 15_000,
  });
}

/**
 * Runs `fn` on the running server's own database (its DATA_DIR, or DATABASE_URL as the server got it), with
 * a context good for the modules' functions: to prepare data the screens cannot make (a new office, what a
 * routine imported). Closed again afterwards.
 */
export async function withServerDatabase<T>(
  dataDir: string,
  fn: (ctx: import('../../src/server/context.js').AppContext) => Promise<T>,
): Promise<T> {
  const { loadConfig } = await import('../../src/server/config.js');
  const { openDatabase } = await import('../../src/server/db/database.js');
  const { createLogger } = await import('../../src/server/logger.js');
  const { systemClock } = await import('../../src/server/clock.js');
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const handle = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await fn({
      db: handle.db,
      dialect: handle.dialect,
      clock: systemClock,
      config,
      log: createLogger(config),
    });
  } finally {
    await handle.destroy();
  }
}
