import { normalizeDocument, onlyDigits } from './format.js';

/**
 * CNPJ check digits, alphanumeric form (Receita Federal, IN RFB 2.229/2024): the first 12 characters
 * are 0-9 or A-Z, the last two are digits. Each character's value is its ASCII code minus 48
 * ('0' → 0 … '9' → 9, 'A' → 17 … 'Z' → 42); the usual mod-11 weights apply.
 */
const CNPJ_WEIGHTS_1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_WEIGHTS_2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

function mod11Digit(values: number[], weights: number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i += 1) sum += (values[i] ?? 0) * (weights[i] ?? 0);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

/** True for a valid CNPJ, numeric or alphanumeric, formatted or bare. */
export function isValidCnpj(input: string): boolean {
  const cnpj = normalizeDocument(input);
  if (!/^[0-9A-Z]{12}\d{2}$/.test(cnpj)) return false;
  if (/^(\d)\1{13}$/.test(cnpj)) return false;
  const values = [...cnpj].map((c) => c.charCodeAt(0) - 48);
  const d1 = mod11Digit(values, CNPJ_WEIGHTS_1);
  if (d1 !== values[12]) return false;
  const d2 = mod11Digit(values, CNPJ_WEIGHTS_2);
  return d2 === values[13];
}

/** True for a valid CPF, formatted or bare. */
export function isValidCpf(input: string): boolean {
  const cpf = onlyDigits(input);
  if (cpf.length !== 11 || /^(\d)\1{10}$/.test(cpf)) return false;
  const digits = [...cpf].map(Number);
  const check = (len: number): number => {
    let sum = 0;
    for (let i = 0; i < len; i += 1) sum += (digits[i] ?? 0) * (len + 1 - i);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  return check(9) === digits[9] && check(10) === digits[10];
}

export type DocumentProblem = 'required' | 'cnpj_invalid' | 'cpf_invalid' | 'incomplete';

export interface DocumentCheck {
  bare: string;
  kind: 'cnpj' | 'cpf' | null;
  problem: DocumentProblem | null;
}

/** Classifies what was typed in a CNPJ/CPF field and checks it. */
export function checkDocument(input: string): DocumentCheck {
  const bare = normalizeDocument(input);
  if (bare.length === 0) return { bare, kind: null, problem: 'required' };
  if (bare.length === 11 && /^\d+$/.test(bare)) {
    return { bare, kind: 'cpf', problem: isValidCpf(bare) ? null : 'cpf_invalid' };
  }
  if (bare.length === 14) {
    return { bare, kind: 'cnpj', problem: isValidCnpj(bare) ? null : 'cnpj_invalid' };
  }
  const looksLikeCnpj = bare.length > 11 || /[A-Z]/.test(bare);
  return {
    bare,
    kind: looksLikeCnpj ? 'cnpj' : null,
    problem: looksLikeCnpj ? 'cnpj_invalid' : 'incomplete',
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isValidEmail(input: string): boolean {
  return EMAIL.test(input.trim());
}
