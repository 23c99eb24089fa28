/**
 * Browser test of issue #17 item 7 for the forms that came last: the office data (Configurações →
 * Escritório), the channel cards (Mensagens → Canais: e-mail, WhatsApp, SMS) and billing's set-up (the PIX
 * settings, Configurações → Contas bancárias). Each field with a length limit shows a counter read from
 * the shared schema and stops at the limit; a refused value reads as a plain sentence on its field (never
 * a pattern or zod's wording), in Portuguese and English, and nothing is sent to the server. Expects
 * `npm run build`.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginAsDemoAdmin, useE2E } from './harness.js';

/** The error Mantine shows under an input (the element its `aria-describedby` names). */
async function errorOf(input: Locator): Promise<string> {
  await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => input.page().locator(`[id="${id}"]`).textContent()));
  return texts.filter(Boolean).join(' | ');
}

/** An input by its whole label (Mantine adds " *" to required ones). */
const field = (scope: Locator, label: string) =>
  scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`)).first();

/** Nothing of zod's wording or of a regular expression reaches the person. */
const JARGON = /\\d|\[0-9|\^\(|Grande demais|Too big|esperava|expected|Invalid input|regex/;

describe('office, channel and billing forms: counters and plain messages (browser)', () => {
  let page: Page;
  useE2E({ tmpPrefix: 'expediente-e2e-settings-forms-', ptBrBrowser: true }, (e2e) => {
    page = e2e.page;
  });

  /** Counts the requests of `method` to `path` while `act` runs. */
  async function requestsDuring(method: string, path: RegExp, act: () => Promise<void>): Promise<number> {
    let n = 0;
    const count = (req: { method(): string; url(): string }) => {
      if (req.method() === method && path.test(new URL(req.url()).pathname)) n += 1;
    };
    page.on('request', count);
    try {
      await act();
    } finally {
      page.off('request', count);
    }
    return n;
  }

  async function chooseLanguage(lang: 'PT' | 'EN') {
    await page
      .getByRole('radiogroup', { name: /^(Idioma|Language)$/ })
      .first()
      .getByText(lang, { exact: true })
      .click();
  }

  it('logs in', async () => {
    await page.goto('/login');
    await loginAsDemoAdmin(page);
  }, 60_000);

  it('office data: the name stops at 160 with a counter; a bad CNPJ and a short name read plainly', async () => {
    await page.goto('/settings/office');
    await chooseLanguage('PT');
    const form = page.locator('form').filter({ has: page.getByText('Dados do escritório') });
    const name = field(form, 'Nome do escritório');
    await name.fill('');
    await name.pressSequentially('Escritório Contábil Estrela '.repeat(7));
    expect(await name.inputValue()).toHaveLength(160);
    await form.getByText('160/160').waitFor();

    await name.fill('E');
    const cnpj = field(form, 'CNPJ');
    await cnpj.fill('11.222.333/0001-80');
    const sent = await requestsDuring('PATCH', /^\/api\/office$/, async () => {
      await form.getByRole('button', { name: 'Salvar' }).click();
      expect(await errorOf(name)).toContain('Use pelo menos 2 caracteres.');
      expect(await errorOf(cnpj)).toContain('CNPJ inválido.');
    });
    expect(sent).toBe(0);
    expect((await form.textContent()) ?? '').not.toMatch(JARGON);
  }, 60_000);

  it('channel cards, in English: SMS sender stops at 20; a bad address and Meta number ID say what to type', async () => {
    await page.goto('/messages/channels');
    await chooseLanguage('EN');
    const sms = page.getByRole('region', { name: 'SMS' });
    const sender = field(sms, 'Sender');
    await sender.click();
    await sender.pressSequentially('Escritorio Contabil Estrela');
    expect(await sender.inputValue()).toHaveLength(20);
    await sms.getByText('20/20').waitFor();
    const url = field(sms, 'Provider URL');
    await url.fill('sms.provedor.com.br/v1');
    const smsSaves = await requestsDuring('PUT', /^\/api\/channels\/sms$/, async () => {
      await sms.getByRole('button', { name: 'Save' }).click();
      expect(await errorOf(url)).toContain('Enter a full address starting with https:// (or http://).');
    });
    expect(smsSaves).toBe(0);

    const wapp = page.getByRole('region', { name: 'WhatsApp' });
    const numberId = wapp.getByRole('textbox', { name: /^Phone number ID/ });
    await numberId.fill('12ab');
    const version = wapp.getByRole('textbox', { name: /^API version/ });
    await version.fill('21');
    const wappSaves = await requestsDuring('PUT', /^\/api\/channels\/whatsapp$/, async () => {
      await wapp.getByRole('button', { name: 'Save' }).click();
      expect(await errorOf(numberId)).toContain(
        "Use the number's numeric ID from Meta's dashboard (5 to 20 digits).",
      );
      expect(await errorOf(version)).toContain('Use the version in the format v21.0.');
    });
    expect(wappSaves).toBe(0);

    const mail = page.getByRole('region', { name: 'E-mail' });
    await mail.getByText('SMTP server', { exact: true }).click();
    const fromName = field(mail, 'Sender name');
    await fromName.fill('');
    await fromName.pressSequentially('Escritorio Contabil Estrela '.repeat(5));
    expect(await fromName.inputValue()).toHaveLength(120);
    await mail.getByText('120/120').waitFor();
    for (const region of [sms, wapp, mail]) expect((await region.textContent()) ?? '').not.toMatch(JARGON);
    await chooseLanguage('PT');
  }, 90_000);

  it('billing set-up: PIX name stops at 25 and city at 15; a wrong key and a bank agency read plainly', async () => {
    await page.goto('/billing');
    await chooseLanguage('PT');
    await page.getByRole('button', { name: 'Configurações PIX' }).click();
    const dialog = page.getByRole('dialog', { name: 'PIX do escritório' });
    await dialog.waitFor();
    const merchant = field(dialog, 'Nome do recebedor');
    await merchant.fill('');
    await merchant.pressSequentially('Escritório de Contabilidade Estrela do Sul');
    expect(await merchant.inputValue()).toHaveLength(25);
    await dialog.getByText('25/25').waitFor();
    const city = field(dialog, 'Cidade');
    await city.fill('');
    await city.pressSequentially('São José dos Campos');
    expect(await city.inputValue()).toHaveLength(15);
    await dialog.getByText('15/15').waitFor();
    await dialog.getByLabel('Tipo de chave').first().click();
    await page.getByRole('option', { name: 'CPF', exact: true }).click();
    const key = field(dialog, 'Chave PIX');
    await key.fill('111.444.777-36');
    const pixSaves = await requestsDuring('PUT', /^\/api\/billing\/settings$/, async () => {
      await dialog.getByRole('button', { name: 'Salvar' }).click();
      expect(await errorOf(key)).toMatch(/^Chave PIX inválida para o tipo escolhido\./);
    });
    expect(pixSaves).toBe(0);
    expect((await dialog.textContent()) ?? '').not.toMatch(JARGON);
    await dialog.getByRole('button', { name: 'Cancelar' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.goto('/settings/bank-accounts');
    await page.getByRole('button', { name: 'Nova conta' }).click();
    const account = page.getByRole('dialog', { name: 'Nova conta' });
    await account.waitFor();
    const label = field(account, 'Nome da conta');
    await label.pressSequentially('Conta de cobrança principal do Itaú '.repeat(3));
    expect(await label.inputValue()).toHaveLength(80);
    await account.getByText('80/80').waitFor();
    const agency = field(account, 'Agência');
    await agency.fill('12a4');
    const accountSaves = await requestsDuring('POST', /^\/api\/billing\/bank-accounts$/, async () => {
      await account.getByRole('button', { name: 'Salvar' }).click();
      expect(await errorOf(agency)).toContain('Use apenas dígitos.');
    });
    expect(accountSaves).toBe(0);
    expect((await account.textContent()) ?? '').not.toMatch(JARGON);
  }, 90_000);
});
