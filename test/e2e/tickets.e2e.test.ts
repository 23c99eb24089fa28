/**
 * Browser test of Atendimentos against the real server (web, worker and scheduler in one process): set an SLA
 * for a service in the settings drawer; create a ticket with an attachment (a wrong file type refused
 * inline); move it through three statuses — from the ticket page, by dragging its card on the kanban (the
 * columns it may not go to greyed), and from the grid's status button — each move announced with its
 * e-mail; find the three e-mails in Mensagens → Caixa local and the moves in the Histórico tab. Then a ticket
 * for a client without e-mail warns that the e-mail could not be sent, and a stale move is refused with the
 * conflict message and the screen refreshed; its Notificar says only that the e-mail was not sent. Expects `npm run build` (or E2E_DIST) to have produced the build.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type E2E, loginAsDemoAdmin, mainNav, noToasts, screenshotPath, useE2E } from './harness.js';
import { callApi } from './support/api.js';

const SCREENSHOT = screenshotPath('tickets.png');
const SCREENSHOT_TICKET = screenshotPath('tickets-ticket.png');

const SUBJECT = 'Alteração do contrato social — inclusão de sócio';
const SERVICE = 'Alteração contratual';
const SERVICE_VALUE = 'R$ 900,00';
const REQUESTER = 'Pão Dourado';
const ATTACHMENT = 'contrato-social.pdf';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const SEED_COLUMNS = [
  'Opções',
  'Solicitante',
  'Assunto',
  'Responsável',
  'Data de Abertura',
  'Atualizado',
  'Valor',
  'Serviço',
  'Status',
];

/** Picks an option of a Mantine select (searchable or not). */
async function choose(
  page: Page,
  scope: Locator | Page,
  label: string,
  option: string | RegExp,
  type?: string,
) {
  const box = scope.getByRole('combobox', { name: label, exact: true });
  await box.click();
  if (type !== undefined) await box.fill(type);
  await page.getByRole('option', { name: option }).first().click();
}

/** Waits for a notification whose text matches, and returns its text. */
async function toast(page: Page, text: string | RegExp): Promise<string> {
  const n = page.locator('.mantine-Notification-root').filter({ hasText: text }).first();
  await n.waitFor({ timeout: 15_000 });
  return (await n.textContent()) ?? '';
}

async function closeToasts(page: Page) {
  for (const close of await page.locator('.mantine-Notification-root button').all()) {
    await close.click().catch(() => undefined);
  }
  await noToasts(page);
}

