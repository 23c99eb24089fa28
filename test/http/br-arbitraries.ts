import fc from 'fast-check';
import {
  CEP_INPUT,
  CNPJ_INPUT,
  formatCep,
  formatCnpj,
  formatPhoneBR,
  generateCnpj,
  generateCpf,
  PHONE_INPUT,
  TAX_ID_INPUT,
} from '../../src/server/modules/br/index.js';

/**
 * Valid Brazilian identifiers for the OpenAPI patterns, in the forms a client sends them: a pattern
 * states the shape, and these also get the check digits, the DDD and the numbering plan right, so that
 * generated requests reach the service instead of stopping at a field error.
 */

/** A PRNG for the generators of `br`, fed by fast-check (so that runs reproduce from the seed). */
const randomFrom = fc
  .array(fc.double({ min: 0, max: 0.999_999, noNaN: true }), { minLength: 16, maxLength: 16 })
  .map((values) => {
    let i = 0;
    return () => values[i++ % values.length]!;
  });

export const validCnpj = fc
  .record({ random: randomFrom, alphanumeric: fc.boolean(), formatted: fc.boolean(), lower: fc.boolean() })
  .map(({ random, alphanumeric, formatted, lower }) => {
    const bare = generateCnpj({ alphanumeric, random });
    const shown = formatted ? formatCnpj(bare) : bare;
    return lower ? shown.toLowerCase() : shown;
  });

export const validCpf = fc
  .record({ random: randomFrom, formatted: fc.boolean() })
  .map(({ random, formatted }) => {
    const bare = generateCpf({ random });
    return formatted ? `${bare.slice(0, 3)}.${bare.slice(3, 6)}.${bare.slice(6, 9)}-${bare.slice(9)}` : bare;
  });

const DDDS = ['11', '19', '21', '27', '31', '41', '48', '51', '61', '62', '71', '81', '85', '91', '98'];

export const validPhone = fc
  .record({
    ddd: fc.constantFrom(...DDDS),
    subscriber: fc.oneof(fc.stringMatching(/^9[0-9]{8}$/), fc.stringMatching(/^[2-5][0-9]{7}$/)),
    form: fc.constantFrom('national', 'international', 'bare'),
  })
  .map(({ ddd, subscriber, form }) => {
    const e164 = `+55${ddd}${subscriber}`;
    if (form === 'national') return formatPhoneBR(e164);
    return form === 'international' ? `+55 ${ddd} ${subscriber}` : `${ddd}${subscriber}`;
  });

export const validCep = fc
  .record({ digits: fc.stringMatching(/^[0-9]{8}$/), formatted: fc.boolean() })
  .filter(({ digits }) => digits !== '00000000')
  .map(({ digits, formatted }) => (formatted ? formatCep(digits) : digits));

/** The pattern of a field that also takes `''` (to clear it), as the schemas write it. */
const orEmpty = (re: RegExp) => `^(?:${re.source.slice(1, -1)})?$`;

/** `ArbitraryOptions.patterns` for the request patterns of the API. */
export const brPatterns: Record<string, fc.Arbitrary<string>> = {
  [TAX_ID_INPUT.source]: fc.oneof(validCnpj, validCpf),
  [orEmpty(CNPJ_INPUT)]: fc.oneof(validCnpj, fc.constant('')),
  [PHONE_INPUT.source]: validPhone,
  [orEmpty(PHONE_INPUT)]: fc.oneof(validPhone, fc.constant('')),
  [orEmpty(CEP_INPUT)]: fc.oneof(validCep, fc.constant('')),
};
