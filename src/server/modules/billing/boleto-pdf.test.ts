import bwipjs from 'bwip-js';
import { describe, expect, it } from 'vitest';
import { itfModules } from './boleto-pdf.js';

/**
 * bwip-js's ITF (narrow 1, wide 2 by default), with the wide element written 3 as FEBRABAN asks, up to the
 * stop's last bar (bwip-js ends its sequence with a space).
 */
function bwipModules(digits: string): number[] {
  const [enc] = bwipjs.raw('interleaved2of5', digits, {}) as Array<{ sbs: number[] }>;
  const sbs = enc!.sbs.length % 2 === 0 ? enc!.sbs.slice(0, -1) : enc!.sbs;
  return sbs.map((w) => (w > 1 ? 3 : 1));
}

describe('itfModules', () => {
  it('encodes a boleto barcode as bwip-js does, in 405 narrow modules', () => {
    // Banco do Brasil's example barcode (the boleto tests' first bank).
    const barcode = '00193373700000001000500940144816060680935031';
    const modules = itfModules(barcode);
    expect(modules).toEqual(bwipModules(barcode));
    expect(modules.reduce((a, b) => a + b, 0)).toBe(405);
    expect(modules.slice(0, 4)).toEqual([1, 1, 1, 1]);
    expect(modules.slice(-3)).toEqual([3, 1, 1]);
  });

  it('matches bwip-js on random digit strings of every even length up to 44', () => {
    let seed = 21;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    for (let n = 0; n < 300; n++) {
      const length = 2 * (1 + (n % 22));
      let digits = '';
      for (let i = 0; i < length; i++) digits += String(next() % 10);
      expect(itfModules(digits), digits).toEqual(bwipModules(digits));
    }
  });

  it('refuses an odd number of digits or a non-digit', () => {
    expect(() => itfModules('123')).toThrow(RangeError);
    expect(() => itfModules('12a4')).toThrow(RangeError);
  });
});
