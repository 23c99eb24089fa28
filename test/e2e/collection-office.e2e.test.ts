/**
 * Browser tests of the Cobrança de Arquivos screens the first e2e does not drive (Chromium, the real
 * server with its worker). Programar for a tag of more than 100 clients answers with a run whose progress
 * the modal follows until it says how many programações it made; Programar for a class of clients; on the
 * tracking screen, Transferir to another responsible and, in Contatos do cliente, "Voltar a pedir" for an
 * item the client asked not to be asked for; on the client's phone, a statement of the wrong month raises
 * the Manter / Substituir warning, Substituir takes the right file, Manter keeps one. Expects
 * `npm run build` (or E2E_DIST).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cnpj } from '../http/helpers.js';
import { type E2E, openOnPhone, useE2E } from './harness.js';
import { apiOk, signIn } from './support/api.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/collection/${name}`, import.meta.url));

async function newTemplate(page: Page, name: string, extra: unknown[] = []) {
  return (await apiOk(page, 'POST', '/api/collection/templates', {
    name,
    due: { day: 10, businessDays: false, monthOffset: 1, adjust: 'postpone' },
    items: [
      { name: 'Extrato bancário', kind: 'file', requirement: 'required', acceptedTypes: ['pdf', 'ofx'] },
      { name: 'Notas de entrada', kind: 'file', requirement: 'required', acceptedTypes: ['xml'] },
      ...extra,
    ],
  })) as { id: string };
}

/** Opens Programar from the model's row in Processos Modelo. */
async function openProgramar(page: Page, template: string) {
  await page.goto('/collection/templates');
  const row = page.locator(`tr[data-template="${template}"]`);
  await row.getByRole('button', { name: `Opções de ${template}` }).click();
  await page.getByRole('menuitem', { name: 'Programar' }).click();
  return page.getByRole('dialog', { name: 'Programar serviço' });
}

