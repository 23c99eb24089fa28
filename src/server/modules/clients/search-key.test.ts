import { describe, expect, it } from 'vitest';
import { clientSearchText, searchKey } from './search-key.js';

describe('searchKey', () => {
  it('folds case and accents', () => {
    expect(searchKey('  Ótica SÃO João Açaí ')).toBe('otica sao joao acai');
  });
  it('builds the search text from both names and the bare document', () => {
    expect(clientSearchText('Padaria Pão', 'Pão Dourado', '12ABC34501DE35')).toBe(
      'padaria pao pao dourado 12abc34501de35',
    );
    expect(clientSearchText('João', null, '11144477735')).toBe('joao  11144477735');
  });
});
