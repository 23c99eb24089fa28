/** CPF (Cadastro de Pessoas Físicas): 9 digits plus 2 mod-11 check digits. */

const CPF_PATTERN = /^\d{11}$/;
const REPEATED_DIGITS = /^(\d)\1+$/;

/** Options for {@link generateCpf}. */
export interface GenerateCpfOptions {
  /** Source of randomness in [0, 1); pass a seeded PRNG for deterministic demo data. Default `Math.random`. */
  random?: () => number;
}

/**
 * Strips `.`, `-`, `/` and whitespace. Does not validate.
 * @example normalizeCpf('111.444.777-35') // '11144477735'
 */
export function normalizeCpf(input: string): string {
  return input.replace(/[./\-\s]/g, '');
}

function checkDigit(digits: string): number {
  // Weights run from length+1 down to 2.
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    sum += (digits.charCodeAt(i) - 48) * (digits.length + 1 - i);
  }
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

function cpfCheckDigits(base9: string): string {
  const first = checkDigit(base9);
  const second = checkDigit(`${base9}${first}`);
  return `${first}${second}`;
}

/**
 * Validates a CPF, formatted or bare. CPFs made of one repeated digit are rejected.
 * @example isValidCpf('111.444.777-35') // true
 */
export function isValidCpf(input: string): boolean {
  const cpf = normalizeCpf(input);
  if (!CPF_PATTERN.test(cpf) || REPEATED_DIGITS.test(cpf)) return false;
  return cpfCheckDigits(cpf.slice(0, 9)) === cpf.slice(9);
}

/**
 * Formats as `XXX.XXX.XXX-XX`. Input that does not normalise to 11 digits is returned unchanged.
 * @example formatCpf('11144477735') // '111.444.777-35'
 */
export function formatCpf(input: string): string {
  const cpf = normalizeCpf(input);
  if (!CPF_PATTERN.test(cpf)) return input;
  return `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`;
}

/**
 * Generates a valid bare CPF (11 digits). Deterministic when `random` is given.
 * @example generateCpf({ random: seededPrng }) // e.g. '52998224725'
 */
export function generateCpf(opts: GenerateCpfOptions = {}): string {
  const random = opts.random ?? Math.random;
  let base = '';
  for (let i = 0; i < 9; i++) {
    base += String(Math.min(9, Math.max(0, Math.floor(random() * 10))));
  }
  // A repeated-digit base yields a repeated-digit CPF (e.g. 000.000.000-00), which is invalid:
  // bump the last digit instead of drawing again, so a constant `random` cannot loop forever.
  if (REPEATED_DIGITS.test(base)) {
    base = `${base.slice(0, 8)}${(Number(base[8]) + 1) % 10}`;
  }
  return `${base}${cpfCheckDigits(base)}`;
}
