/**
 * The shapes of Brazilian identifiers as regular expressions, for the OpenAPI document (`pattern`) and
 * the clients generated from it. A pattern checks the shape only: the check digits, the DDD and the
 * numbering plan are the validators' job (`isValidCnpj`, `isValidCpf`, `normalizePhoneBR`, `isValidCep`),
 * which stay the server's real check. `*_INPUT` is what a request may send (formatted or bare);
 * `*_STORED` is what the server answers (bare, canonical).
 */

const ALNUM = '[0-9A-Za-z]';

/** A CNPJ as sent: numeric or alphanumeric, any case, formatted (`12.ABC.345/01DE-35`) or bare. */
export const CNPJ_INPUT = new RegExp(`^${ALNUM}{2}\\.?${ALNUM}{3}\\.?${ALNUM}{3}/?${ALNUM}{4}-?[0-9]{2}$`);
/** A CPF as sent: formatted (`111.444.777-35`) or bare. */
const CPF_INPUT = /^[0-9]{3}\.?[0-9]{3}\.?[0-9]{3}-?[0-9]{2}$/;
/** A CPF or a CNPJ as sent (fields that take either, told apart by length). */
export const TAX_ID_INPUT = new RegExp(
  `^(?:${CPF_INPUT.source.slice(1, -1)}|${CNPJ_INPUT.source.slice(1, -1)})$`,
);

/** A CNPJ as stored and answered: 12 characters 0-9A-Z and two check digits. */
export const CNPJ_STORED = /^[0-9A-Z]{12}[0-9]{2}$/;
/** A CPF as stored and answered: 11 digits. */
export const CPF_STORED = /^[0-9]{11}$/;
/** A CPF or a CNPJ as stored and answered. */
export const TAX_ID_STORED = /^(?:[0-9]{11}|[0-9A-Z]{12}[0-9]{2})$/;

/** A CEP as sent: `01310-100`, `01.310-100` or `01310100`. */
export const CEP_INPUT = /^[0-9]{2}\.?[0-9]{3}-?[0-9]{3}$/;
/** A CEP as stored and answered: 8 digits. */
export const CEP_STORED = /^[0-9]{8}$/;

/**
 * A Brazilian phone as sent: national (`(11) 98765-4321`), trunk-prefixed (`0 15 11 98765-4321`) or
 * international (`+55 11 98765-4321`); digits with spaces, parentheses, dots and hyphens.
 */
export const PHONE_INPUT = /^\+?[0-9(][0-9 ().-]{8,24}[0-9]$/;
/** A Brazilian phone as stored and answered: E.164, `+55`, the DDD and 8 (landline) or 9 (mobile) digits. */
export const PHONE_STORED = /^\+55[1-9][0-9](?:[2-5][0-9]{7}|9[0-9]{8})$/;
