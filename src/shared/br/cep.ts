/** CEP (Código de Endereçamento Postal): 8 digits, shown as `XXXXX-XXX`. */

const CEP_PATTERN = /^\d{8}$/;

/**
 * Strips `.`, `-` and whitespace. Does not validate.
 * @example normalizeCep('01310-100') // '01310100'
 */
export function normalizeCep(input: string): string {
  return input.replace(/[.\-\s]/g, '');
}

/**
 * True for 8 digits (formatted or bare) that are not all zeros.
 * @example isValidCep('01310-100') // true
 */
export function isValidCep(input: string): boolean {
  const cep = normalizeCep(input);
  return CEP_PATTERN.test(cep) && cep !== '00000000';
}

/**
 * Formats as `XXXXX-XXX`. Input that does not normalise to 8 digits is returned unchanged.
 * @example formatCep('01310100') // '01310-100'
 */
export function formatCep(input: string): string {
  const cep = normalizeCep(input);
  if (!CEP_PATTERN.test(cep)) return input;
  return `${cep.slice(0, 5)}-${cep.slice(5)}`;
}
