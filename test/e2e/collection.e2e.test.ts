/**
 * Browser test of Cobrança de Arquivos against the real server (web, worker and scheduler in one process).
 * The office makes a Processo Modelo and programs it for two companies whose contact is the same person;
 * on the tracking screen it issues that contact's link. The contact opens it on a phone-sized screen
 * (390×844), sees both companies, uploads two files (each with its progress bar), answers the other items
 * with the three answers, and asks for the receipt, which arrives in the local mailbox. Back at the office,
 * the grid's progress bar has moved; the tracking screen downloads the zip (folders and manifest.csv),
 * reopens an item with a comment, attaches a file by hand and gives the baixa; revoked and made-up links get
 * their own pages. A second test makes a Processo Modelo in its form
 * (the tabs with errors marked, items dragged into order), previews the client page and programs it with
 * the server's preview before the confirmation. Expects `npm run build` (or E2E_DIST).
 */
import { describe, expect, it } from 'vitest';
import { type E2E, mainNav, openOnPhone, useE2E } from './harness.js';
import { apiOk, signIn } from './support/api.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const TEMPLATE = 'Documentos mensais — teste';
const CONTACT = 'Maria Contadora';
const CONTACT_EMAIL = 'maria.duas.empresas@example.com';

function isoDay(offsetDays: number): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return d.toISOString().slice(0, 10);
}

