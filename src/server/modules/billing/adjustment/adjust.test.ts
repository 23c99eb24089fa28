import { describe, expect, it } from 'vitest';
import { adjust, monthsBefore } from './adjust.js';

describe('fee adjustment', () => {
  it('takes the twelve months before the anniversary month', () => {
    expect(monthsBefore('2027-01-10')).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
  });

  it('accumulates an index month by month (compound), and names the months missing', () => {
    const rates = Object.fromEntries(monthsBefore('2027-01-10').map((m) => [m, 4000]));
    // 1.004^12 = 1.04907…: R$ 1.500,00 → R$ 1.573,61.
    expect(adjust(150_000, '2027-01-10', { method: 'index', index: 'IPCA' }, rates, {})).toMatchObject({
      ok: true,
      newAmountCents: 157_361,
    });
    const { '2026-05': _, ...gap } = rates;
    expect(adjust(150_000, '2027-01-10', { method: 'index', index: 'IPCA' }, gap, {})).toEqual({
      ok: false,
      missing: ['IPCA 2026-05'],
    });
  });

  it('applies a fixed percentage and a multiple of the salário mínimo', () => {
    expect(adjust(150_000, '2027-01-10', { method: 'percentage', bp: 750 }, {}, {})).toMatchObject({
      newAmountCents: 161_250,
    });
    expect(
      adjust(150_000, '2025-03-01', { method: 'minimum_wage', mwMultiple: 1500 }, {}, { 2025: 151_800 }),
    ).toMatchObject({
      newAmountCents: 227_700,
    });
    expect(adjust(150_000, '2031-03-01', { method: 'minimum_wage', mwMultiple: 1000 }, {}, {})).toEqual({
      ok: false,
      missing: ['salário mínimo 2031'],
    });
  });
});