describe('Cobrança de Arquivos — office screens (Chromium)', () => {
  let e2e: E2E;
  useE2E({ tmpPrefix: 'expediente-e2e-collection-office-' }, (started) => {
    e2e = started;
  });

  it('Programar for a tag of 101 clients follows the generation run; Programar for a class', async () => {
    const { page } = e2e;
    await signIn(page);
    const TAG = 'lote-e2e';
    for (let i = 0; i < 101; i++)
      await apiOk(page, 'POST', '/api/clients', {
        legalName: `Lote E2E ${String(i).padStart(3, '0')} Ltda`,
        document: cnpj(81_000 + i),
        tags: [TAG],
      });
    await newTemplate(page, 'Lote por etiqueta');

    const modal = await openProgramar(page, 'Lote por etiqueta');
    await modal.locator('.mantine-SegmentedControl-label', { hasText: 'Etiqueta' }).click();
    await modal.getByRole('textbox', { name: 'Etiqueta' }).fill(TAG);
    await modal.getByRole('textbox', { name: 'Competência' }).fill('03/2026');
    await modal.getByRole('button', { name: 'Ver prévia' }).click();
    await modal.getByTestId('schedule-preview').getByText('101 clientes no público.').waitFor();
    await modal.getByRole('button', { name: 'Confirmar programação' }).click();
    // The request answered at once (202): the modal follows the run to its end.
    const run = modal.getByTestId('generation-run');
    await run.waitFor();
    await modal
      .locator('[data-testid="generation-run"][data-state="succeeded"]')
      .waitFor({ timeout: 60_000 });
    await run.getByText('101 programações criadas.').waitFor();
    await run.getByRole('button', { name: 'Fechar' }).click();
    await page.goto('/collection?competencia=2026-03');
    await page
      .getByText(/101 programações/)
      .first()
      .waitFor();

    // A class: the office's last class, given to two new clients; the count is the server's preview.
    const office = (await apiOk(page, 'GET', '/api/office')) as { clientClasses: string[] };
    const klass = office.clientClasses.at(-1);
    if (!klass) throw new Error('the demo office has no client classes');
    for (let i = 0; i < 2; i++)
      await apiOk(page, 'POST', '/api/clients', {
        legalName: `Classe E2E ${i} Ltda`,
        document: cnpj(82_000 + i),
        class: klass,
      });
    const template = await newTemplate(page, 'Lote por classe');
    const expected = (await apiOk(page, 'POST', '/api/collection/schedule/preview', {
      templateId: template.id,
      audience: { kind: 'class', classId: klass },
      mode: 'once',
      competencia: '2026-04',
    })) as { clients: number };
    expect(expected.clients).toBeGreaterThanOrEqual(2);
    const byClass = await openProgramar(page, 'Lote por classe');
    await byClass.locator('.mantine-SegmentedControl-label', { hasText: /^Classe$/ }).click();
    await byClass.getByRole('combobox', { name: 'Classe de clientes' }).click();
    await page.getByRole('option', { name: klass, exact: true }).click();
    await byClass.getByRole('textbox', { name: 'Competência' }).fill('04/2026');
    await byClass.getByRole('button', { name: 'Ver prévia' }).click();
    await byClass
      .getByTestId('schedule-preview')
      .getByText(`${expected.clients} clientes no público.`)
      .waitFor();
    await byClass.getByRole('button', { name: 'Confirmar programação' }).click();
    if (expected.clients <= 100) await page.getByText(`${expected.clients} programações criadas.`).waitFor();
    else await byClass.locator('[data-testid="generation-run"][data-state="succeeded"]').waitFor();
  }, 240_000);

  it('the client keeps or replaces a flagged statement; the office transfers and asks again', async () => {
    const { page } = e2e;
    await signIn(page);
    const client = (await apiOk(page, 'POST', '/api/clients', {
      legalName: 'Transportes Gaps Ltda',
      document: cnpj(83_001),
    })) as { id: string };
    const contact = (await apiOk(page, 'POST', `/api/clients/${client.id}/contacts`, {
      name: 'Rita Gaps',
      email: 'rita.gaps@example.com',
    })) as { id: string };
    const template = await newTemplate(page, 'Documentos de março', [
      { name: 'Folha de pagamento', kind: 'file', requirement: 'should', acceptedTypes: ['pdf'] },
    ]);
    await apiOk(page, 'POST', '/api/collection/schedule', {
      templateId: template.id,
      audience: { kind: 'clients', clientIds: [client.id] },
      mode: 'once',
      competencia: '2026-03',
    });
    const link = (await apiOk(page, 'POST', `/api/collection/contacts/${contact.id}/link`)) as {
      url: string;
    };

    const { phone, mobile } = await openOnPhone(e2e, link.url);
    try {
      const extrato = mobile.locator('[data-item="Extrato bancário"]');
      await extrato.waitFor();
      // April's statement for March: the warning, with Manter and Substituir.
      await extrato.locator('input[type="file"]').setInputFiles({
        name: 'extrato-abril.ofx',
        mimeType: 'application/octet-stream',
        buffer: fixture('extrato-v2-2026-04.ofx'),
      });
      const warning = extrato.getByTestId('file-warning');
      await warning.getByText(/Este extrato é de abril de 2026; pedimos março de 2026/).waitFor();
      // Substituir removes it and opens the picker for the right one.
      const [chooser] = await Promise.all([
        mobile.waitForEvent('filechooser'),
        warning.getByRole('button', { name: 'Substituir' }).click(),
      ]);
      await chooser.setFiles({
        name: 'extrato-marco.ofx',
        mimeType: 'application/octet-stream',
        buffer: fixture('extrato-itau-2026-03.ofx'),
      });
      await extrato.getByText('extrato-marco.ofx').first().waitFor();
      await expect.poll(() => extrato.getByText('extrato-abril.ofx').count(), { timeout: 10_000 }).toBe(0);
      expect(await extrato.getByTestId('file-warning').count()).toBe(0);

      // The notes: an invoice of April for March, kept as it is.
      const notas = mobile.locator('[data-item="Notas de entrada"]');
      await notas.locator('input[type="file"]').setInputFiles({
        name: 'nota.xml',
        mimeType: 'text/xml',
        buffer: fixture('nfe-entrada-2026-04.xml'),
      });
      const flagged = notas.getByTestId('file-warning');
      await flagged.waitFor();
      await flagged.getByRole('button', { name: 'Manter' }).click();
      await mobile.getByText('Arquivo mantido.').waitFor();
      await expect.poll(() => notas.getByTestId('file-warning').count(), { timeout: 10_000 }).toBe(0);
      await notas.getByText('nota.xml').first().waitFor();
      // Kept means kept: the page opened again does not ask again.
      await mobile.reload();
      await notas.getByText('nota.xml').first().waitFor();
      expect(await notas.getByTestId('file-warning').count()).toBe(0);

      // The payroll: not asked again in the next months.
      const folha = mobile.locator('[data-item="Folha de pagamento"]');
      await folha.getByRole('button', { name: /Não me pedir nos próximos meses/ }).click();
      await mobile.locator('[data-item="Folha de pagamento"][data-state="never_ask_again"]').waitFor();
    } finally {
      await phone.close();
    }

    // The office: the tracking screen, Transferir.
    const list = (await apiOk(page, 'GET', `/api/collection/requests?clientId=${client.id}`)) as {
      items: { id: string }[];
    };
    await page.goto(`/collection/requests/${list.items[0]!.id}`);
    await page.getByTestId('request-checklist').waitFor();
    const users = (await apiOk(page, 'GET', '/api/users?active=true')) as {
      items: { id: string; name: string }[];
    };
    const detail = (await apiOk(page, 'GET', `/api/collection/requests/${page.url().split('/').at(-1)}`)) as {
      responsible: { id: string } | null;
    };
    const other = users.items.find((u) => u.id !== detail.responsible?.id);
    if (!other) throw new Error('the demo office needs a second user');
    await page.getByRole('button', { name: 'Mais ações' }).click();
    await page.getByRole('menuitem', { name: 'Transferir' }).click();
    const transfer = page.getByRole('dialog', { name: 'Transferir programação' });
    await transfer.getByRole('combobox', { name: 'Novo responsável' }).click();
    await page.getByRole('option', { name: other.name, exact: true }).click();
    await transfer.getByRole('button', { name: 'Transferir' }).click();
    await page.getByText(`Programação transferida para ${other.name}.`).waitFor();
    await page.getByText(`Responsável: ${other.name}`).waitFor();

    // The client's "Não me pedir": listed in Contatos do cliente; Voltar a pedir puts it back.
    await page.getByRole('tab', { name: 'Contatos do cliente' }).click();
    const skip = page.getByRole('row', { name: /Folha de pagamento/ });
    await skip.waitFor();
    await skip.getByRole('button', { name: 'Voltar a pedir' }).click();
    await page.getByText('O item volta a ser pedido nas próximas programações.').waitFor();
    await expect
      .poll(() => page.getByRole('row', { name: /Folha de pagamento/ }).count(), { timeout: 10_000 })
      .toBe(0);
    const skips = (await apiOk(page, 'GET', `/api/collection/clients/${client.id}/skips`)) as {
      items: unknown[];
    };
    expect(skips.items).toHaveLength(0);
  }, 180_000);
});
