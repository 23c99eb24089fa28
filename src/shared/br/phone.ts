/**
 * Brazilian phone numbers (ANATEL numbering plan): 2-digit DDD (area code) plus an 8-digit landline
 * starting 2-5 or a 9-digit mobile starting 9. Canonical form is E.164: `+55` + DDD + subscriber.
 */

/** Every DDD in use in Brazil (ANATEL). Codes such as 20, 23, 25, 26, 29, 30, 36, 39, 40, 50… do not exist. */
const VALID_DDDS: ReadonlySet<string> = new Set(
  [
    '11 12 13 14 15 16 17 18 19', // SP
    '21 22 24', // RJ
    '27 28', // ES
    '31 32 33 34 35 37 38', // MG
    '41 42 43 44 45 46', // PR
    '47 48 49', // SC
    '51 53 54 55', // RS
    '61', // DF
    '62 64', // GO
    '63', // TO
    '65 66', // MT
    '67', // MS
    '68', // AC
    '69', // RO
    '71 73 74 75 77', // BA
    '79', // SE
    '81 87', // PE
    '82', // AL
    '83', // PB
    '84', // RN
    '85 88', // CE
    '86 89', // PI
    '91 93 94', // PA
    '92 97', // AM
    '95', // RR
    '96', // AP
    '98 99', // MA
  ]
    .join(' ')
    .split(' '),
);

const E164_BR = /^\+55(\d{2})(\d{4,5})(\d{4})$/;

function isValidNational(national: string): boolean {
  const ddd = national.slice(0, 2);
  const subscriber = national.slice(2);
  if (!VALID_DDDS.has(ddd)) return false;
  if (subscriber.length === 9) return subscriber.startsWith('9');
  if (subscriber.length === 8) return /^[2-5]/.test(subscriber);
  return false;
}

/**
 * Normalises a Brazilian phone number to E.164, or `null` when it is not a valid landline or mobile.
 * Accepts national (`(11) 98765-4321`, `11 3333-4444`), trunk-prefixed (`011 98765 4321`, also with a
 * carrier code, `0 15 11 98765-4321`) and international (`+55 11 98765-4321`, `5511987654321`) forms.
 * @example normalizePhoneBR('(11) 98765-4321') // '+5511987654321'
 */
export function normalizePhoneBR(input: string): string | null {
  const trimmed = input.trim();
  const international = trimmed.startsWith('+');
  const digits = (international ? trimmed.slice(1) : trimmed).replace(/[\s().-]/g, '');
  if (!/^\d+$/.test(digits)) return null;

  let national: string;
  if (international) {
    if (!digits.startsWith('55')) return null;
    national = digits.slice(2);
  } else if (digits.startsWith('0')) {
    // Trunk prefix 0, optionally followed by a 2-digit carrier selection code (0 XX DDD number).
    const rest = digits.slice(1);
    national = rest.length === 12 || rest.length === 13 ? rest.slice(2) : rest;
  } else if ((digits.length === 12 || digits.length === 13) && digits.startsWith('55')) {
    // Country code without '+'. National numbers are 10 or 11 digits, so the length disambiguates.
    national = digits.slice(2);
  } else {
    national = digits;
  }

  return isValidNational(national) ? `+55${national}` : null;
}

/**
 * Formats a Brazilian phone for display: `(11) 98765-4321` or `(11) 3333-4444`. Accepts anything
 * {@link normalizePhoneBR} accepts; invalid input is returned unchanged.
 * @example formatPhoneBR('+5511987654321') // '(11) 98765-4321'
 */
export function formatPhoneBR(e164: string): string {
  const normalized = normalizePhoneBR(e164);
  const match = normalized === null ? null : E164_BR.exec(normalized);
  if (!match) return e164;
  return `(${match[1]}) ${match[2]}-${match[3]}`;
}

/**
 * True when the number is a valid Brazilian mobile (9 digits starting with 9).
 * @example isMobileBR('+5511987654321') // true
 */
export function isMobileBR(e164: string): boolean {
  const normalized = normalizePhoneBR(e164);
  // '+55' + DDD (2) + 9-digit subscriber.
  return normalized !== null && normalized.length === 14;
}
