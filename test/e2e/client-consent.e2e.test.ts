/**
 * Browser test of a client's consent against the real server: tick the WhatsApp opt-in on the client form,
 * save, see it on the client's page, reopen the form and find it kept; untick it and see that kept too.
 * Expects a build (`npm run build`, or `E2E_DIST`).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginAsDemoAdmin, useE2E } from './harness.js';

const LEGAL_NAME = 'Mercearia Consentimento Ltda';
const CNPJ = '11.222.333/0001-81';
const OPT_IN = 'Autoriza mensagens por WhatsApp (opt-in)';
const OPT_OUT = 'Não receber e-mails informativos (opt-out)';

describe('Consentimento do cliente (browser)', () => {
  let page: Page;
  useE2E({ tmpPrefix: 'expediente-e2e-consent-' }, (e2e) => {
    page = e2e.page;
  });

  const onClientPage = () =>
    page.waitForURL((url) => /^\/clients\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'));
  const clientId = () => new URL(page.url()).pathname.split('/')[2]!;
  const flags = async (id: string) =>
    (await (await page.request.get(`/api/clients/${id}`)).json()) as {
      whatsappOptIn: boolean;
      emailOptOut: boolean;
    };

  it('ticks the WhatsApp opt-in on a new client, saves, and finds it kept when reopening', async () => {
    await page.goto('/clients');
    await page.waitForURL(/\/login/);
    await loginAsDemoAdmin(page);
    await page.getByRole('link', { name: 'Novo cliente' }).first().click();
    await page.waitForURL(/\/clients\/new$/);

    await page.getByLabel('Razão social').fill(LEGAL_NAME);
    await page.getByLabel('CNPJ/CPF').fill(CNPJ);
    await page.getByLabel('WhatsApp', { exact: true }).fill('(11) 98765-4321');
    const optIn = page.getByRole('checkbox', { name: OPT_IN });
    const optOut = page.getByRole('checkbox', { name: OPT_OUT });
    // Consent is never presumed.
    expect(await optIn.isChecked()).toBe(false);
    expect(await optOut.isChecked()).toBe(false);
    await optIn.check();
    await page.getByRole('button', { name: 'Salvar' }).click();

    await onClientPage();
    await page.getByRole('heading', { name: LEGAL_NAME, level: 1 }).waitFor();
    await page.getByText('Autoriza WhatsApp', { exact: true }).waitFor();
    await page.getByText('Recebe e-mails informativos', { exact: true }).waitFor();
    const id = clientId();
    expect(await flags(id)).toMatchObject({ whatsappOptIn: true, emailOptOut: false });

    // Reopen the form: the box is still ticked.
    await page.getByRole('link', { name: 'Editar' }).first().click();
    await page.waitForURL(/\/clients\/[^/]+\/edit$/);
    await page.getByLabel('Razão social').waitFor();
    expect(await page.getByLabel('Razão social').inputValue()).toBe(LEGAL_NAME);
    expect(await page.getByRole('checkbox', { name: OPT_IN }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: OPT_OUT }).isChecked()).toBe(false);
  }, 90_000);

  it('unticks it and ticks the e-mail opt-out; both are kept', async () => {
    await page.getByRole('checkbox', { name: OPT_IN }).uncheck();
    await page.getByRole('checkbox', { name: OPT_OUT }).check();
    await page.getByRole('button', { name: 'Salvar' }).click();
    await onClientPage();
    await page.getByText('Não autorizou WhatsApp', { exact: true }).waitFor();
    await page.getByText('Não recebe e-mails informativos', { exact: true }).waitFor();
    expect(await flags(clientId())).toMatchObject({ whatsappOptIn: false, emailOptOut: true });

    await page.reload();
    await page.getByRole('link', { name: 'Editar' }).first().click();
    await page.waitForURL(/\/clients\/[^/]+\/edit$/);
    await page.getByLabel('Razão social').waitFor();
    expect(await page.getByRole('checkbox', { name: OPT_IN }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: OPT_OUT }).isChecked()).toBe(true);
  }, 90_000);
});
