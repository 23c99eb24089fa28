/**
 * Browser test of issue #17 item 7: validation messages a person can act on, on the field, in Portuguese
 * and in English. An empty time reads "Informe um horário no formato 08:30." (not the regular expression),
 * a name over the limit "Use no máximo 120 caracteres." (not zod's "Grande demais…"), both under their own
 * input; and a field with a limit counts its characters and stops there. Expects `npm run build`.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginAsDemoAdmin, mainNav, useE2E } from './harness.js';

/** The error Mantine shows under an input (the element its `aria-describedby` names). */
async function errorOf(input: Locator): Promise<string> {
  await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => input.page().locator(`[id="${id}"]`).textContent()));
  return texts.filter(Boolean).join(' | ');
}

const LANGS = [
  {
    lang: 'pt-BR',
    runs: 'Execuções',
    tab: 'Agendas',
    newSchedule: 'Nova agenda',
    name: 'Nome',
    task: 'Tarefa',
    time: 'Hora',
    save: 'Salvar',
    cancel: 'Cancelar',
    timeMessage: 'Informe um horário no formato 08:30.',
    longMessage: 'Use no máximo 120 caracteres.',
  },
  {
    lang: 'en',
    runs: 'Runs',
    tab: 'Schedules',
    newSchedule: 'New schedule',
    name: 'Name',
    task: 'Task',
    time: 'Time',
    save: 'Save',
    cancel: 'Cancel',
    timeMessage: 'Enter a time in the format 08:30.',
    longMessage: 'Use at most 120 characters.',
  },
] as const;

describe('validation messages on the field (browser)', () => {
  let page: Page;
  useE2E({ tmpPrefix: 'expediente-e2e-validation-', ptBrBrowser: true }, (e2e) => {
    page = e2e.page;
  });

  it('logs in', async () => {
    await page.goto('/login');
    await loginAsDemoAdmin(page);
  }, 60_000);

  for (const l of LANGS) {
    it(`shows the time and too-long messages on their fields, in ${l.lang}`, async () => {
      // The user's language lives on the server (it wins over the browser's): chosen with the PT/EN switch.
      await page.goto('/runs/schedules');
      await page
        .getByRole('radiogroup', { name: /^(Idioma|Language)$/ })
        .first()
        .getByText(l.lang === 'en' ? 'EN' : 'PT', { exact: true })
        .click();
      await page.getByRole('tab', { name: l.tab }).waitFor();
      await page.getByRole('button', { name: l.newSchedule }).first().click();
      const dialog = page.getByRole('dialog', { name: l.newSchedule });
      await dialog.waitFor();

      const name = dialog.getByLabel(new RegExp(`^${l.name}`)).first();
      await name.fill('Agenda de conferência '.repeat(6).slice(0, 121));
      const task = dialog.getByRole('combobox', { name: l.task });
      await task.click();
      await page.getByRole('option').first().click();
      const time = dialog.getByLabel(new RegExp(`^${l.time}`)).first();
      await time.fill('');

      let saves = 0;
      const count = (req: { method(): string; url(): string }) => {
        if (req.method() === 'POST' && new URL(req.url()).pathname === '/api/schedules') saves += 1;
      };
      page.on('request', count);
      await dialog.getByRole('button', { name: l.save }).click();

      expect(await errorOf(time)).toContain(l.timeMessage);
      expect(await errorOf(name)).toContain(l.longMessage);
      page.off('request', count);
      expect(saves).toBe(1);
      // Nothing of zod's or of the pattern reaches the person.
      const text = (await dialog.textContent()) ?? '';
      expect(text).not.toMatch(/\[01\]|\\d|Grande demais|Too big|esperava|expected/);
      // Refused: nothing was saved (the demo office has agendas of its own, e.g. Cobrança de Arquivos').
      const list = await page.request.get('/api/schedules');
      const names = ((await list.json()).items as { name: string }[]).map((s) => s.name);
      expect(names).not.toContain(await name.inputValue());
      await dialog.getByRole('button', { name: l.cancel }).click();
      await dialog.waitFor({ state: 'hidden' });
    }, 60_000);
  }

  it('counts the characters of a limited field and stops at its limit (Profissões, 80)', async () => {
    await page.goto('/clients');
    await page
      .getByRole('radiogroup', { name: /^(Idioma|Language)$/ })
      .first()
      .getByText('PT', { exact: true })
      .click();
    await mainNav(page).getByRole('link', { name: 'Configurações' }).click();
    await page.getByRole('tab', { name: 'Profissões' }).click();
    const input = page.getByRole('textbox', { name: 'Nova profissão' });
    await input.click();
    await input.pressSequentially('Analista '.repeat(10));
    expect(await input.inputValue()).toHaveLength(80);
    await page.getByText('80/80').waitFor();
  }, 60_000);
});
