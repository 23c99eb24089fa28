import { describe, expect, it } from 'vitest';
import { interpolate, pickLanguage } from './i18n.js';

describe('pickLanguage', () => {
  it.each([
    [undefined, 'pt-BR'],
    ['', 'pt-BR'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['pt-BR,pt;q=0.9,en;q=0.8', 'pt-BR'],
    ['en;q=0.5,pt;q=0.9', 'pt-BR'],
    ['pt;q=0.2,en-GB;q=0.8', 'en'],
    ['fr-FR,de;q=0.9', 'pt-BR'],
    ['fr-FR,en;q=0.1', 'en'],
    ['en;q=0', 'pt-BR'],
  ] as const)('%s → %s', (header, lang) => {
    expect(pickLanguage(header)).toBe(lang);
  });
});

describe('interpolate', () => {
  it('replaces known placeholders and keeps unknown ones', () => {
    expect(
      interpolate('CNPJ {document} de {kind} {x}', { document: '11.222.333/0001-81', kind: 'teste' }),
    ).toBe('CNPJ 11.222.333/0001-81 de teste {x}');
  });
});
