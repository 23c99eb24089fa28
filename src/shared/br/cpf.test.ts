import { isValidCpf as referenceIsValidCpf } from '@brazilian-utils/brazilian-utils';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../seeded-random.js';
import { generateCpf, isValidCpf } from './cpf.js';

describe('isValidCpf', () => {
  it('rejects every repeated-digit CPF (which would otherwise pass mod 11)', () => {
    expect(isValidCpf('111.111.111-11')).toBe(false);
    for (let d = 0; d <= 9; d++) {
      expect(isValidCpf(String(d).repeat(11))).toBe(false);
    }
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
