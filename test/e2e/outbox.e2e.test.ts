/**
 * Browser test of the Caixa de saída against the real server (web, worker and scheduler in one process),
 * the office's e-mail going to a local SMTP server that can be told to refuse: messages with different
 * causes and clients are made through the product (the channel test e-mail, Notificar on tickets); the
 * outbox is filtered by cause and by client (the picker), each kept in the URL; a failed message is opened
 * and sent again, and arrives; a queued one is cancelled and never arrives; the client's Comunicações tab
 * lists its messages with their statuses. Expects a build (dist/, or E2E_DIST).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type TestSmtp } from '../support/smtp.js';
import { ADMIN_EMAIL, loginAsDemoAdmin, screenshotPath, useE2E } from './harness.js';
import { apiOk } from './support/api.js';

interface Msg {
  id: string;
  status: string;
  attempts: number;
  error: string | null;
  clientId: string | null;
  causeKind: string;
}

/** Polls the message until `done` holds (deliveries are background jobs). */
async function waitForMessage(page: Page, id: string, done: (m: Msg) => boolean, what: string) {
  const deadline = Date.now() + 25_000;
  let last: Msg | undefined;
  while (Date.now() < deadline) {
    last = (await apiOk(page, 'GET', `/api/messages/${id}`)) as Msg;
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`message ${id} never became ${what}: ${JSON.stringify(last)}`);
}

