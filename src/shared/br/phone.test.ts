import { describe, expect, it } from 'vitest';
import { isMobileBR, normalizePhoneBR } from './phone.js';

/** The DDDs in use, per ANATEL. */
const EXISTING_DDDS = [
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45, 46,
  47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85,
  86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99,
];

describe('normalizePhoneBR', () => {
  it('accepts exactly the ANATEL DDD list', () => {
    const accepted: number[] = [];
    for (let ddd = 10; ddd <= 99; ddd++) {
      if (normalizePhoneBR(`(${ddd}) 98765-4321`) !== null) accepted.push(ddd);
    }
    expect(accepted).toEqual(EXISTING_DDDS);
    for (const missing of [
      20, 23, 25, 26, 29, 30, 36, 39, 40, 50, 52, 56, 57, 58, 59, 60, 70, 72, 76, 78, 80, 90,
    ]) {
      expect(accepted).not.toContain(missing);
    }
  });
});

describe('isMobileBR', () => {
  it('distinguishes mobiles from landlines', () => {
    expect(isMobileBR('+5511987654321')).toBe(true);
    expect(isMobileBR('+551133334444')).toBe(false);
  });

  it('is false for invalid numbers', () => {
    expect(isMobileBR('+5520987654321')).toBe(false);
    expect(isMobileBR('')).toBe(false);
  });
});
