import { describe, expect, it } from 'vitest';
import { formatTaxId, parseTaxId } from './document.js';

describe('parseTaxId', () => {
  it('recognises CPFs by 11 digits', () => {
    expect(parseTaxId('111.444.777-35')).toEqual({ kind: 'cpf', value: '11144477735' });
    expect(parseTaxId('52998224725')).toEqual({ kind: 'cpf', value: '52998224725' });
  });

  it('recognises numeric and alphanumeric CNPJs by 14 characters', () => {
    expect(parseTaxId('11.222.333/0001-81')).toEqual({ kind: 'cnpj', value: '11222333000181' });
    expect(parseTaxId('12.abc.345/01de-35')).toEqual({ kind: 'cnpj', value: '12ABC34501DE35' });
  });

  it.each([
    ['invalid CPF', '111.444.777-36'],
    ['repeated-digit CPF', '111.111.111-11'],
    ['invalid CNPJ', '11.222.333/0001-82'],
    ['invalid alphanumeric CNPJ', '12.ABC.345/01DE-36'],
    ['11 chars with a letter', '1114447773A'],
    ['12 digits', '111444777351'],
    ['empty', ''],
  ])('returns null for %s', (_label, input) => {
    expect(parseTaxId(input)).toBeNull();
  });
});

describe('formatTaxId', () => {
  it('formats by normalised length', () => {
    expect(formatTaxId('11144477735')).toBe('111.444.777-35');
    expect(formatTaxId('11222333000181')).toBe('11.222.333/0001-81');
    expect(formatTaxId('12abc34501de35')).toBe('12.ABC.345/01DE-35');
    expect(formatTaxId('111.444.777-35')).toBe('111.444.777-35');
  });

  it('returns anything else unchanged', () => {
    expect(formatTaxId('12345')).toBe('12345');
    expect(formatTaxId('1114447773A')).toBe('1114447773A');
    expect(formatTaxId('')).toBe('');
  });
});
