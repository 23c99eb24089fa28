/**
 * CNPJ (Cadastro Nacional da Pessoa Jurídica), numeric and alphanumeric.
 *
 * From July 2026 (IN RFB 2.229/2024) the first 12 positions may hold 0-9 and A-Z; the last 2 are always
 * digits. Check digits use the classic mod-11 weights, where each character is worth its ASCII code
 * minus 48 ('0'..'9' → 0..9, 'A' → 17 … 'Z' → 42), so numeric CNPJs keep the same check digits.
 */

const FIRST_WEIGHTS = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const SECOND_WEIGHTS = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] as const;

const DIGITS = '0123456789';
const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

const BASE_PATTERN = /^[0-9A-Z]{12}$/;
const CNPJ_PATTERN = /^[0-9A-Z]{12}[0-9]{2}$/;
const REPEATED_DIGITS = /^(\d)\1{13}$/;

/** Options for {@link generateCnpj}. */
export interface GenerateCnpjOptions {
  /** Draw the root (first 8 characters) from 0-9A-Z instead of 0-9. Default `false`. */
  alphanumeric?: boolean;
  /** Source of randomness in [0, 1); pass a seeded PRNG for deterministic demo data. Default `Math.random`. */
  random?: () => number;
}

/**
 * Strips `.`, `/`, `-` and whitespace and uppercases. Does not validate.
 * @example normalizeCnpj('12.abc.345/01de-35') // '12ABC34501DE35'
 */
export function normalizeCnpj(input: string): string {
  return input.replace(/[./\-\s]/g, '').toUpperCase();
}

function checkDigit(chars: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += (chars.charCodeAt(i) - 48) * weights[i]!;
  }
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

/**
 * Computes the two check digits for a 12-character base (formatted or bare, numeric or alphanumeric).
 * @throws {RangeError} when the normalised base is not 12 characters of 0-9A-Z.
 * @example cnpjCheckDigits('12.ABC.345/01DE') // '35'
 */
export function cnpjCheckDigits(base12: string): string {
  const base = normalizeCnpj(base12);
  if (!BASE_PATTERN.test(base)) {
    throw new RangeError(`CNPJ base must be 12 characters of 0-9A-Z, got "${base12}"`);
  }
  const first = checkDigit(base, FIRST_WEIGHTS);
  const second = checkDigit(`${base}${first}`, SECOND_WEIGHTS);
  return `${first}${second}`;
}

/**
 * Validates a CNPJ, formatted or bare, numeric or alphanumeric (case-insensitive).
 * Numeric CNPJs made of one repeated digit are rejected.
 * @example isValidCnpj('12.ABC.345/01DE-35') // true
 */
export function isValidCnpj(input: string): boolean {
  const cnpj = normalizeCnpj(input);
  if (!CNPJ_PATTERN.test(cnpj) || REPEATED_DIGITS.test(cnpj)) return false;
  return cnpjCheckDigits(cnpj.slice(0, 12)) === cnpj.slice(12);
}

/**
 * Formats as `XX.XXX.XXX/XXXX-XX`. Input that does not normalise to 14 characters of 0-9A-Z is
 * returned unchanged. Does not validate check digits.
 * @example formatCnpj('12abc34501de35') // '12.ABC.345/01DE-35'
 */
export function formatCnpj(input: string): string {
  const cnpj = normalizeCnpj(input);
  if (!CNPJ_PATTERN.test(cnpj)) return input;
  return `${cnpj.slice(0, 2)}.${cnpj.slice(2, 5)}.${cnpj.slice(5, 8)}/${cnpj.slice(8, 12)}-${cnpj.slice(12)}`;
}

function pick(alphabet: string, random: () => number): string {
  const index = Math.min(alphabet.length - 1, Math.max(0, Math.floor(random() * alphabet.length)));
  return alphabet[index]!;
}

/**
 * Generates a valid bare CNPJ (14 characters) for a head office: random 8-character root, branch `0001`,
 * then the check digits. Deterministic when `random` is given.
 * @example generateCnpj({ alphanumeric: true, random: seededPrng }) // e.g. 'Q0SLFMBD000184'
 */
export function generateCnpj(opts: GenerateCnpjOptions = {}): string {
  const random = opts.random ?? Math.random;
  const alphabet = opts.alphanumeric ? ALPHANUMERIC : DIGITS;
  let root = '';
  for (let i = 0; i < 8; i++) root += pick(alphabet, random);
  const base = `${root}0001`;
  return `${base}${cnpjCheckDigits(base)}`;
}
