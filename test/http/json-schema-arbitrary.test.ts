/**
 * The request generator of the OpenAPI contract test speaks the documented shapes: strings it makes for
 * a `pattern` match it, and for the Brazilian identifiers they are also valid (check digits, DDD), so the
 * contract test's valid requests reach the services.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CEP_INPUT,
  CNPJ_INPUT,
  isValidCep,
  normalizePhoneBR,
  PHONE_INPUT,
  parseTaxId,
  TAX_ID_INPUT,
} from '../../src/server/modules/br/index.js';
import { brPatterns } from './br-arbitraries.js';
import { arbitraryOf } from './json-schema-arbitrary.js';

const sample = (pattern: string, withPatterns: boolean) =>
  fc.sample(
    arbitraryOf(
      { type: 'string', pattern },
      withPatterns ? { patterns: brPatterns } : {},
    ) as fc.Arbitrary<string>,
    { seed: 14, numRuns: 300 },
  );

describe('generated strings for OpenAPI patterns', () => {
  it('are valid CPFs and CNPJs (numeric and alphanumeric, formatted or bare) for the tax id pattern', () => {
    const values = sample(TAX_ID_INPUT.source, true);
    const parsed = values.map((v) => ({ v, id: parseTaxId(v) }));
    expect(parsed.filter((p) => !p.id).map((p) => p.v)).toEqual([]);
    expect(values.every((v) => TAX_ID_INPUT.test(v))).toBe(true);
    const kinds = new Set(parsed.map((p) => p.id!.kind));
    expect(kinds).toEqual(new Set(['cpf', 'cnpj']));
    expect(parsed.some((p) => p.id!.kind === 'cnpj' && /[A-Z]/.test(p.id!.value))).toBe(true);
    expect(values.some((v) => v.includes('/'))).toBe(true);
  });

  it('are valid phones and CEPs, or empty where the field may be cleared', () => {
    for (const [re, valid] of [
      [PHONE_INPUT, (v: string) => normalizePhoneBR(v) !== null],
      [CEP_INPUT, isValidCep],
      [CNPJ_INPUT, (v: string) => parseTaxId(v)?.kind === 'cnpj'],
    ] as const) {
      const optional = `^(?:${re.source.slice(1, -1)})?$`;
      expect(brPatterns[optional], optional).toBeDefined();
      const values = sample(optional, true);
      expect(values.filter((v) => v !== '' && !(re.test(v) && valid(v)))).toEqual([]);
      expect(values.some((v) => v !== '')).toBe(true);
    }
    expect(sample(PHONE_INPUT.source, true).every((v) => normalizePhoneBR(v) !== null)).toBe(true);
  });

  it('match any other pattern, which gives the shape only', () => {
    const values = sample(TAX_ID_INPUT.source, false);
    expect(values.every((v) => TAX_ID_INPUT.test(v))).toBe(true);
    // Shape only: most random strings of the shape fail the check digits.
    expect(values.filter((v) => parseTaxId(v) === null).length).toBeGreaterThan(values.length / 2);
  });
});
