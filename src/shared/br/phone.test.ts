import { describe, expect, it } from 'vitest';
import { formatPhoneBR, isMobileBR, normalizePhoneBR } from './phone.js';

/** The DDDs in use, per ANATEL. */
const EXISTING_DDDS = [
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45, 46,
  47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85,
  86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99,
];

describe('normalizePhoneBR', () => {
  it.each([
    ['(11) 98765-4321', '+5511987654321'],
    ['11 3333-4444', '+551133334444'],
    ['+55 11 98765-4321', '+5511987654321'],
    ['+55 (11) 3333-4444', '+551133334444'],
    ['5511987654321', '+5511987654321'],
    ['551133334444', '+551133334444'],
    ['011 98765 4321', '+5511987654321'],
    ['0 15 11 98765-4321', '+5511987654321'],
    ['11987654321', '+5511987654321'],
    ['  (21) 2345.6789 ', '+552123456789'],
    ['(55) 3222-1234', '+555532221234'],
    ['55 99876-5432', '+5555998765432'],
  ])('normalises %s', (input, expected) => {
    expect(normalizePhoneBR(input)).toBe(expected);
  });

  it.each([
    ['DDD 20', '(20) 98765-4321'],
    ['DDD 23', '(23) 3333-4444'],
    ['DDD 10', '(10) 98765-4321'],
    ['DDD 00', '00 98765 4321'],
    ['mobile without the 9', '(11) 8765-4321'],
    ['mobile with 10 digits', '(11) 998765-4321'],
    ['9-digit number not starting with 9', '(11) 88765-4321'],
    ['landline starting with 1', '(11) 1333-4444'],
    ['landline starting with 6', '(11) 6333-4444'],
    ['too short', '11 3333-444'],
    ['too long', '11 3333-44445'],
    ['foreign country code', '+1 212 555 0100'],
    ['+55 with wrong length', '+55 11 98765-432'],
    ['letters', '(11) 9876A-4321'],
    ['stray plus', '11 +98765-4321'],
    ['empty', ''],
  ])('rejects %s', (_label, input) => {
    expect(normalizePhoneBR(input)).toBeNull();
  });

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

describe('formatPhoneBR', () => {
  it('formats mobiles and landlines', () => {
    expect(formatPhoneBR('+5511987654321')).toBe('(11) 98765-4321');
    expect(formatPhoneBR('+551133334444')).toBe('(11) 3333-4444');
  });

  it('accepts any form normalizePhoneBR accepts', () => {
    expect(formatPhoneBR('011 98765 4321')).toBe('(11) 98765-4321');
  });

  it('returns invalid input unchanged', () => {
    expect(formatPhoneBR('+5520987654321')).toBe('+5520987654321');
    expect(formatPhoneBR('not a phone')).toBe('not a phone');
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