describe('Cobrança de Arquivos (Chromium)', () => {
  let e2e: E2E;
  useE2E({ tmpPrefix: 'expediente-e2e-collection-' }, (started) => {
    e2e = started;
  });

  it('a contact with two companies answers from a phone; the office follows, zips, reopens and closes', async () => {
    const { page } = e2e;
    await signIn(page);

    // Set-up through the API: a model with three items, the same person as contact of two companies, and
    // one programação per company for this month.
    const clients = await apiOk(
      page,
      'GET',
      '/api/clients?pageSize=2&sort=legalName&order=asc&status=active',
    );
    const [a, b] = clients.items as { id: string; legalName: string }[];
    if (!a || !b) throw new Error('the demo office needs two active clients');
    for (const client of [a, b]) {
      await apiOk(page, 'POST', `/api/clients/${client.id}/contacts`, {
        name: CONTACT,
        email: CONTACT_EMAIL,
      });
    }
    const template = await apiOk(page, 'POST', '/api/collection/templates', {
      name: TEMPLATE,
      due: { day: 10, businessDays: false, monthOffset: 1, adjust: 'postpone' },
      items: [
        { name: 'Extrato bancário', kind: 'file', requirement: 'required', acceptedTypes: ['pdf', 'ofx'] },
        { name: 'Notas de entrada', kind: 'file', requirement: 'required', acceptedTypes: ['xml'] },
        { name: 'Folha de pagamento', kind: 'file', requirement: 'should', acceptedTypes: ['pdf'] },
      ],
    });
    const competencia = isoDay(0).slice(0, 7);
    const scheduled = await apiOk(page, 'POST', '/api/collection/schedule', {
      templateId: template.id,
      audience: { kind: 'clients', clientIds: [a.id, b.id] },
      mode: 'once',
      competencia,
    });
    expect(scheduled.created).toBe(2);
    const shown = `${competencia.slice(5, 7)}/${competencia.slice(0, 4)}`;

    // The office's grid: the menu leads there, both programações show, nothing settled yet.
    await mainNav(page).getByRole('link', { name: 'Cobrança de Arquivos' }).click();
    await page.waitForURL(/\/collection$/);
    const grid = page.getByRole('table', { name: 'Serviços Programados' });
    const rowA = grid.locator(`tr[data-client="${a.legalName}"]`);
    await rowA.getByTestId('progress-text').getByText('0/3').waitFor();
    await grid
      .locator(`tr[data-client="${b.legalName}"]`)
      .getByTestId('progress-text')
      .getByText('0/3')
      .waitFor();

    // The tracking screen (by the progress bar); the contact's link from its contacts tab.
    await rowA.getByRole('link', { name: new RegExp(`Acompanhar ${a.legalName}`) }).click();
    await page.getByTestId('request-checklist').waitFor();
    const trackingUrl = page.url();
    await page.getByRole('tab', { name: 'Contatos do cliente' }).click();
    const contact = page.locator(`[data-contact="${CONTACT}"]`);
    await contact.getByRole('button', { name: 'Emitir link' }).click();
    const link = await contact.getByTestId('contact-link').inputValue();
    expect(link).toMatch(/\/portal\/arquivos\/[\w-]+\.[\w-]+$/);

    // The contact, on a phone.
    const { phone, mobile } = await openOnPhone(e2e, link);
    try {
      await mobile.getByRole('heading', { name: `Olá, ${CONTACT}!` }).waitFor();
      const companyA = mobile.locator(`[data-company="${a.legalName}"]`);
      const companyB = mobile.locator(`[data-company="${b.legalName}"]`);
      await companyA.waitFor();
      await companyB.waitFor();
      expect(await mobile.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      const item = (company: typeof companyA, name: string) => company.locator(`[data-item="${name}"]`);

      // A wrong type is refused before sending, in the client's words.
      await item(companyA, 'Extrato bancário')
        .locator('input[type="file"]')
        .setInputFiles({ name: 'foto.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') });
      await item(companyA, 'Extrato bancário')
        .getByRole('alert')
        .getByText(/não é de um tipo aceito/)
        .waitFor();

      // Two uploads, one per company.
      for (const company of [companyA, companyB]) {
        await item(company, 'Extrato bancário')
          .locator('input[type="file"]')
          .setInputFiles({ name: 'extrato.pdf', mimeType: 'application/pdf', buffer: PDF });
        await item(company, 'Extrato bancário').getByText('extrato.pdf').first().waitFor();
        await company.locator('[data-item="Extrato bancário"][data-state="received"]').waitFor();
      }

      // The other items get the three answers.
      await item(companyA, 'Notas de entrada')
        .getByRole('button', { name: /Este mês não tenho/ })
        .click();
      await companyA.locator('[data-item="Notas de entrada"][data-state="none_this_month"]').waitFor();
      await item(companyA, 'Folha de pagamento')
        .getByRole('button', { name: /Vou enviar depois/ })
        .click();
      await item(companyA, 'Folha de pagamento').getByLabel('Vou enviar até').fill(isoDay(7));
      await item(companyA, 'Folha de pagamento').getByRole('button', { name: 'Confirmar data' }).click();
      await companyA.locator('[data-item="Folha de pagamento"][data-state="will_send_later"]').waitFor();
      await item(companyB, 'Notas de entrada')
        .getByRole('button', { name: /Não me pedir nos próximos meses/ })
        .click();
      await companyB.locator('[data-item="Notas de entrada"][data-state="never_ask_again"]').waitFor();
      await item(companyB, 'Folha de pagamento')
        .getByRole('button', { name: /Este mês não tenho/ })
        .click();
      await companyB.locator('[data-item="Folha de pagamento"][data-state="none_this_month"]').waitFor();
      await companyA.getByTestId('portal-progress').getByText('2 de 3 resolvidos').waitFor();
      await companyB.getByTestId('portal-progress').getByText('3 de 3 resolvidos').waitFor();

      // The receipt, by e-mail.
      await mobile.getByRole('button', { name: 'Concluir e receber comprovante' }).click();
      await mobile.getByTestId('receipt-sent').getByText(CONTACT_EMAIL).waitFor();
    } finally {
      await phone.close();
    }
    const deadline = Date.now() + 20_000;
    let receipt: { subject: string; to: string } | undefined;
    while (!receipt && Date.now() < deadline) {
      const box = await apiOk(page, 'GET', '/api/mailbox?pageSize=50');
      receipt = (box.items as { subject: string; to: string }[]).find(
        (m) => m.to === CONTACT_EMAIL && m.subject.startsWith('Comprovante de envio'),
      );
      if (!receipt) await page.waitForTimeout(500);
    }
    expect(receipt, 'the receipt in the local mailbox').toBeDefined();

    // The office: the grid's bars moved.
    await page.goto('/collection');
    await grid
      .locator(`tr[data-client="${a.legalName}"]`)
      .getByTestId('progress-text')
      .getByText('2/3')
      .waitFor();
    await grid
      .locator(`tr[data-client="${b.legalName}"]`)
      .getByTestId('progress-text')
      .getByText('3/3')
      .waitFor();

    // The tracking screen: the answers with their dates, the zip, a reopened item, the baixa.
    await page.goto(trackingUrl);
    await page.getByRole('heading', { name: `${a.legalName} — ${shown}` }).waitFor();
    const checklist = page.getByTestId('request-checklist');
    await checklist
      .locator('tr[data-item="Notas de entrada"]')
      .getByText(/Este mês não tenho em \d\d\/\d\d\/\d{4}/)
      .waitFor();
    await checklist
      .locator('tr[data-item="Folha de pagamento"]')
      .getByText(/Vai enviar até/)
      .waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Baixar todos os anexos (.zip)' }).click(),
    ]);
    const zipPath = await download.path();
    const { readFile } = await import('node:fs/promises');
    const zip = await readFile(zipPath);
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    expect(zip.includes(Buffer.from('manifest.csv'))).toBe(true);
    expect(zip.includes(Buffer.from('extrato.pdf'))).toBe(true);

    await checklist.getByRole('button', { name: 'Ações de Extrato bancário' }).click();
    await page.getByRole('menuitem', { name: 'Reabrir item' }).click();
    const reopen = page.getByRole('dialog', { name: /Reabrir: Extrato bancário/ });
    expect(
      await reopen.getByRole('checkbox', { name: 'Enviar nova solicitação ao cliente agora' }).isChecked(),
    ).toBe(true);
    await reopen.getByLabel('Comentário').fill('O extrato veio cortado; envie o mês inteiro, por favor.');
    await reopen.getByRole('button', { name: 'Reabrir item' }).click();
    await checklist.locator('tr[data-item="Extrato bancário"][data-state="pending"]').waitFor();
    await page.getByTestId('progress-text').getByText('1/3').waitFor();

    // [7] The office attaches the corrected file by hand (with the session's CSRF token, one request per file).
    await checklist
      .locator('tr[data-item="Extrato bancário"] input[type="file"]')
      .setInputFiles({ name: 'extrato-completo.pdf', mimeType: 'application/pdf', buffer: PDF });
    await checklist.locator('tr[data-item="Extrato bancário"][data-state="received"]').waitFor();
    await checklist.getByRole('link', { name: 'extrato-completo.pdf', exact: true }).waitFor();
    await page.getByTestId('progress-text').getByText('2/3').waitFor();

    await page.getByRole('button', { name: 'Baixar', exact: true }).click();
    const baixa = page.getByRole('dialog', { name: 'Baixa da programação' });
    await baixa.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Entregue com pendências' }).click();
    await baixa.getByLabel('Observação').fill('Extrato a caminho; seguimos com o restante.');
    await baixa.getByRole('button', { name: 'Baixar' }).click();
    await page
      .getByTestId('request-status')
      .getByText(/Baixado · Entregue com pendências/)
      .waitFor();

    await page.getByRole('tab', { name: 'Histórico' }).click();
    await page.getByTestId('request-history').waitFor();
    expect(
      await page.getByTestId('request-history').locator('.mantine-Timeline-item').count(),
    ).toBeGreaterThan(3);

    // The office revokes the contact's link: it gets the expired page; a made-up link, the invalid one.
    await page.getByRole('tab', { name: 'Contatos do cliente' }).click();
    await page.locator(`[data-contact="${CONTACT}"]`).getByRole('button', { name: 'Revogar link' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revogar link' }).click();
    await page.getByText('Link revogado.').waitFor();
    await page.goto(new URL(link).pathname);
    await page.getByTestId('portal-notice').getByRole('heading', { name: 'Link expirado' }).waitFor();
    await page.goto('/portal/arquivos/AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBB');
    await page.getByTestId('portal-notice').getByRole('heading', { name: 'Link inválido' }).waitFor();
  }, 180_000);

  it('a Processo Modelo made in its form (tabs marked with errors, items dragged into order), previewed and programmed', async () => {
    const { page } = e2e;
    await signIn(page);
    await page.goto('/collection/templates');
    await page.getByRole('link', { name: 'Novo processo modelo' }).first().click();
    await page.waitForURL(/\/collection\/templates\/new$/);

    // Saving empty marks the tabs that have errors.
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.locator('[role="tab"][data-error="true"]', { hasText: 'Geral' }).waitFor();
    await page.locator('[role="tab"][data-error="true"]', { hasText: 'Checklist' }).waitFor();
    await page.getByRole('textbox', { name: /^Nome/ }).fill('Fechamento trimestral');

    await page.getByRole('tab', { name: /Checklist/ }).click();
    const names = page.getByTestId('checklist').getByRole('textbox', { name: /^Nome do item/ });
    await names.nth(0).fill('Balancete');
    await page.getByRole('button', { name: 'Adicionar item' }).click();
    await names.nth(1).fill('Inventário');
    await page.getByRole('button', { name: 'Adicionar item' }).click();
    await names.nth(2).fill('Contratos novos');

    // Drag "Contratos novos" by its handle to the top.
    const handle = page.getByRole('button', { name: 'Arrastar Contratos novos para reordenar' });
    const target = page.getByRole('button', { name: 'Arrastar Balancete para reordenar' });
    const from = await handle.boundingBox();
    const to = await target.boundingBox();
    if (!from || !to) throw new Error('drag handles not on screen');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, from.y - 10, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2 - 20, { steps: 20 });
    await page.mouse.up();
    await expect
      .poll(() => names.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)))
      .toEqual(['Contratos novos', 'Balancete', 'Inventário']);

    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.waitForURL(/\/collection\/templates$/);
    const row = page.locator('tr[data-template="Fechamento trimestral"]');
    await row.waitFor();

    // Its order is kept; the client's page previews it.
    await row.getByRole('button', { name: 'Opções de Fechamento trimestral' }).click();
    await page.getByRole('menuitem', { name: 'Pré-visualizar página do cliente' }).click();
    const preview = page.getByRole('dialog', { name: 'Página do cliente (pré-visualização)' });
    const previewItems = preview.locator('[data-item]');
    await previewItems.first().waitFor();
    expect(await previewItems.evaluateAll((els) => els.map((e) => e.getAttribute('data-item')))).toEqual([
      'Contratos novos',
      'Balancete',
      'Inventário',
    ]);
    await page.keyboard.press('Escape');

    // Programar for one client, once: the server's preview first, then the confirmation.
    await row.getByRole('button', { name: 'Opções de Fechamento trimestral' }).click();
    await page.getByRole('menuitem', { name: 'Programar' }).click();
    const modal = page.getByRole('dialog', { name: 'Programar serviço' });
    const clients = modal.getByPlaceholder('Busque pelo nome ou CNPJ');
    await clients.click();
    await page.getByRole('option').first().click();
    await page.keyboard.press('Escape');
    expect(await modal.getByRole('button', { name: 'Confirmar programação' }).isDisabled()).toBe(true);
    await modal.getByRole('button', { name: 'Ver prévia' }).click();
    const table = modal.getByTestId('schedule-preview');
    await table.getByText('1 cliente no público.').waitFor();
    await modal.getByRole('button', { name: 'Confirmar programação' }).click();
    await page.getByText('1 programação criada.').waitFor();
  }, 120_000);
});
