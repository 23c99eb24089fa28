import { isValidCnpj, isValidCpf } from '../../shared/br/index.js';
import { normalizeDocument } from './format.js';

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
