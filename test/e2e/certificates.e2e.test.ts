/**
 * Browser test of a client's Certificados and Certidões tabs on the demo office: the demo's certificates
 * with their badges; an A1 upload that first fails with a wrong password, then shows what it read and is
 * saved; a certidão with its PDF, downloaded back.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { makePfx, tinyPdf } from '../certificates/helpers.js';
import { loginAsDemoAdmin, noToasts, screenshotPath, useE2E } from './harness.js';

const PASSWORD = 'senha-do-certificado';

describe('Certificados e certidões (browser)', () => {
  let page: Page;
  let dir: string;
  let client: { id: string; legalName: string; document: string };
  useE2E({ tmpPrefix: 'expediente-e2e-cert-' }, (e2e) => {
    page = e2e.page;
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows the demo client’s certificates with their state', async () => {
    dir = await mkdtemp(join(tmpdir(), 'expediente-e2e-files-'));
    await page.goto('/login');
    await loginAsDemoAdmin(page);
    const res = await page.request.get('/api/clients', { params: { pageSize: 100, status: 'active' } });
    const clients = (await res.json()).items as {
      id: string;
      legalName: string;
      document: string;
      documentKind: string;
    }[];
    client = clients.find((c) => c.documentKind === 'cnpj' && /^\d+$/.test(c.document))!;
    await page.goto(`/clients/${client.id}?tab=certificates`);
    await page.getByRole('tab', { name: 'Certificados' }).waitFor();
    await page.getByRole('heading', { name: 'Certificados digitais' }).waitFor();
  }, 60_000);

  it('refuses a wrong password, then reads and saves an A1', async () => {
    const file = join(dir, 'empresa.pfx');
    await writeFile(
      file,
      makePfx({
        holder: client.legalName.toUpperCase(),
        document: client.document,
        notAfter: '2027-09-30T15:00:00Z',
        password: PASSWORD,
      }),
    );
    await page.getByRole('button', { name: 'Enviar A1 (.pfx)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Enviar certificado A1' });
    await dialog.locator('input[type=file]').setInputFiles(file);
    await dialog.getByLabel('Senha do certificado').fill('errada');
    await dialog.getByRole('button', { name: 'Ler certificado' }).click();
    await dialog.getByText('Senha do certificado incorreta.').waitFor();

    await dialog.getByLabel('Senha do certificado').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Ler certificado' }).click();
    await dialog.getByText('Dados lidos do certificado').waitFor();
    await dialog.getByText('AC Teste Expediente v5').waitFor();
    await dialog.getByText('30/09/2027').waitFor();
    await dialog.getByRole('button', { name: 'Salvar certificado' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const table = page.getByRole('table', { name: 'Certificados digitais' });
    await table.getByText('até 30/09/2027').waitFor();
    const saved = await page.request.get(`/api/clients/${client.id}/certificates`);
    const items = (await saved.json()).items as { expiresOn: string; documentCheck: string; kind: string }[];
    expect(items.find((c) => c.expiresOn === '2027-09-30')).toMatchObject({
      kind: 'a1',
      documentCheck: 'match',
    });
    await noToasts(page);
    const shot = screenshotPath('certificates.png');
    await mkdir(dirname(shot), { recursive: true });
    await page.screenshot({ path: shot, fullPage: true });
  }, 60_000);

  it('registers a certidão with its PDF and serves it back', async () => {
    await page.getByRole('tab', { name: 'Certidões' }).click();
    await page.getByRole('heading', { name: 'Certidões negativas' }).waitFor();
    await page.getByRole('button', { name: 'Cadastrar CRF — FGTS' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nova certidão' });
    await dialog.getByLabel('Emissão').fill('20/11/2026');
    await dialog.getByLabel('Validade').fill('19/12/2026');
    const pdf = join(dir, 'crf.pdf');
    await writeFile(pdf, tinyPdf('CRF'));
    await dialog.locator('input[type=file]').setInputFiles(pdf);
    await dialog.getByRole('button', { name: 'Salvar' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const history = page.getByRole('table', { name: 'Todas as certidões' });
    await history.getByText('19/12/2026').waitFor();
    const link = history.getByRole('link', { name: 'Baixar crf.pdf' });
    const href = await link.getAttribute('href');
    const download = await page.request.get(href!);
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await noToasts(page);
    await page.screenshot({ path: screenshotPath('certidoes.png'), fullPage: true });
  }, 60_000);
});
