/**
 * The first-run checklist (Primeiros passos) on an empty office — not the demo: a new office with only its
 * administrator, made in the server's database beside the demo office. The home page lists the five steps,
 * all pending; each links to where it is done; doing the office data, the CSV import and a routine ticks
 * them from the real state; the channel steps stay pending and lead to Canais; "Ocultar" hides the list
 * for good.
 */
import { describe, expect, it } from 'vitest';
import { createOffice, createUser, getProfessions } from '../../src/server/modules/platform/index.js';
import { type E2E, mainNav, useE2E, withServerDatabase } from './harness.js';

const EMAIL = 'socia@escritorio-novo.test';
const PASSWORD = 'primeiro-acesso-2026';

/** A new office with its administrator only, written into the running server's database. */
async function emptyOffice(dataDir: string): Promise<void> {
  await withServerDatabase(dataDir, async (ctx) => {
    const office = await createOffice(ctx, { name: 'Escritório Novo', state: 'SP', city: 'Campinas' });
    const professions = await getProfessions(ctx, office.id);
    await createUser(
      ctx,
      { officeId: office.id, userId: null },
      {
        name: 'Sócia Nova',
        email: EMAIL,
        role: 'admin',
        supervisorId: null,
        professionIds: [professions[0]!.id],
        password: PASSWORD,
        active: true,
      },
    );
  });
}

describe('first-run checklist on an empty office', () => {
  let e2e: E2E;
  useE2E({ tmpPrefix: 'expediente-first-run-' }, (started) => {
    e2e = started;
  });

  const checklist = () => e2e.page.getByRole('region', { name: 'Primeiros passos' });
  const step = (key: string) => checklist().locator(`li[data-step="${key}"]`);
  const home = async () => {
    await mainNav(e2e.page).getByRole('link', { name: 'Clientes' }).click();
    await e2e.page.waitForURL(/\/clients$/);
  };

  it('shows every step pending on the home page of a new office', async () => {
    await emptyOffice(e2e.dataDir);
    const { page } = e2e;
    await page.goto('/login');
    await page.getByLabel('E-mail').fill(EMAIL);
    await page.getByLabel('Senha').fill(PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL(/\/clients$/);
    await checklist().waitFor();
    await checklist().getByText('0 de 5 concluídos').waitFor();
    for (const key of ['office', 'email', 'whatsapp', 'clients', 'routines']) {
      expect(await step(key).getAttribute('data-done')).toBe('false');
    }
    expect(await step('clients').getByRole('link').textContent()).toBe('Importar clientes de um CSV');
  });

  it('ticks the office step once its CNPJ is saved', async () => {
    const { page } = e2e;
    await step('office').getByRole('link', { name: 'Dados do escritório e CNPJ' }).click();
    await page.waitForURL(/\/settings\/office$/);
    await page.getByLabel('CNPJ').fill('11.222.333/0001-81');
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByText('Dados do escritório salvos.').first().waitFor();
    await home();
    await page.locator('li[data-step="office"][data-done="true"]').waitFor();
    await checklist().getByText('1 de 5 concluídos').waitFor();
  });

  it('opens the clients import from its step and ticks it once clients are in', async () => {
    const { page } = e2e;
    await step('clients').getByRole('link').click();
    const dialog = page.getByRole('dialog', { name: 'Importar clientes de CSV' });
    await dialog.waitFor();
    const csv = 'razao_social;cnpj_cpf\nPadaria Primeira Ltda;11.444.777/0001-61\n';
    await dialog
      .locator('input[type=file]')
      .setInputFiles({ name: 'clientes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await dialog.getByRole('button', { name: 'Importar' }).click();
    await dialog.getByText('Todas as linhas foram importadas.').waitFor();
    await dialog.getByRole('button', { name: 'Fechar' }).last().click();
    await page.locator('li[data-step="clients"][data-done="true"]').waitFor();
    await page.getByRole('table', { name: 'Clientes' }).getByText('Padaria Primeira Ltda').waitFor();
  });

  it('leaves the channel steps pending and leads them to Canais', async () => {
    const { page } = e2e;
    for (const key of ['email', 'whatsapp']) {
      expect(await step(key).getAttribute('data-done')).toBe('false');
      await step(key).getByRole('link').click();
      await page.waitForURL(/\/messages\/channels$/);
      await home();
    }
  });

  it('ticks the routines step once a routine is switched on', async () => {
    const { page } = e2e;
    await step('routines').getByRole('link', { name: 'Ligar as primeiras rotinas' }).click();
    await page.waitForURL(/\/routines$/);
    const title = 'Aniversariantes do dia';
    await page.getByRole('link', { name: `Abrir rotina ${title}` }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    await page.getByRole('radiogroup', { name: 'Ativo' }).getByText('Sim', { exact: true }).click();
    await page.getByRole('radiogroup', { name: 'Comunicação' }).getByText('E-mail', { exact: true }).click();
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByRole('heading', { name: title, level: 1 }).getByText('Ativa').waitFor();
    await home();
    await page.locator('li[data-step="routines"][data-done="true"]').waitFor();
    await checklist().getByText('3 de 5 concluídos').waitFor();
  });

  it('hides for good when dismissed', async () => {
    const { page } = e2e;
    await checklist().getByRole('button', { name: 'Ocultar os primeiros passos' }).click();
    await checklist().waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('table', { name: 'Clientes' }).getByText('Padaria Primeira Ltda').waitFor();
    expect(await checklist().count()).toBe(0);
  });
});