describe('Caixa de saída: filters, retry, cancel, Comunicações (browser)', () => {
  let page: Page;
  let smtp: TestSmtp;
  useE2E({ tmpPrefix: 'expediente-e2e-outbox-', ptBrBrowser: true }, (e2e) => {
    page = e2e.page;
  });
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp?.stop();
  });

  /** Two demo clients with e-mail: the first gets one sent message, the second a failed and a queued one. */
  const one = { id: '', name: '' };
  const two = { id: '', name: '' };
  const ids = { manual: '', sentOne: '', failedTwo: '', queuedTwo: '' };
  let queuedAttempts = 0;

  const outbox = () => page.getByRole('table', { name: 'Caixa de saída' });
  /** The message ids of the outbox's rows, once the list has settled on `expected` rows. */
  const rowIds = async (expected: number) => {
    const rows = outbox().locator('tbody tr[data-message-id]');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(expected);
    return (
      await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-message-id') ?? ''))
    ).sort();
  };
  /** The ids the API lists for a query: what the screen must show. */
  const apiIds = async (query: string) =>
    ((await apiOk(page, 'GET', `/api/messages?${query}`)).items as Msg[]).map((m) => m.id).sort();
  const received = () => smtp.received.map((m) => m.messageId);
  const choose = async (label: string, option: string, type?: string) => {
    const box = page.getByRole('combobox', { name: label, exact: true });
    await box.click();
    if (type !== undefined) await box.fill(type);
    await page.getByRole('option', { name: option }).first().click();
  };

  it('makes messages through the product: sent, failed and queued, with different causes and clients', async () => {
    await page.goto('/login');
    await loginAsDemoAdmin(page);
    await apiOk(page, 'PUT', '/api/channels/email', {
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      user: 'escritorio',
      password: 'senha-smtp-secreta',
      fromName: 'Escritório Contábil Exemplo',
      fromAddress: 'contato@exemplo.com.br',
    });
    const clients = (await apiOk(page, 'GET', '/api/clients?pageSize=50&status=active&sort=legalName'))
      .items as { id: string; legalName: string; emails: string[] }[];
    const withEmail = clients.filter((c) => c.emails.length > 0);
    expect(withEmail.length).toBeGreaterThanOrEqual(2);
    Object.assign(one, { id: withEmail[0]!.id, name: withEmail[0]!.legalName });
    Object.assign(two, { id: withEmail[1]!.id, name: withEmail[1]!.legalName });
    const openTicket = async (clientId: string, subject: string): Promise<string> =>
      (await apiOk(page, 'POST', '/api/tickets', { clientId, subject })).id;

    // Sent: the channel test e-mail (manual, to the admin) and Notificar on a ticket of client one.
    ids.manual = (await apiOk(page, 'POST', '/api/channels/email/test')).messageId;
    const ticketOne = await openTicket(one.id, 'Abertura de filial');
    ids.sentOne = (await apiOk(page, 'POST', `/api/tickets/${ticketOne}/notify`)).email.messageId;
    await waitForMessage(page, ids.manual, (m) => m.status === 'sent', 'sent');
    await waitForMessage(page, ids.sentOne, (m) => m.status === 'sent', 'sent');

    // Failed: the mail server refuses the message for good (550).
    smtp.refuseWith = 550;
    const ticketTwo = await openTicket(two.id, 'Alteração contratual');
    ids.failedTwo = (await apiOk(page, 'POST', `/api/tickets/${ticketTwo}/notify`)).email.messageId;
    await waitForMessage(page, ids.failedTwo, (m) => m.status === 'failed', 'failed');

    // Queued: the server asks to try later (451); the message waits for its next attempt.
    smtp.refuseWith = 451;
    ids.queuedTwo = (await apiOk(page, 'POST', `/api/tickets/${ticketTwo}/notify`)).email.messageId;
    await waitForMessage(
      page,
      ids.queuedTwo,
      (m) => m.status === 'queued' && m.attempts >= 1 && (m.error ?? '').includes('451'),
      'queued after a 451',
    );
    expect(new Set(Object.values(ids)).size).toBe(4);
  }, 90_000);

  it('filters the outbox by cause, kept in the URL', async () => {
    await page.goto('/messages');
    await outbox().waitFor();
    await choose('Causa', 'Atendimento');
    await page.waitForURL(/[?&]cause=ticket/);
    const tickets = await rowIds((await apiIds('cause=ticket')).length);
    expect(tickets).toEqual(await apiIds('cause=ticket'));
    expect(tickets.length).toBeLessThan((await apiIds('')).length);
    expect(tickets).toEqual(expect.arrayContaining([ids.sentOne, ids.failedTwo, ids.queuedTwo]));
    expect(tickets).not.toContain(ids.manual);
    // The Causa column (the fifth) names the cause.
    for (const row of await outbox().locator('tbody tr').all()) {
      expect(await row.locator('td').nth(4).textContent()).toBe('Atendimento');
    }
    await page.screenshot({ path: screenshotPath('outbox.png') });

    await choose('Causa', 'Manual');
    await page.waitForURL(/[?&]cause=manual/);
    const manual = await rowIds((await apiIds('cause=manual')).length);
    expect(manual).toEqual(await apiIds('cause=manual'));
    expect(manual).toContain(ids.manual);
    expect(manual).not.toContain(ids.sentOne);
    const row = outbox().locator(`tr[data-message-id="${ids.manual}"]`);
    expect(await row.textContent()).toContain(ADMIN_EMAIL);
    expect(await row.textContent()).toContain('Enviada');

    // A reload keeps the filter.
    await page.reload();
    await outbox().waitFor();
    expect(await page.getByRole('combobox', { name: 'Causa', exact: true }).inputValue()).toBe('Manual');
    expect(await rowIds(manual.length)).toEqual(manual);
  }, 60_000);

  it('filters by client with the picker, combined with the cause; Limpar filtros clears both', async () => {
    await choose('Causa', 'Atendimento');
    await page.waitForURL(/[?&]cause=ticket/);
    await choose('Cliente', two.name, two.name.slice(0, 12));
    await page.waitForURL(new RegExp(`[?&]clientId=${two.id}`));
    expect(page.url()).toContain('cause=ticket');
    const rows = await rowIds(2);
    expect(rows).toEqual([ids.failedTwo, ids.queuedTwo].sort());
    expect(await page.getByRole('combobox', { name: 'Cliente', exact: true }).inputValue()).toBe(two.name);

    // Client alone: client one's ticket message is there, client two's are not.
    await choose('Cliente', one.name, one.name.slice(0, 12));
    await page.waitForURL(new RegExp(`[?&]clientId=${one.id}`));
    const ofOne = await rowIds((await apiIds(`cause=ticket&clientId=${one.id}`)).length);
    expect(ofOne).toEqual(await apiIds(`cause=ticket&clientId=${one.id}`));
    expect(ofOne).toContain(ids.sentOne);
    expect(ofOne).not.toContain(ids.failedTwo);

    await page.getByRole('button', { name: 'Limpar filtros' }).click();
    await page.waitForURL((url) => !url.search.includes('clientId') && !url.search.includes('cause'));
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Cliente', exact: true }).inputValue())
      .toBe('');
    const all = await apiIds('pageSize=25');
    expect(all).toEqual(expect.arrayContaining([ids.manual, ids.sentOne, ids.failedTwo, ids.queuedTwo]));
    expect(await rowIds(all.length)).toEqual(all);
  }, 60_000);

  it('cancels the queued message from its drawer', async () => {
    await page.goto(`/messages?clientId=${two.id}`);
    await rowIds(2);
    await outbox().locator(`tr[data-message-id="${ids.queuedTwo}"]`).click();
    const drawer = page.getByRole('dialog', { name: 'Mensagem' });
    await drawer.waitFor();
    await drawer.getByText('Na fila').waitFor();
    expect(await drawer.getByRole('button', { name: 'Reenviar' }).count()).toBe(0);
    await drawer.getByRole('button', { name: 'Cancelar', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Cancelar envio' });
    await confirm.getByRole('button', { name: 'Cancelar envio' }).click();
    await page.getByText('Envio cancelado.').waitFor();
    await drawer.getByText('Cancelada').waitFor();
    expect(await drawer.getByRole('button', { name: 'Cancelar', exact: true }).count()).toBe(0);
    const cancelled = (await apiOk(page, 'GET', `/api/messages/${ids.queuedTwo}`)) as Msg;
    expect(cancelled.status).toBe('cancelled');
    queuedAttempts = cancelled.attempts;
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await outbox().locator(`tr[data-message-id="${ids.queuedTwo}"]`).getByText('Cancelada').waitFor();
  }, 60_000);

  it('opens the failed message and sends it again: it arrives', async () => {
    smtp.refuseWith = null;
    const row = outbox().locator(`tr[data-message-id="${ids.failedTwo}"]`);
    expect(await row.textContent()).toContain('Falhou');
    expect(await row.textContent()).toContain('550');
    await row.click();
    const drawer = page.getByRole('dialog', { name: 'Mensagem' });
    await drawer.waitFor();
    await drawer.getByText('Falhou').first().waitFor();
    expect(await drawer.getByRole('button', { name: 'Cancelar', exact: true }).count()).toBe(0);
    await drawer.getByRole('button', { name: 'Reenviar' }).click();
    const confirm = page.getByRole('dialog', { name: 'Reenviar mensagem' });
    await confirm.getByRole('button', { name: 'Reenviar' }).click();
    await page.getByText('Mensagem enviada novamente para a fila.').waitFor();
    // The drawer follows the delivery until it ends.
    await drawer.getByText('Enviada', { exact: true }).waitFor({ timeout: 20_000 });
    expect(await drawer.getByRole('button', { name: 'Reenviar' }).count()).toBe(0);
    expect(received()).toContain(`<${ids.failedTwo}@expediente>`);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  }, 60_000);

  it("lists the client's messages with their statuses in its Comunicações tab", async () => {
    await page.goto(`/clients/${two.id}`);
    await page.getByRole('tab', { name: 'Comunicações' }).click();
    await page.waitForURL(/[?&]tab=communications/);
    const table = page.getByRole('table', { name: 'Comunicações' });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    const expected = (await apiOk(page, 'GET', `/api/messages?clientId=${two.id}&pageSize=20`))
      .items as Msg[];
    expect(expected.map((m) => m.id).sort()).toEqual([ids.failedTwo, ids.queuedTwo].sort());
    await expect.poll(() => rows.count()).toBe(2);
    const statuses = (await rows.allTextContents()).map((text) =>
      ['Enviada', 'Cancelada', 'Falhou', 'Na fila'].find((s) => text.includes(s)),
    );
    expect(statuses.sort()).toEqual(['Cancelada', 'Enviada']);

    // "Ver na Caixa de saída" opens the outbox filtered by the client, its name in the picker.
    await page.getByRole('link', { name: 'Ver na Caixa de saída' }).click();
    await page.waitForURL(new RegExp(`/messages\\?clientId=${two.id}`));
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Cliente', exact: true }).inputValue())
      .toBe(two.name);
    expect(await rowIds(2)).toEqual([ids.failedTwo, ids.queuedTwo].sort());
  }, 60_000);

  it('the cancelled message never went out, even after its pending attempt came due', async () => {
    // Its next attempt was due at most 10 s × 2^(attempts − 1) after the last failure (the job's backoff).
    await new Promise((r) => setTimeout(r, 10_000 * 2 ** Math.max(0, queuedAttempts - 1) + 1_000));
    const msg = (await apiOk(page, 'GET', `/api/messages/${ids.queuedTwo}`)) as Msg;
    expect(msg).toMatchObject({ status: 'cancelled', attempts: queuedAttempts });
    expect(received()).not.toContain(`<${ids.queuedTwo}@expediente>`);
    expect(received()).toContain(`<${ids.failedTwo}@expediente>`);
  }, 120_000);
});
