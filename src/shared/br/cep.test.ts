import { describe, expect, it } from 'vitest';
import { formatCep, isValidCep, normalizeCep } from './cep.js';

describe('normalizeCep', () => {
  it('strips punctuation and spaces', () => {
    expect(normalizeCep('01310-100')).toBe('01310100');
    expect(normalizeCep(' 01.310-100 ')).toBe('01310100');
  });
});

describe('isValidCep', () => {
  it.each(['01310-100', '01310100', '20040-020', '01.310-100'])('accepts %s', (cep) => {
    expect(isValidCep(cep)).toBe(true);
  });

  it.each(['00000-000', '00000000', '0131010', '013101000', '01310-10A', ''])('rejects %s', (cep) => {
    expect(isValidCep(cep)).toBe(false);
  });
});

describe('formatCep', () => {
  it('formats 8 digits', () => {
    expect(formatCep('01310100')).toBe('01310-100');
    expect(formatCep('01310-100')).toBe('01310-100');
  });

  it('returns input it cannot format unchanged', () => {
    expect(formatCep('1234')).toBe('1234');
  });
});
