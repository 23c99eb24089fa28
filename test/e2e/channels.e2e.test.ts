/**
 * Browser test of Mensagens → Canais for WhatsApp and SMS against the real server (web, worker and
 * scheduler in one process): configure WhatsApp against the local Cloud API stand-in, check that the
 * webhook URL and verify token shown answer Meta's handshake, send the test message to a typed number
 * (a number the server refuses is shown on the field), watch it go out as the approved template and turn
 * "Entregue" when the signed status webhook arrives; then the same for SMS against a tiny local provider,
 * and remove the SMS settings. Expects a build (dist/, or E2E_DIST).
 */
import { createHmac } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { dirname } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/pg-cluster.js';
import { startWhatsAppStandIn, type WhatsAppStandIn, webhookBody } from '../support/whatsapp-standin.js';
import { loginAsDemoAdmin, noToasts, screenshotPath, tableRows, useE2E } from './harness.js';

const SCREENSHOT = screenshotPath('channels-whatsapp.png');
const ADMIN_NAME = 'Mariana Costa';
const OFFICE_NAME = 'Escritório Contábil Exemplo';
const SMS_TOKEN = 'sms-token-0123456789';

/** A local SMS provider speaking the documented contract (see test/messaging/sms.test.ts). */
async function startSmsProvider(token: string) {
  const port = await freePort();
  const received: { from: string; to: string; text: string; id: string }[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const reply = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.url !== '/send') return reply(404, { error: 'not found' });
      if (req.headers.authorization !== `Bearer ${token}`) return reply(401, { error: 'invalid token' });
      const id = `sms-${received.length + 1}`;
      received.push({ ...(JSON.parse(raw) as { from: string; to: string; text: string }), id });
      reply(201, { id });
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${port}/send`,
    received,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('Canais: WhatsApp and SMS (browser)', () => {
  let page: Page;
  let wa: WhatsAppStandIn;
  let sms: Awaited<ReturnType<typeof startSmsProvider>>;
  useE2E({ tmpPrefix: 'expediente-e2e-channels-', ptBrBrowser: true }, (e2e) => {
    page = e2e.page;
  });
  beforeAll(async () => {
    wa = await startWhatsAppStandIn();
    sms = await startSmsProvider(SMS_TOKEN);
  });
  afterAll(async () => {
    await wa?.stop();
    await sms?.stop();
  });

  const card = (name: 'WhatsApp' | 'SMS' | 'E-mail') => page.getByRole('region', { name });
  /** An input by its whole label (Mantine adds " *" to required ones). */
  const field = (region: Locator, label: string) =>
    region.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`));
  /** The value of a read-only field shown to be pasted elsewhere (webhook URLs). */
  const shown = (region: Locator, label: string) => field(region, label).inputValue();

  it('opens Canais: WhatsApp and SMS are real cards, not configured yet', async () => {
    await page.goto('/login');
    await loginAsDemoAdmin(page);
    await page.goto('/messages/channels');
    await card('WhatsApp').getByText('Não configurado').waitFor();
    await card('SMS').getByText('Não configurado').waitFor();
    expect(await page.getByRole('main').getByText('Em breve').count()).toBe(0);
    // No test send before the channel is saved.
    expect(
      await card('WhatsApp').getByRole('button', { name: 'Enviar mensagem de teste' }).isDisabled(),
    ).toBe(true);
    expect(await card('SMS').getByRole('button', { name: 'Enviar mensagem de teste' }).isDisabled()).toBe(
      true,
    );
  }, 60_000);

  it('configures WhatsApp against the stand-in; the webhook shown answers the handshake', async () => {
    const wapp = card('WhatsApp');
    // The secrets are required the first time.
    await field(wapp, 'ID do número de telefone').fill(wa.phoneNumberId);
    await wapp.getByRole('button', { name: 'Salvar' }).click();
    await wapp.getByText('Campo obrigatório').first().waitFor();
    expect(await wapp.getByText('Campo obrigatório').count()).toBe(2);
    expect(await field(wapp, 'Token de acesso').getAttribute('aria-invalid')).toBe('true');
    expect(await field(wapp, 'Chave secreta do app').getAttribute('aria-invalid')).toBe('true');

    await field(wapp, 'Token de acesso').fill(wa.token);
    await field(wapp, 'Chave secreta do app').fill(wa.appSecret);
    await field(wapp, 'URL da API').fill(wa.baseUrl);
    const verifyToken = await field(wapp, 'Token de verificação').inputValue();
    expect(verifyToken.length).toBeGreaterThanOrEqual(16); // suggested, random
    expect(await field(wapp, 'Idioma dos modelos').inputValue()).toBe('pt_BR');
    expect(await field(wapp, 'Versão da API').inputValue()).toBe('v21.0');
    await wapp.getByRole('button', { name: 'Salvar' }).click();
    await page.getByText('Configurações do WhatsApp salvas.').waitFor();
    await wapp.getByText('Configurado', { exact: true }).waitFor();

    // Write-only secrets: empty inputs saying they are set.
    expect(await field(wapp, 'Token de acesso').inputValue()).toBe('');
    expect(await field(wapp, 'Token de acesso').getAttribute('placeholder')).toBe('••• configurado');
    expect(await field(wapp, 'Chave secreta do app').getAttribute('placeholder')).toBe('••• configurado');
    expect(await page.content()).not.toContain(wa.token);
    expect(await field(wapp, 'ID do número de telefone').inputValue()).toBe(wa.phoneNumberId);
    expect(await field(wapp, 'Token de verificação').inputValue()).toBe(verifyToken);

    // What Meta is told to call answers its verify-token handshake.
    const callback = await shown(wapp, 'URL de callback');
    expect(callback).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/webhooks\/whatsapp\/[0-9a-f-]{36}$/);
    const handshake = await fetch(
      `${callback}?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(verifyToken)}&hub.challenge=1158201444`,
    );
    expect(handshake.status).toBe(200);
    expect(await handshake.text()).toBe('1158201444');
    expect(
      (await fetch(`${callback}?hub.mode=subscribe&hub.verify_token=wrong-token&hub.challenge=1`)).status,
    ).toBe(403);

    // The copy button is there for the URL.
    await wapp.getByRole('button', { name: 'Copiar URL de callback' }).waitFor();
    // The approved templates Meta must have, with their parameters.
    const test = tableRows(wapp, 'Modelos que a Meta precisa aprovar', 'expediente_teste');
    const cells = await test.getByRole('cell').allTextContents();
    expect(cells).toEqual([
      'expediente_teste',
      'pt_BR',
      '{{1}} = {{ user.name }}\n{{2}} = {{ office.name }}',
      'Mensagem de teste do canal',
    ]);
  }, 60_000);

  it('sends the WhatsApp test message to a typed number and sees it delivered', async () => {
    const wapp = card('WhatsApp');
    const to = field(wapp, 'Número para o teste');
    const send = wapp.getByRole('button', { name: 'Enviar mensagem de teste' });

    // Area code 20 does not exist: the browser lets it through, the server refuses it on the field.
    await to.fill('20987654321');
    expect(await to.inputValue()).toBe('(20) 98765-4321');
    await send.click();
    await wapp.getByText('Telefone inválido. Use DDD e número, por exemplo (11) 98765-4321.').waitFor();
    expect(await to.getAttribute('aria-invalid')).toBe('true');
    expect(wa.sent).toHaveLength(0);

    await to.fill('(11) 98765-4321');
    await send.click();
    const result = wapp.getByTestId('whatsapp-test-result');
    // Outside the 24-hour window: the approved template, with its parameters.
    await result.getByText('Aceita pelo WhatsApp').waitFor({ timeout: 20_000 });
    expect(await to.getAttribute('aria-invalid')).not.toBe('true');
    expect(wa.sent).toHaveLength(1);
    expect(wa.sent[0]).toMatchObject({
      to: '5511987654321',
      type: 'template',
      template: { name: 'expediente_teste', language: 'pt_BR', params: [ADMIN_NAME, OFFICE_NAME] },
    });

    // Meta reports the delivery through the signed webhook: the outcome turns "Entregue".
    const raw = webhookBody(wa.phoneNumberId, {
      statuses: [
        {
          id: wa.sent[0]!.id,
          status: 'delivered',
          timestamp: String(Math.floor(Date.now() / 1000)),
          recipient_id: '5511987654321',
        },
      ],
    });
    const callback = await shown(wapp, 'URL de callback');
    const unsigned = await fetch(callback, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=00' },
      body: raw,
    });
    expect(unsigned.status).toBe(403);
    const hook = await fetch(callback, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': wa.sign(raw) },
      body: raw,
    });
    expect(hook.status).toBe(200);
    await result.getByText('Entregue no número informado.').waitFor({ timeout: 15_000 });
    expect(await result.getAttribute('data-status')).toBe('delivered');

    // The whole card, without the fixed header over it: a viewport as tall as the card.
    await noToasts(page);
    const box = (await wapp.boundingBox())!;
    await page.setViewportSize({ width: 1280, height: Math.ceil(box.height) + 200 });
    // Its top just under the fixed header.
    await wapp.evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 76));
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    await page.setViewportSize({ width: 1280, height: 800 });

    // The outbox has it too, delivered, to the typed address.
    await result.getByRole('link', { name: 'Ver na Caixa de saída' }).click();
    const drawer = page.getByRole('dialog', { name: 'Mensagem' });
    await drawer.waitFor();
    await drawer.getByText('Entregue').first().waitFor();
    expect(await drawer.textContent()).toContain(wa.sent[0]!.id);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  }, 90_000);

  it('configures SMS against a local provider, sends the test and sees it delivered', async () => {
    await page.goto('/messages/channels');
    const box = card('SMS');
    await box.getByText('Não configurado').waitFor();
    await field(box, 'URL do provedor').fill('ftp://sms.example');
    await field(box, 'Token').fill(SMS_TOKEN);
    await field(box, 'Remetente').fill('ESCRITORIO');
    await box.getByRole('button', { name: 'Salvar' }).click();
    await box.getByText('Informe um endereço completo que comece com https:// (ou http://).').waitFor();
    await field(box, 'URL do provedor').fill(sms.url);
    await box.getByRole('button', { name: 'Salvar' }).click();
    await page.getByText('Configurações de SMS salvas.').waitFor();
    await box.getByText('Configurado', { exact: true }).waitFor();
    expect(await field(box, 'Token').getAttribute('placeholder')).toBe('••• configurado');
    expect(await field(box, 'URL do provedor').inputValue()).toBe(sms.url);

    const to = field(box, 'Número para o teste');
    const send = box.getByRole('button', { name: 'Enviar mensagem de teste' });
    // A landline is a valid phone, but SMS needs a mobile: refused by the server, on the field.
    await to.fill('(11) 3333-4444');
    await send.click();
    await box.getByText('Informe um celular: SMS não chega a telefone fixo.').waitFor();
    expect(await to.getAttribute('aria-invalid')).toBe('true');

    await to.fill('(21) 99876-5432');
    await send.click();
    const result = box.getByTestId('sms-test-result');
    await result.getByText('Aceita pelo provedor de SMS').waitFor({ timeout: 20_000 });
    expect(sms.received).toHaveLength(1);
    expect(sms.received[0]).toMatchObject({ from: 'ESCRITORIO', to: '+5521998765432' });
    expect(sms.received[0]!.text).toContain(`Olá, ${ADMIN_NAME}!`);
    expect(sms.received[0]!.text).toContain(OFFICE_NAME);

    // The provider's delivery report, signed with the token, at the URL shown.
    const reports = await shown(box, 'URL dos relatórios de entrega');
    expect(reports).toMatch(/\/api\/webhooks\/sms\/[0-9a-f-]{36}$/);
    const raw = JSON.stringify({ id: sms.received[0]!.id, status: 'delivered' });
    const report = await fetch(reports, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature': `sha256=${createHmac('sha256', SMS_TOKEN).update(raw).digest('hex')}`,
      },
      body: raw,
    });
    expect(report.status).toBe(200);
    await result.getByText('Entregue no número informado.').waitFor({ timeout: 15_000 });
  }, 90_000);

  it('removes the SMS settings: the channel is off again', async () => {
    const box = card('SMS');
    await box.getByRole('button', { name: 'Remover configuração' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remover configuração de SMS' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Remover configuração' }).click();
    await page.getByText('SMS desativado').waitFor();
    await box.getByText('Não configurado').waitFor();
    expect(await field(box, 'URL do provedor').inputValue()).toBe('');
    expect(await box.getByRole('button', { name: 'Enviar mensagem de teste' }).isDisabled()).toBe(true);
    // WhatsApp is untouched.
    await card('WhatsApp').getByText('Configurado', { exact: true }).waitFor();
  }, 60_000);
});
