import { describe, expect, it } from 'vitest';
import type { Run } from './engine.schema.js';
import { localizedSummary, localizeRun } from './run-texts.js';

const run = (result: unknown, error: string | null = null) =>
  ({ id: 'r1', state: 'succeeded', result, error }) as Run;

describe('localizeRun', () => {
  const stored = run({ ...localizedSummary({ 'pt-BR': 'Nada a fazer.', en: 'Nothing to do.' }), records: 0 });

  it('shows the English twin to an English reader and the pt-BR text to the others, twins removed', () => {
    expect(localizeRun(stored, 'en').result).toEqual({ summary: 'Nothing to do.', records: 0 });
    expect(localizeRun(stored, 'pt-BR').result).toEqual({ summary: 'Nada a fazer.', records: 0 });
  });

  it('reads a dead run’s catalogued error in the reader’s language, its result left empty', () => {
    const dead = run({ errorEn: 'Routine not found.' }, 'Rotina não encontrada.');
    expect(localizeRun(dead, 'en')).toMatchObject({ error: 'Routine not found.', result: null });
    expect(localizeRun(dead, 'pt-BR')).toMatchObject({ error: 'Rotina não encontrada.', result: null });
  });

  it('reads a legacy result’s title (routine runs stored before runTitles) in the reader’s language', () => {
    const titled = run({ title: 'Rotina: X', titleEn: 'Routine: X', records: 1 });
    expect(localizeRun(titled, 'en').result).toEqual({ title: 'Routine: X', records: 1 });
    expect(localizeRun(titled, 'pt-BR').result).toEqual({ title: 'Rotina: X', records: 1 });
  });

  it('leaves a run stored in pt-BR only as it is, in both languages', () => {
    const old = run({ summary: 'Só em português.' });
    expect(localizeRun(old, 'en')).toBe(old);
    expect(localizeRun(run(['a list']), 'en').result).toEqual(['a list']);
  });
});
