import { isValidCnpj as referenceIsValidCnpj } from '@brazilian-utils/brazilian-utils';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../seeded-random.js';
import { cnpjCheckDigits, generateCnpj, isValidCnpj } from './cnpj.js';

describe('isValidCnpj', () => {
  it('rejects numeric CNPJs made of one repeated digit, even though 00000000000000 passes mod 11', () => {
    expect(cnpjCheckDigits('000000000000')).toBe('00');
    for (let d = 0; d <= 9; d++) {
      expect(isValidCnpj(String(d).repeat(14))).toBe(false);
    }
  });

  it('agrees with @brazilian-utils (version 2) on single-character mutations of valid CNPJs', () => {
    const random = seededRandom(42);
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (let i = 0; i < 500; i++) {
      const cnpj = generateCnpj({ alphanumeric: true, random });
      const position = Math.floor(random() * 14);
      const pool = position < 12 ? alphabet : '0123456789';
      const mutated = `${cnpj.slice(0, position)}${pool[Math.floor(random() * pool.length)]}${cnpj.slice(position + 1)}`;
      expect(isValidCnpj(mutated)).toBe(referenceIsValidCnpj(mutated, { version: 2 }));
    }
  });
});

describe('cnpjCheckDigits', () => {
  it('computes the official vectors, using ASCII − 48 for letters', () => {
    expect(cnpjCheckDigits('112223330001')).toBe('81');
    expect(cnpjCheckDigits('12ABC34501DE')).toBe('35');
    expect(cnpjCheckDigits('12.abc.345/01de')).toBe('35');
  });

  it('throws on a malformed base', () => {
    expect(() => cnpjCheckDigits('12ABC34501D')).toThrow(RangeError);
    expect(() => cnpjCheckDigits('12ABC34501DE3')).toThrow(RangeError);
    expect(() => cnpjCheckDigits('12ABC34501D!')).toThrow(RangeError);
  });
});

describe('generateCnpj', () => {
  it('produces valid numeric CNPJs for 1000 seeds', () => {
    for (let seed = 0; seed < 1000; seed++) {
      const cnpj = generateCnpj({ random: seededRandom(seed) });
      expect(cnpj).toMatch(/^\d{8}0001\d{2}$/);
      expect(isValidCnpj(cnpj)).toBe(true);
    }
  });

  it('produces valid alphanumeric CNPJs for 1000 seeds, also valid for @brazilian-utils', () => {
    let withLetters = 0;
    for (let seed = 0; seed < 1000; seed++) {
      const cnpj = generateCnpj({ alphanumeric: true, random: seededRandom(seed) });
      expect(cnpj).toMatch(/^[0-9A-Z]{8}0001\d{2}$/);
      expect(isValidCnpj(cnpj)).toBe(true);
      expect(referenceIsValidCnpj(cnpj, { version: 2 })).toBe(true);
      if (/[A-Z]/.test(cnpj)) withLetters++;
    }
    expect(withLetters).toBeGreaterThan(990);
  });

  it('is deterministic for a given random source', () => {
    expect(generateCnpj({ random: seededRandom(7) })).toBe(generateCnpj({ random: seededRandom(7) }));
    expect(generateCnpj({ alphanumeric: true, random: seededRandom(7) })).toBe(
      generateCnpj({ alphanumeric: true, random: seededRandom(7) }),
    );
    expect(generateCnpj({ random: seededRandom(7) })).not.toBe(generateCnpj({ random: seededRandom(8) }));
  });

  it('copes with degenerate random sources', () => {
    expect(isValidCnpj(generateCnpj({ random: () => 0 }))).toBe(true);
    expect(isValidCnpj(generateCnpj({ random: () => 1 }))).toBe(true);
    expect(generateCnpj({ random: () => 0 })).toBe('00000000000191');
  });

  it('uses Math.random by default', () => {
    expect(isValidCnpj(generateCnpj())).toBe(true);
    expect(isValidCnpj(generateCnpj({ alphanumeric: true }))).toBe(true);
  });
});
