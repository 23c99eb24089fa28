/**
 * The yearly fee adjustment (reajuste) of a contract, on its anniversary (`readjustment_date`):
 * - `index`: the accumulated variation of an index (IPCA, IGP-M, INPC) over the twelve months before the
 *   anniversary's month — the product of (1 + monthly rate) — as the office recorded each month;
 * - `percentage`: a fixed percentage agreed in the contract;
 * - `minimum_wage`: a multiple of the salário mínimo of the anniversary's year.
 * Amounts are rounded to the cent. Pure: the service reads the tables and writes the result.
 */

export type AdjustmentMethod = 'index' | 'percentage' | 'minimum_wage';
export type IndexCode = 'IPCA' | 'IGPM' | 'INPC';

/**
 * The salário mínimo by year, as the federal law or decree set it (the office's own table overrides):
 * 2022 Lei 14.358/2022; 2023 Lei 14.663/2023 (R$ 1.320,00 from May — January to April were R$ 1.302,00);
 * 2024 Decreto 11.864/2023; 2025 Decreto 12.342/2024.
 */
export const KNOWN_MINIMUM_WAGES: Readonly<Record<number, number>> = {
  2022: 121_200,
  2023: 132_000,
  2024: 141_200,
  2025: 151_800,
};

/** The twelve `YYYY-MM` months before the month of `date`, oldest first. */
export function monthsBefore(date: string): string[] {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const out: string[] = [];
  for (let k = 12; k >= 1; k--) {
    const total = y * 12 + (m - 1) - k;
    out.push(`${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

export type AdjustmentResult =
  | { ok: true; newAmountCents: number; basis: Record<string, unknown> }
  | { ok: false; missing: string[] };

export interface AdjustmentRule {
  method: AdjustmentMethod;
  index?: IndexCode | null;
  /** The fixed percentage, in basis points (5% = 500). */
  bp?: number | null;
  /** The multiple of the salário mínimo, in thousandths (1.5 × = 1500). */
  mwMultiple?: number | null;
}

/**
 * The new amount of a contract on `effectiveOn`. `rates` are an index's monthly variations in hundredths of
 * a basis point (0.56% = 5600), by month; `wages` the salário mínimo by year in cents. Missing data comes
 * back as `missing` (the months or the year to record), never as a guess.
 * @example adjust(150000, '2027-01-10', { method: 'percentage', bp: 500 }, {}, {}) // { ok: true, newAmountCents: 157500, … }
 */
export function adjust(
  amountCents: number,
  effectiveOn: string,
  rule: AdjustmentRule,
  rates: Readonly<Record<string, number>>,
  wages: Readonly<Record<number, number>>,
): AdjustmentResult {
  switch (rule.method) {
    case 'percentage': {
      const bp = rule.bp ?? 0;
      return {
        ok: true,
        newAmountCents: Math.round((amountCents * (10_000 + bp)) / 10_000),
        basis: { percentageBp: bp },
      };
    }
    case 'index': {
      const months = monthsBefore(effectiveOn);
      const missing = months.filter((m) => rates[m] === undefined).map((m) => `${rule.index} ${m}`);
      if (missing.length) return { ok: false, missing };
      const factor = months.reduce((f, m) => f * (1 + rates[m]! / 1_000_000), 1);
      return {
        ok: true,
        newAmountCents: Math.round(amountCents * factor),
        basis: {
          index: rule.index,
          from: months[0],
          to: months[11],
          accumulatedPpm: Math.round((factor - 1) * 1_000_000),
        },
      };
    }
    case 'minimum_wage': {
      const year = Number(effectiveOn.slice(0, 4));
      const wage = wages[year];
      if (wage === undefined) return { ok: false, missing: [`salário mínimo ${year}`] };
      const multiple = rule.mwMultiple ?? 1000;
      return {
        ok: true,
        newAmountCents: Math.round((wage * multiple) / 1000),
        basis: { year, wageCents: wage, multiple: multiple / 1000 },
      };
    }
  }
}
