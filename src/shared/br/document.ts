/** Tax id (CPF or CNPJ) decided by length, for fields that accept either. */

import { formatCnpj, isValidCnpj, normalizeCnpj } from './cnpj.js';
import { formatCpf, isValidCpf } from './cpf.js';

/** A validated tax id, `value` bare (no punctuation, uppercase). */
export interface TaxId {
  kind: 'cnpj' | 'cpf';
  value: string;
}

/**
 * Parses a CPF or CNPJ by normalised length (11 → CPF, 14 → CNPJ); `null` when invalid.
 * @example parseTaxId('12.ABC.345/01DE-35') // { kind: 'cnpj', value: '12ABC34501DE35' }
 */
export function parseTaxId(input: string): TaxId | null {
  // CNPJ normalisation (strip . / - and whitespace, uppercase) is a superset of CPF's.
  const value = normalizeCnpj(input);
  if (value.length === 11) return isValidCpf(value) ? { kind: 'cpf', value } : null;
  if (value.length === 14) return isValidCnpj(value) ? { kind: 'cnpj', value } : null;
  return null;
}

/**
 * Formats a CPF (11) or CNPJ (14) by normalised length; anything else (wrong length or characters) is
 * returned unchanged. Does not validate check digits.
 * @example formatTaxId('11144477735') // '111.444.777-35'
 */
export function formatTaxId(value: string): string {
  const normalized = normalizeCnpj(value);
  if (/^\d{11}$/.test(normalized)) return formatCpf(normalized);
  if (/^[0-9A-Z]{12}\d{2}$/.test(normalized)) return formatCnpj(normalized);
  return value;
}
