import { isValidCpf as referenceIsValidCpf } from '@brazilian-utils/brazilian-utils';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../seeded-random.js';
import { formatCpf, generateCpf, isValidCpf, normalizeCpf } from './cpf.js';

describe('normalizeCpf', () => {
  it('strips punctuation and spaces', () => {
    expect(normalizeCpf('111.444.777-35')).toBe('11144477735');
    expect(normalizeCpf(' 529 982 247 25 ')).toBe('52998224725');
  });
});

describe('isValidCpf', () => {
  it.each(['111.444.777-35', '11144477735', '529.982.247-25', '52998224725'])('accepts %s', (cpf) => {
    expect(isValidCpf(cpf)).toBe(true);
  });

  it.each([
    ['wrong first check digit', '111.444.777-45'],
    ['wrong second check digit', '111.444.777-36'],
    ['too short', '1114447773'],
    ['too long', '111444777350'],
    ['letters', '111.444.77A-35'],
    ['empty', ''],
  ])('rejects %s', (_label, cpf) => {
    expect(isValidCpf(cpf)).toBe(false);
  });

  it('rejects every repeated-digit CPF (which would otherwise pass mod 11)', () => {
    expect(isValidCpf('111.111.111-11')).toBe(false);
    for (let d = 0; d <= 9; d++) {
      expect(isValidCpf(String(d).repeat(11))).toBe(false);
    }
  });
});

describe('formatCpf', () => {
  it('formats 11 digits', () => {
    expect(formatCpf('11144477735')).toBe('111.444.777-35');
    expect(formatCpf('529.982.247-25')).toBe('529.982.247-25');
  });

  it('returns input it cannot format unchanged', () => {
    expect(formatCpf('1234')).toBe('1234');
    expect(formatCpf('1114447773X')).toBe('1114447773X');
  });
});

describe('generateCpf', () => {
  it('produces valid CPFs for 1000 seeds, also valid for @brazilian-utils', () => {
    for (let seed = 0; seed < 1000; seed++) {
      const cpf = generateCpf({ random: seededRandom(seed) });
      expect(cpf).toMatch(/^\d{11}$/);
      expect(isValidCpf(cpf)).toBe(true);
      expect(referenceIsValidCpf(cpf)).toBe(true);
    }
  });

  it('is deterministic for a given random source', () => {
    expect(generateCpf({ random: seededRandom(3) })).toBe(generateCpf({ random: seededRandom(3) }));
    expect(generateCpf({ random: seededRandom(3) })).not.toBe(generateCpf({ random: seededRandom(4) }));
  });

  it('never returns a repeated-digit CPF, even with a constant random source', () => {
    for (const value of [0, 0.15, 0.5, 0.99, 1]) {
      const cpf = generateCpf({ random: () => value });
      expect(isValidCpf(cpf)).toBe(true);
    }
  });

  it('uses Math.random by default', () => {
    expect(isValidCpf(generateCpf())).toBe(true);
  });
});
