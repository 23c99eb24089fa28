/**
 * Pure Brazilian rules shared by the server and the web app (one implementation, so a field is checked
 * the same way on both sides): CPF/CNPJ (including the alphanumeric CNPJ of IN RFB 2.229/2024), CEP,
 * phone numbers (ANATEL DDDs, E.164), pt-BR money/date formats, civil dates and PIX BR Codes.
 * No I/O, no state, no Node-only API: imports nothing from src/server or src/web.
 */

export type { BoletoAccount } from './boleto/index.js';
export {
  /** The bank of a FEBRABAN code, or null: `bankByCode('341')?.name` → `'Itaú Unibanco'`. */
  bankByCode,
  /** The FEBRABAN codes supported: `['001', '033', '104', '237', '341', '748', '756']`. */
  bankCodes,
  /** The boleto of the account's `sequence`-th nosso número: nosso número, campo livre, barcode, linha digitável. */
  buildBoleto,
  /** `00190.00009 02714.710013 …` from the 47 digits. */
  formatLinhaDigitavel,
  /** Reads a typed linha digitável, checking its four check digits; `{ ok, barcode, … }` or `{ ok: false, problem }`. */
  parseLinhaDigitavel,
} from './boleto/index.js';
export {
  /** Formats a CEP: `formatCep('01310100')` → `'01310-100'`. */
  formatCep,
  /** 8 digits, not all zeros: `isValidCep('01310-100')` → `true`. */
  isValidCep,
  /** Strips CEP punctuation: `normalizeCep('01310-100')` → `'01310100'`. */
  normalizeCep,
} from './cep.js';
export type {
  /** A calendar date without time zone, `'YYYY-MM-DD'`. */
  CivilDate,
} from './civil-date.js';
export {
  /** `n` calendar days later (earlier if negative): `addDays('2026-02-28', 1)` → `'2026-03-01'`. */
  addDays,
  /** Builds a validated date from parts: `civilDate(2026, 11, 3)` → `'2026-11-03'`. */
  civilDate,
  /** Splits a date: `civilParts('2026-11-03')` → `{ year: 2026, month: 11, day: 3 }`. */
  civilParts,
  /** The day of a compact `YYYYMMDD…` stamp (OFX), `null` if none: `compactCivilDate('20260315120000[-3:BRT]')` → `'2026-03-15'`. */
  compactCivilDate,
  /** Orders civil dates (negative / 0 / positive), usable with `sort`. */
  compareCivil,
  /** Days in a month (1–12): `daysInMonth(2028, 2)` → `29`. */
  daysInMonth,
  /** Whether a `YYYY-MM-DD` day exists: `isCivilDate('2026-02-30')` → `false`. */
  isCivilDate,
  /** Validates `YYYY-MM-DD`, throwing `RangeError` for `'2026-02-30'`. */
  parseCivilDate,
  /** 0 = Sunday … 6 = Saturday: `weekday('2026-11-20')` → `5`. */
  weekday,
} from './civil-date.js';
export {
  /** The two check digits of a 12-character CNPJ base: `cnpjCheckDigits('112223330001')` → `'81'`. */
  cnpjCheckDigits,
  /** Formats a CNPJ: `formatCnpj('12abc34501de35')` → `'12.ABC.345/01DE-35'`. */
  formatCnpj,
  /** A valid bare CNPJ (branch 0001), deterministic with `random`: `generateCnpj({ alphanumeric: true })`. */
  generateCnpj,
  /** Validates a numeric or alphanumeric CNPJ, formatted or bare: `isValidCnpj('12.ABC.345/01DE-35')` → `true`. */
  isValidCnpj,
  /** Strips `. / -` and spaces, uppercases: `normalizeCnpj('12.abc.345/01de-35')` → `'12ABC34501DE35'`. */
  normalizeCnpj,
} from './cnpj.js';
export {
  /** A valid bare CPF (11 digits), deterministic with `random`: `generateCpf({ random: seededPrng })`. */
  generateCpf,
  /** Validates a CPF, rejecting repeated digits: `isValidCpf('111.444.777-35')` → `true`. */
  isValidCpf,
} from './cpf.js';
export type { TaxId } from './document.js';
export {
  /** Formats a CPF or CNPJ by length: `formatTaxId('11222333000181')` → `'11.222.333/0001-81'`. */
  formatTaxId,
  /** CPF (11) or CNPJ (14) by length, `null` if invalid: `parseTaxId('111.444.777-35')` → `{ kind: 'cpf', value: '11144477735' }`. */
  parseTaxId,
} from './document.js';
export {
  /** `dd/mm/aaaa`; a `YYYY-MM-DD` string is not shifted: `formatDateBR('2026-11-23')` → `'23/11/2026'`. */
  formatDateBR,
  /** `dd/mm/aaaa HH:mm` in `timeZone` (default America/Sao_Paulo): `formatDateTimeBR(new Date('2026-11-23T17:30:00Z'))` → `'23/11/2026 14:30'`. */
  formatDateTimeBR,
  /** Cents to BRL with a regular space: `formatMoneyBRL(123456)` → `'R$ 1.234,56'`; `formatMoneyBRL(-100)` → `'-R$ 1,00'`. */
  formatMoneyBRL,
  /** The twelve month names from Intl: `monthNames('pt-BR')[2]` → `'março'`; `{ capitalised: true }` → `'Março'`. */
  monthNames,
  /** `dd/mm/aaaa` to an ISO civil date, `null` if it does not exist: `parseDateBR('31/02/2026')` → `null`. */
  parseDateBR,
  /** BRL text to cents, `null` if unrecognisable: `parseMoneyBRL('R$ 1.234,56')` → `123456`. */
  parseMoneyBRL,
} from './format.js';
export {
  /** A CEP as sent (`01310-100`) and as stored (`01310100`): shapes for the OpenAPI `pattern`. */
  CEP_INPUT,
  CEP_STORED,
  /** A CNPJ as sent (formatted or bare, alphanumeric) and as stored: shapes, not the check digits. */
  CNPJ_INPUT,
  CNPJ_STORED,
  /** A CPF as stored: a shape, not the check digits. */
  CPF_STORED,
  /** A phone as sent (national or international) and as stored (E.164). */
  PHONE_INPUT,
  PHONE_STORED,
  /** A CPF or CNPJ as sent and as stored. */
  TAX_ID_INPUT,
  TAX_ID_STORED,
} from './patterns.js';
export {
  /** Display form: `formatPhoneBR('+551133334444')` → `'(11) 3333-4444'`; invalid input is returned unchanged. */
  formatPhoneBR,
  /** True for a valid mobile (9 digits starting with 9): `isMobileBR('+5511987654321')` → `true`. */
  isMobileBR,
  /** E.164 or `null`: `normalizePhoneBR('(11) 98765-4321')` → `'+5511987654321'`. */
  normalizePhoneBR,
} from './phone.js';
export type {
  /** One broken BR Code rule: `{ field, code, max? }`. */
  PixIssue,
  /** `'cpf' | 'cnpj' | 'email' | 'phone' | 'evp'`. */
  PixKeyKind,
} from './pix.js';
export {
  /** The "copia e cola" text of a static PIX charge (EMV BR Code with CRC16): `buildBrCode({ key, merchantName, merchantCity, amountCents })`. */
  buildBrCode,
  /** Room for the description beside a key in field 26 (99 characters in all). */
  maxDescriptionLength,
  /** Accents removed, printable ASCII, upper case: `normalizeMerchantText('São Paulo')` → `'SAO PAULO'`. */
  normalizeMerchantText,
  /** Accents removed, printable ASCII: `normalizePixText('Honorários')` → `'Honorarios'`. */
  normalizePixText,
  /** Reads and verifies a "copia e cola" payload (CRC, TLV, key, fields); throws {@link PixError}. */
  parseBrCode,
  /** A key as typed to its DICT form, `null` if invalid: `parsePixKey('111.444.777-35')` → `{ kind: 'cpf', value: '11144477735' }`. */
  parsePixKey,
  pixKeyKinds,
  /** Every rule a static charge breaks (`[]` when valid). */
  validateStaticPix,
} from './pix.js';