describe('Atendimentos (browser)', () => {
  let page: Page;
  let env: E2E;
  useE2E({ tmpPrefix: 'expediente-e2e-tickets-', ptBrBrowser: true }, (e2e) => {
    page = e2e.page;
    env = e2e;
  });

  const nav = () => mainNav(page);
  let ticketId = '';
  let ticketNumber = 0;

  it('opens Atendimentos, no longer "Em breve", with the seed\'s columns', async () => {
    await page.goto('/login');
    await loginAsDemoAdmin(page);

    const link = nav().getByRole('link', { name: 'Atendimentos' });
    expect(await link.textContent()).not.toContain('Em breve');
    await link.click();
    await page.waitForURL(/\/tickets$/);
    await page.getByRole('heading', { name: 'Atendimentos', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Atendimentos' });
    await table.waitFor();
    const headers = (await table.locator('thead th').allTextContents()).map((h) => h.trim());
    expect(headers).toEqual(SEED_COLUMNS);
    expect(await page.getByRole('radio', { name: 'Meus atendimentos' }).count()).toBe(1);
    const csv = page.getByRole('link', { name: 'Exportar CSV' });
    expect(await csv.getAttribute('href')).toMatch(/^\/api\/tickets\/export\.csv\?/);
    const exported = await page.request.get((await csv.getAttribute('href')) ?? '');
    expect(exported.status()).toBe(200);
    expect(exported.headers()['content-type']).toContain('text/csv');
  }, 60_000);

  it('sets an SLA for a service and finds the status e-mail rules (Automações) from the settings drawer', async () => {
    await page.getByRole('button', { name: 'Configurar atendimentos' }).click();
    const drawer = page.getByRole('dialog', { name: 'Configurações de atendimentos' });
    await drawer.waitFor();
    await drawer.getByText('E-mail a cada mudança de status').waitFor();
    expect(await drawer.getByRole('link', { name: 'Abrir Automações' }).getAttribute('href')).toBe(
      '/automacoes',
    );
    // The rules behind it: one enabled per status a move enters, on the tickets pipeline.
    const rules = await callApi(page, 'GET', '/api/automation/pipelines/tickets/rules');
    const on = rules.body.stages
      .filter(
        (s: {
          rules: { enabled: boolean; published: { definition: { input: { template?: string } } } | null }[];
        }) =>
          s.rules.some(
            (r) => r.enabled && r.published?.definition.input.template === 'tickets.status-changed',
          ),
      )
      .map((s: { stageId: string }) => s.stageId);
    expect(on.sort()).toEqual(['analyzing', 'cancelled', 'done', 'rejected', 'reopened', 'waiting']);

    await drawer.getByRole('textbox', { name: `Primeira resposta em horas — ${SERVICE}` }).fill('4');
    await drawer.getByRole('textbox', { name: `Resolução em horas — ${SERVICE}` }).fill('16');
    await drawer.getByRole('button', { name: 'Salvar' }).click();
    await toast(page, 'Prazos salvos.');
    const policies = await callApi(page, 'GET', '/api/tickets/sla-policies');
    const policy = policies.body.items.find((p: { serviceName: string }) => p.serviceName === SERVICE);
    expect(policy).toMatchObject({ firstResponseHours: 4, resolutionHours: 16 });

    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  }, 60_000);

  it('creates a ticket with an attachment; the service fills the value, the accountant fills the name', async () => {
    await page.getByRole('link', { name: 'Adicionar' }).first().click();
    await page.waitForURL(/\/tickets\/new$/);
    await page.getByRole('heading', { name: 'Novo atendimento', level: 1 }).waitFor();

    // Nothing chosen: the required fields say so, and nothing is sent.
    await page.getByRole('button', { name: 'Salvar' }).click();
    expect(await page.getByText('Campo obrigatório').count()).toBeGreaterThanOrEqual(2);
    expect(new URL(page.url()).pathname).toBe('/tickets/new');

    await choose(page, page, 'Solicitante', new RegExp(REQUESTER), REQUESTER);
    await choose(page, page, 'Serviço', SERVICE);
    expect(await page.getByRole('textbox', { name: 'Valor do serviço', exact: true }).inputValue()).toBe(
      SERVICE_VALUE,
    );
    await page.getByText(`Valor do serviço preenchido: ${SERVICE_VALUE}`).waitFor();
    await choose(page, page, 'Contador', 'Mariana Costa');
    expect(await page.getByRole('textbox', { name: 'Nome', exact: true }).inputValue()).toBe('Mariana Costa');
    expect(await page.getByRole('combobox', { name: 'Responsável', exact: true }).inputValue()).toBe(
      'Mariana Costa',
    );
    await page.getByRole('textbox', { name: 'Assunto', exact: true }).fill(SUBJECT);
    await page
      .getByRole('textbox', { name: 'Descrição', exact: true })
      .fill('Incluir a sócia Ana Souza com 20% das quotas.');

    // Anexar arquivos: an executable is refused on the spot; the PDF waits to be sent with the ticket.
    await page.getByRole('tab', { name: 'Anexar arquivos' }).click();
    const input = page.getByTestId('ticket-dropzone').locator('input[type="file"]');
    await input.setInputFiles({ name: 'programa.exe', mimeType: 'application/x-msdownload', buffer: PDF });
    await page.getByText('programa.exe: tipo de arquivo não aceito.').waitFor();
    await input.setInputFiles({ name: ATTACHMENT, mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('table', { name: 'Anexar arquivos' }).getByText(ATTACHMENT).waitFor();
    expect(await page.getByText('programa.exe: tipo de arquivo não aceito.').count()).toBe(0);

    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.waitForURL((url) => /^\/tickets\/[0-9a-f-]{36}$/.test(url.pathname));
    ticketId = new URL(page.url()).pathname.split('/').pop() ?? '';
    const ticket = (await callApi(page, 'GET', `/api/tickets/${ticketId}`)).body;
    ticketNumber = ticket.number;
    expect(ticket).toMatchObject({
      subject: SUBJECT,
      status: 'open',
      serviceName: SERVICE,
      valueCents: 90000,
      accountantName: 'Mariana Costa',
      responsibleName: 'Mariana Costa',
      movementCount: 0,
    });
    await toast(page, `Atendimento #${ticketNumber} criado. 1 arquivo anexado.`);
    await page.getByRole('heading', { name: SUBJECT, level: 1 }).waitFor();
    await page.locator('h1').getByText(`#${ticketNumber}`).waitFor();
    await page.getByTestId('ticket-status').locator('[data-status="open"]').waitFor();

    // The service's SLA reached the ticket.
    const sla = page.getByTestId('ticket-sla');
    await sla.getByText('Primeira resposta até').waitFor();
    await sla.getByText('Resolução até').waitFor();

    await page.getByRole('tab', { name: 'Arquivos' }).click();
    const files = page.getByRole('table', { name: 'Arquivos do atendimento' });
    const fileLink = files.getByRole('link', { name: ATTACHMENT, exact: true });
    await fileLink.waitFor();
    expect(await fileLink.getAttribute('href')).toMatch(
      new RegExp(`^/api/tickets/${ticketId}/files/[0-9a-f-]{36}$`),
    );
    const download = await page.request.get((await fileLink.getAttribute('href')) ?? '');
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);

  it('moves it to Analisando from the ticket page: status changed and e-mail sent', async () => {
    await closeToasts(page);
    await page.getByRole('button', { name: 'Movimentar' }).click();
    const dialog = page.getByRole('dialog', { name: `Movimentar atendimento #${ticketNumber}` });
    await dialog.waitFor();
    // Only the allowed moves are offered: from Aberto, never back to Aberto or to Reaberto.
    await dialog.getByRole('combobox', { name: 'Novo status' }).click();
    const offered = await page.getByRole('option').allTextContents();
    expect(offered).toEqual(['Analisando', 'Aguardando', 'Cancelado', 'Rejeitado', 'Finalizado']);
    await page.getByRole('option', { name: 'Analisando' }).click();
    await dialog.getByRole('textbox', { name: 'Comentário' }).fill('Documentos recebidos, em análise.');
    await dialog.getByRole('button', { name: 'Movimentar' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await toast(page, `Atendimento #${ticketNumber} movido para Analisando.`);
    await toast(page, 'E-mail enviado');
    await page.getByTestId('ticket-status').locator('[data-status="analyzing"]').waitFor();
    await page.getByRole('tab', { name: 'Atendimento' }).click();
    await page.getByTestId('ticket-movements').getByText('Documentos recebidos, em análise.').waitFor();
  }, 60_000);

  it('drags its card to Aguardando on the kanban; columns it may not go to are greyed', async () => {
    // A few more tickets, so that the board has something in most columns.
    const clients = (await callApi(page, 'GET', '/api/clients?pageSize=6&sort=legalName')).body.items;
    const more: [string, string | null][] = [
      ['Parcelamento de débitos do Simples', null],
      ['Declaração de IRPF 2026', 'analyzing'],
      ['Revisão da folha de março', 'waiting'],
      ['Emissão de certificado digital A1', 'done'],
    ];
    for (const [i, [subject, to]] of more.entries()) {
      const created = (await callApi(page, 'POST', '/api/tickets', { clientId: clients[i + 1].id, subject }))
        .body;
      if (to)
        await callApi(page, 'POST', `/api/tickets/${created.id}/moves`, { to, version: created.version });
    }

    await closeToasts(page);
    await nav().getByRole('link', { name: 'Atendimentos' }).click();
    await page.waitForURL(/\/tickets$/);
    await page.getByText('Quadro', { exact: true }).click();
    await page.waitForURL(/view=board/);
    await page.getByRole('searchbox', { name: 'Buscar' }).fill(`#${ticketNumber}`);
    await page.waitForURL(/q=/);

    const board = page.getByRole('list', { name: 'Quadro de atendimentos' });
    const card = board.locator(`[data-ticket="${ticketNumber}"]`);
    await board.locator('[data-column="analyzing"]').locator(`[data-ticket="${ticketNumber}"]`).waitFor();
    const target = board.locator('[data-column="waiting"]');

    // The board scrolls sideways: bring Aguardando (and Analisando, beside it) into view first.
    await target.scrollIntoViewIfNeeded();
    await card.hover({ position: { x: 12, y: 12 } });
    await page.mouse.down();
    const box = await target.boundingBox();
    if (!box) throw new Error('no Aguardando column');
    await page.mouse.move(box.x + box.width / 2, box.y + 40, { steps: 8 });
    // Mid-drag: from Analisando, Aberto and Reaberto refuse the card; Aguardando takes it.
    expect(await board.locator('[data-column="open"]').getAttribute('data-drop')).toBe('blocked');
    expect(await board.locator('[data-column="reopened"]').getAttribute('data-drop')).toBe('blocked');
    expect(await target.getAttribute('data-drop')).toBe('allowed');
    expect(await board.locator('[data-column="done"]').getAttribute('data-drop')).toBe('allowed');
    await page.mouse.move(box.x + box.width / 2, box.y + 60, { steps: 2 });
    await page.mouse.up();

    // The drop opens Movimentar with Aguardando chosen; the comment is optional.
    const dialog = page.getByRole('dialog', { name: `Movimentar atendimento #${ticketNumber}` });
    await dialog.waitFor();
    expect(await dialog.getByRole('combobox', { name: 'Novo status' }).inputValue()).toBe('Aguardando');
    await dialog.getByRole('button', { name: 'Movimentar' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await toast(page, `Atendimento #${ticketNumber} movido para Aguardando.`);
    await toast(page, 'E-mail enviado');
    await board.locator('[data-column="waiting"]').locator(`[data-ticket="${ticketNumber}"]`).waitFor();

    await page.getByRole('searchbox', { name: 'Buscar' }).fill('');
    await page.waitForURL((url) => !url.searchParams.has('q'));
    await board.locator(`[data-ticket="${ticketNumber}"]`).waitFor();
    await board.locator('[data-column="open"]').scrollIntoViewIfNeeded();
    await noToasts(page);
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    // A wider window shows more of the board.
    await page.setViewportSize({ width: 1680, height: 900 });
    await page.screenshot({ path: SCREENSHOT });
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 60_000);

  it('finishes it from the grid, where Notificar is greyed and Reabrir becomes available', async () => {
    await page.getByText('Lista', { exact: true }).click();
    const table = page.getByRole('table', { name: 'Atendimentos' });
    const row = table.locator(`tr[data-ticket="${ticketNumber}"]`);
    await row.locator('[data-status="waiting"]').waitFor();
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain('Padaria Pão Dourado');
    expect(rowText).toContain(SUBJECT);
    expect(rowText).toContain(SERVICE);
    expect(rowText).toContain(SERVICE_VALUE);
    expect(rowText).toContain('Mariana Costa');
    expect(rowText).toContain('Aguardando');
    expect(rowText).toMatch(/\d{2}\/\d{2}\/\d{4}\d{2}:\d{2}/);

    await row.getByRole('button', { name: `Movimentar atendimento #${ticketNumber}` }).click();
    const dialog = page.getByRole('dialog', { name: `Movimentar atendimento #${ticketNumber}` });
    await choose(page, dialog, 'Novo status', 'Finalizado');
    await dialog.getByRole('button', { name: 'Movimentar' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await toast(page, `Atendimento #${ticketNumber} movido para Finalizado.`);
    await toast(page, 'E-mail enviado');
    await row.locator('[data-status="done"]').waitFor();

    await row.getByRole('button', { name: `Opções do atendimento #${ticketNumber}` }).click();
    const reopen = page.getByRole('menuitem', { name: 'Reabrir' });
    await reopen.waitFor();
    expect(await reopen.isEnabled()).toBe(true);
    expect(await page.getByRole('menuitem', { name: 'Notificar' }).isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
  }, 60_000);

  it('finds the three status e-mails in Mensagens → Caixa local', async () => {
    await closeToasts(page);
    await nav().getByRole('link', { name: 'Mensagens' }).click();
    await page.getByRole('tab', { name: 'Caixa local' }).click();
    await page.waitForURL(/\/messages\/mailbox$/);
    const list = page.getByRole('navigation', { name: 'E-mails da caixa local' });
    for (const status of ['Analisando', 'Aguardando', 'Finalizado']) {
      const subject = `Atendimento nº ${ticketNumber} — ${status}: ${SUBJECT}`;
      await list.getByRole('button', { name: `Abrir e-mail ${subject}` }).waitFor({ timeout: 20_000 });
    }
    await list
      .getByRole('button', { name: `Abrir e-mail Atendimento nº ${ticketNumber} — Finalizado: ${SUBJECT}` })
      .click();
    const frame = page.frameLocator('iframe[title="Conteúdo do e-mail"]');
    await frame.getByText(/mudou de Aguardando para Finalizado/).waitFor();
  }, 60_000);

  it('talks to the client in the Chat tab, with an internal note kept apart', async () => {
    await page.goto(`/tickets/${ticketId}?tab=chat`);
    await page.getByRole('heading', { name: /^Conversa com Padaria Pão Dourado/ }).waitFor();
    const log = page.getByRole('log', { name: 'Conversa do atendimento' });
    const body = page.getByRole('textbox', { name: 'Mensagem', exact: true });

    await body.fill('Contrato registrado na Junta Comercial. Segue o protocolo.');
    await page.getByRole('button', { name: 'Enviar', exact: true }).click();
    await log.getByTestId('chat-staff').getByText('Contrato registrado na Junta Comercial').waitFor();
    await toast(page, 'Mensagem enviada.');

    await page.getByRole('switch', { name: 'Nota interna' }).check({ force: true });
    await body.fill('Cliente pediu urgência por telefone.');
    await page.getByRole('button', { name: 'Salvar nota' }).click();
    const note = log.getByTestId('chat-note');
    await note.getByText('Cliente pediu urgência por telefone.').waitFor();
    expect(await note.textContent()).toContain('Nota interna');
    expect(await log.getByTestId('chat-staff').count()).toBe(1);
    await closeToasts(page);

    // The client, through the e-mails' link and without logging in, sees the message (never the note)
    // and answers; the answer reaches the staff's Chat tab.
    const link = (await callApi(page, 'GET', `/api/tickets/${ticketId}/portal-link`)).body.url as string;
    const client = await env.browser.newContext({ baseURL: env.baseUrl, locale: 'pt-BR' });
    try {
      const portal = await client.newPage();
      await portal.goto(new URL(link, env.baseUrl).pathname);
      await portal.getByRole('heading', { name: SUBJECT, level: 1 }).waitFor();
      await portal.getByText('Escritório Contábil Exemplo').first().waitFor();
      const conversation = portal.getByRole('log', { name: 'Conversa do atendimento' });
      await conversation.getByText('Contrato registrado na Junta Comercial').waitFor();
      expect(await conversation.textContent()).not.toContain('urgência');
      await portal.getByRole('textbox', { name: 'Sua mensagem' }).fill('Obrigado! Aguardo a certidão.');
      await portal.getByRole('button', { name: 'Enviar' }).click();
      await conversation.getByTestId('portal-client').getByText('Obrigado! Aguardo a certidão.').waitFor();
    } finally {
      await client.close();
    }
    await log
      .getByTestId('chat-client')
      .getByText('Obrigado! Aguardo a certidão.')
      .waitFor({ timeout: 20_000 });
  }, 60_000);

  it('shows the moves in plain words in the Histórico tab', async () => {
    await page.goto(`/tickets/${ticketId}?tab=history`);
    const history = page.getByTestId('ticket-history');
    await history.waitFor();
    const text = (await history.textContent()) ?? '';
    for (const status of ['Analisando', 'Aguardando', 'Finalizado']) expect(text).toContain(status);
    expect(text).toContain(ATTACHMENT);
    expect(text).toContain('Mariana Costa');
  }, 60_000);

  it('warns that the e-mail could not be sent for a client without e-mail, and refuses a stale move', async () => {
    // Farmácia Vida Nova has no e-mail in the demo office.
    const clients = await callApi(page, 'GET', '/api/clients?q=Vida%20Nova');
    const client = clients.body.items.find((c: { emails: string[] }) => c.emails.length === 0);
    expect(client).toBeTruthy();
    const created = await callApi(page, 'POST', '/api/tickets', {
      clientId: client.id,
      subject: 'Segunda via de guia',
    });
    expect(created.status).toBe(201);
    const other = created.body;

    await page.goto(`/tickets/${other.id}`);
    await page.getByRole('heading', { name: 'Segunda via de guia', level: 1 }).waitFor();
    // Notificar says only what happened: the e-mail was not sent, never "Cliente notificado".
    await page.getByRole('button', { name: 'Mais ações' }).click();
    await page.getByRole('menuitem', { name: 'Notificar' }).click();
    const notSent = await toast(page, 'E-mail não enviado');
    expect(notSent).toContain('cliente sem e-mail cadastrado');
    expect(
      await page.locator('.mantine-Notification-root').filter({ hasText: 'Cliente notificado' }).count(),
    ).toBe(0);
    await closeToasts(page);
    await page.getByRole('button', { name: 'Movimentar' }).click();
    let dialog = page.getByRole('dialog', { name: `Movimentar atendimento #${other.number}` });
    await choose(page, dialog, 'Novo status', 'Analisando');
    await dialog.getByRole('button', { name: 'Movimentar' }).click();
    await toast(page, `Atendimento #${other.number} movido para Analisando.`);
    const warning = await toast(page, 'E-mail não enviado');
    expect(warning).toContain('Não foi possível enviar o e-mail: cliente sem e-mail cadastrado');
    await closeToasts(page);

    // Someone else moves it while the page still shows Analisando: the screen's move is refused.
    const current = (await callApi(page, 'GET', `/api/tickets/${other.id}`)).body;
    const behind = await callApi(page, 'POST', `/api/tickets/${other.id}/moves`, {
      to: 'waiting',
      version: current.version,
    });
    expect(behind.status).toBe(200);
    await page.getByRole('button', { name: 'Movimentar' }).click();
    dialog = page.getByRole('dialog', { name: `Movimentar atendimento #${other.number}` });
    await choose(page, dialog, 'Novo status', 'Finalizado');
    await dialog.getByRole('button', { name: 'Movimentar' }).click();
    const conflict = await toast(page, 'Atendimento alterado por outra pessoa');
    expect(conflict).toContain('alterado por outra pessoa');
    // Refreshed: the page now shows the status the other move left.
    await page.getByTestId('ticket-status').locator('[data-status="waiting"]').waitFor();
    const after = (await callApi(page, 'GET', `/api/tickets/${other.id}`)).body;
    expect(after.status).toBe('waiting');

    await noToasts(page);
    await page.screenshot({ path: SCREENSHOT_TICKET });
  }, 60_000);
});
