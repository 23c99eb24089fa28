/**
 * PIX BR Code: the "copia e cola" text behind a static PIX QR code, as the Banco Central's *Manual de
 * Padrões para Iniciação do Pix* (EMV® QRCPS-MPM profile) defines it. Pure: no I/O, no clock.
 *
 * A payload is a list of TLV fields — two-digit id, two-digit length, value — in this order:
 *
 * | id | field | here |
 * |---|---|---|
 * | 00 | Payload Format Indicator | always `01` |
 * | 01 | Point of Initiation Method | `12` (single use) when asked, absent otherwise (reusable) |
 * | 26 | Merchant Account Information | `00` GUI `br.gov.bcb.pix`, `01` key, `02` description (optional) |
 * | 52 | Merchant Category Code | `0000` |
 * | 53 | Transaction Currency | `986` (BRL) |
 * | 54 | Transaction Amount | optional; `1234.56` — dot, no thousands separator, at most 13 characters |
 * | 58 | Country Code | `BR` |
 * | 59 | Merchant Name | 1–25 characters, accents removed, upper case |
 * | 60 | Merchant City | 1–15 characters, accents removed, upper case |
 * | 62 | Additional Data Field | `05` txid: 1–25 of `[A-Za-z0-9]`, or `***` when there is none |
 * | 63 | CRC | CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) of everything before it, `6304` included |
 *
 * Every value is printable ASCII, so a length counts characters and bytes alike; a TLV value is at most
 * 99 characters, which bounds the key plus the description inside field 26.
 *
 * Keys follow the DICT's formats: CPF and CNPJ bare (11 digits / 14 characters, check digits verified),
 * e-mail in lower case (at most 77 characters), mobile phone as `+55` DDD number, random key (EVP) as a
 * lower-case UUID.
 */
import { isValidCnpj, normalizeCnpj } from './cnpj.js';
import { isValidCpf, normalizeCpf } from './cpf.js';
import { isMobileBR, normalizePhoneBR } from './phone.js';

export const pixKeyKinds = ['cpf', 'cnpj', 'email', 'phone', 'evp'] as const;
/** `cpf`, `cnpj`, `email`, `phone` (mobile, `+55…`) or `evp` (random key, a UUID). */
export type PixKeyKind = (typeof pixKeyKinds)[number];

/** A PIX key in the DICT's canonical form. */
export interface PixKey {
  kind: PixKeyKind;
  value: string;
}

/** Field limits of a static BR Code. */
export const PIX_LIMITS = {
  merchantName: 25,
  merchantCity: 15,
  txid: 25,
  email: 77,
  /** `54` holds at most 13 characters: `9999999999.99`. */
  amountCents: 999_999_999_999,
  tlvValue: 99,
} as const;

/** The GUI of the PIX arrangement inside field 26. Compared case-insensitively when reading. */
export const PIX_GUI = 'br.gov.bcb.pix';

export type PixErrorCode =
  | 'invalid_key'
  | 'invalid_merchant_name'
  | 'invalid_merchant_city'
  | 'invalid_amount'
  | 'invalid_txid'
  | 'description_too_long'
  | 'malformed'
  | 'invalid_crc'
  | 'not_pix'
  | 'missing_field';

/** A BR Code rule broken: which field, which rule. */
export interface PixIssue {
  field: 'key' | 'merchantName' | 'merchantCity' | 'amountCents' | 'txid' | 'description' | 'payload';
  code: PixErrorCode;
  /** For length rules: the maximum allowed. */
  max?: number;
}

/** Thrown by {@link buildBrCode} and {@link parseBrCode}; `issues` lists every rule broken. */
export class PixError extends Error {
  readonly code: PixErrorCode;
  readonly issues: PixIssue[];
  constructor(issues: PixIssue[], detail?: string) {
    const first = issues[0] ?? { field: 'payload', code: 'malformed' };
    super(detail ?? `${first.field}: ${first.code}`);
    this.name = 'PixError';
    this.code = first.code;
    this.issues = issues;
  }
}

// ------------------------------------------------------------------ CRC

/**
 * CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor) of the UTF-8 bytes of
 * `data`, as four upper-case hex digits. Check value: `crc16('123456789')` → `'29B1'`.
 */
export function crc16(data: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(data)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

// ------------------------------------------------------------------ keys

const EMAIL_KEY =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const EVP_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PHONE_KEY = /^\+55\d{11}$/;

function keyOfKind(input: string, kind: PixKeyKind): PixKey | null {
  const s = input.trim();
  switch (kind) {
    case 'cpf':
      return /^[\d.\s-]+$/.test(s) && isValidCpf(s) ? { kind, value: normalizeCpf(s) } : null;
    case 'cnpj':
      return /^[\dA-Za-z./\s-]+$/.test(s) && isValidCnpj(s) ? { kind, value: normalizeCnpj(s) } : null;
    case 'email': {
      const v = s.toLowerCase();
      return v.length <= PIX_LIMITS.email && EMAIL_KEY.test(v) ? { kind, value: v } : null;
    }
    case 'phone': {
      const v = normalizePhoneBR(s);
      return v && isMobileBR(v) && PHONE_KEY.test(v) ? { kind, value: v } : null;
    }
    case 'evp': {
      const v = s.toLowerCase();
      return EVP_KEY.test(v) ? { kind, value: v } : null;
    }
  }
}

/**
 * Reads a PIX key as a person types it and returns its canonical DICT form, or `null` when it is not a
 * valid key. With `kind`, only that kind is tried; without it the kind is told by the shape: `@` is an
 * e-mail, `+` a phone, a UUID an EVP, 11 digits a CPF, 14 characters a CNPJ (an 11-digit mobile number
 * without `+55` is read as a CPF, so pass `kind: 'phone'` or the `+55`).
 * @example parsePixKey('111.444.777-35') // { kind: 'cpf', value: '11144477735' }
 * @example parsePixKey('(11) 98765-4321', 'phone') // { kind: 'phone', value: '+5511987654321' }
 */
export function parsePixKey(input: string, kind?: PixKeyKind): PixKey | null {
  if (typeof input !== 'string') return null;
  if (kind) return keyOfKind(input, kind);
  const s = input.trim();
  if (s.includes('@')) return keyOfKind(s, 'email');
  if (s.startsWith('+')) return keyOfKind(s, 'phone');
  if (EVP_KEY.test(s.toLowerCase())) return keyOfKind(s, 'evp');
  const bare = s.replace(/[.\-/\s]/g, '');
  if (/^\d{11}$/.test(bare)) return keyOfKind(s, 'cpf');
  if (/^[\dA-Za-z]{14}$/.test(bare)) return keyOfKind(s, 'cnpj');
  return null;
}

// ------------------------------------------------------------------ text

/**
 * Text as a BR Code carries it: accents removed (`ç` → `c`), anything outside printable ASCII dropped,
 * runs of spaces collapsed, trimmed. `normalizePixText('  São  João – Ltda ')` → `'Sao Joao Ltda'`.
 */
export function normalizePixText(input: string): string {
  return input
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A merchant name or city as the payload carries it: {@link normalizePixText}, upper case. */
export const normalizeMerchantText = (input: string): string => normalizePixText(input).toUpperCase();

/** `123456` → `'1234.56'`: field 54's format (dot decimals, no thousands separator). */
export function formatPixAmount(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`invalid amount in cents: ${cents}`);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

const TXID = /^[A-Za-z0-9]{1,25}$/;

// ------------------------------------------------------------------ TLV

function tlv(id: string, value: string): string {
  if (value.length > PIX_LIMITS.tlvValue) throw new RangeError(`field ${id} longer than 99 characters`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

/** Splits a TLV string into its fields, or `null` when the lengths do not add up. */
function readTlv(data: string): [string, string][] | null {
  const out: [string, string][] = [];
  let i = 0;
  while (i < data.length) {
    const id = data.slice(i, i + 2);
    const len = data.slice(i + 2, i + 4);
    if (!/^\d{2}$/.test(id) || !/^\d{2}$/.test(len)) return null;
    const n = Number(len);
    const value = data.slice(i + 4, i + 4 + n);
    if (value.length !== n) return null;
    out.push([id, value]);
    i += 4 + n;
  }
  return out;
}

/** The room left for the description (`26`/`02`) beside a key: 99 − GUI − key − their TLV headers. */
export function maxDescriptionLength(key: string): number {
  return Math.max(0, PIX_LIMITS.tlvValue - (4 + PIX_GUI.length) - (4 + key.length) - 4);
}

// ------------------------------------------------------------------ build

/** What a static charge needs. */
export interface StaticPixInput {
  /** The receiver's key in any form {@link parsePixKey} accepts (with `keyKind`, only that kind). */
  key: string;
  keyKind?: PixKeyKind;
  /** Up to 25 characters once accents are removed; upper-cased. */
  merchantName: string;
  /** Up to 15 characters once accents are removed; upper-cased. */
  merchantCity: string;
  /** Integer cents, more than zero; absent lets the payer type the amount. */
  amountCents?: number | null;
  /** 1–25 of `[A-Za-z0-9]`; absent or empty is `***`. */
  txid?: string | null;
  /** A note the payer's bank may show (accents removed); must fit beside the key in field 26. */
  description?: string | null;
  /** `01` = `12`: the code pays once (an invoice); absent: reusable. */
  singleUse?: boolean;
}

/** Every rule a static charge breaks (empty when it is valid). */
export function validateStaticPix(input: StaticPixInput): PixIssue[] {
  const issues: PixIssue[] = [];
  const key = parsePixKey(input.key, input.keyKind);
  if (!key) issues.push({ field: 'key', code: 'invalid_key' });
  const name = normalizeMerchantText(input.merchantName ?? '');
  if (name.length < 1 || name.length > PIX_LIMITS.merchantName)
    issues.push({ field: 'merchantName', code: 'invalid_merchant_name', max: PIX_LIMITS.merchantName });
  const city = normalizeMerchantText(input.merchantCity ?? '');
  if (city.length < 1 || city.length > PIX_LIMITS.merchantCity)
    issues.push({ field: 'merchantCity', code: 'invalid_merchant_city', max: PIX_LIMITS.merchantCity });
  const amount = input.amountCents;
  if (
    amount !== undefined &&
    amount !== null &&
    (!Number.isSafeInteger(amount) || amount <= 0 || amount > PIX_LIMITS.amountCents)
  )
    issues.push({ field: 'amountCents', code: 'invalid_amount', max: PIX_LIMITS.amountCents });
  if (input.txid && input.txid !== '***' && !TXID.test(input.txid))
    issues.push({ field: 'txid', code: 'invalid_txid', max: PIX_LIMITS.txid });
  const description = normalizePixText(input.description ?? '');
  if (key && description.length > maxDescriptionLength(key.value))
    issues.push({ field: 'description', code: 'description_too_long', max: maxDescriptionLength(key.value) });
  return issues;
}

/**
 * The "copia e cola" payload of a static PIX charge. Throws {@link PixError} listing every broken rule
 * (nothing is truncated silently).
 * @example buildBrCode({ key: 'contato@escritorio.com.br', merchantName: 'Contábil Estrela',
 *   merchantCity: 'São Paulo', amountCents: 123456, txid: 'HON202611A1B2', singleUse: true })
 */
export function buildBrCode(input: StaticPixInput): string {
  const issues = validateStaticPix(input);
  if (issues.length) throw new PixError(issues);
  const key = parsePixKey(input.key, input.keyKind)!;
  const description = normalizePixText(input.description ?? '');
  const account = tlv('00', PIX_GUI) + tlv('01', key.value) + (description ? tlv('02', description) : '');
  const txid = input.txid ? input.txid : '***';
  const body =
    tlv('00', '01') +
    (input.singleUse ? tlv('01', '12') : '') +
    tlv('26', account) +
    tlv('52', '0000') +
    tlv('53', '986') +
    (input.amountCents ? tlv('54', formatPixAmount(input.amountCents)) : '') +
    tlv('58', 'BR') +
    tlv('59', normalizeMerchantText(input.merchantName)) +
    tlv('60', normalizeMerchantText(input.merchantCity)) +
    tlv('62', tlv('05', txid)) +
    '6304';
  return body + crc16(body);
}

// ------------------------------------------------------------------ parse

/** A BR Code read back. */
export interface ParsedBrCode {
  /** `static` carries a key; `dynamic` a URL (`26`/`25`) the payer's bank fetches. */
  type: 'static' | 'dynamic';
  key: PixKey | null;
  url: string | null;
  description: string | null;
  amountCents: number | null;
  merchantName: string;
  merchantCity: string;
  /** `null` for `***`. */
  txid: string | null;
  singleUse: boolean;
  crc: string;
  /** Every top-level field in order, `63` included. */
  fields: [string, string][];
}

const fail = (code: PixErrorCode, detail: string, field: PixIssue['field'] = 'payload'): never => {
  throw new PixError([{ field, code }], detail);
};

/**
 * Reads a "copia e cola" payload and checks it: the TLV structure, the CRC (last field, `6304XXXX`,
 * upper or lower hex), the format indicator, the PIX GUI, the key's DICT format, the amount, the name
 * and city, the txid. Surrounding white space is ignored. Throws {@link PixError}.
 */
export function parseBrCode(input: string): ParsedBrCode {
  const code = input.trim();
  const m = /^(.*6304)([0-9A-Fa-f]{4})$/s.exec(code);
  if (!m) return fail('malformed', 'the payload does not end with a CRC field (6304XXXX)');
  const [, body, crc] = m as unknown as [string, string, string];
  if (crc16(body).toUpperCase() !== crc.toUpperCase())
    return fail('invalid_crc', `CRC ${crc.toUpperCase()} does not match the payload (${crc16(body)})`);
  const fields = readTlv(code);
  if (!fields) return fail('malformed', 'the TLV lengths do not add up');
  const last = fields[fields.length - 1];
  if (last?.[0] !== '63' || last[1].length !== 4) return fail('malformed', 'the CRC is not the last field');
  if (fields[0]?.[0] !== '00' || fields[0][1] !== '01')
    return fail('malformed', 'the payload does not start with 000201');
  const get = (id: string) => fields.find(([fid]) => fid === id)?.[1];

  const accountRaw = get('26');
  if (accountRaw === undefined) return fail('not_pix', 'no merchant account information (26)');
  const account = readTlv(accountRaw);
  if (!account) return fail('malformed', 'field 26 is not valid TLV');
  const sub = (id: string) => account.find(([fid]) => fid === id)?.[1];
  if (sub('00')?.toLowerCase() !== PIX_GUI) return fail('not_pix', 'field 26 is not the PIX arrangement');
  const rawKey = sub('01');
  const url = sub('25') ?? null;
  let key: PixKey | null = null;
  if (rawKey !== undefined) {
    key = parsePixKey(rawKey);
    if (!key || key.value !== rawKey) return fail('invalid_key', 'the key is not in DICT format', 'key');
  } else if (!url) {
    return fail('missing_field', 'field 26 has neither a key (01) nor a URL (25)', 'key');
  }

  if (get('52') === undefined || get('53') !== '986' || get('58') !== 'BR')
    return fail('missing_field', 'fields 52, 53=986 and 58=BR are required');
  const name = get('59');
  if (!name || name.length > PIX_LIMITS.merchantName)
    return fail('invalid_merchant_name', 'merchant name (59) missing or too long', 'merchantName');
  const city = get('60');
  if (!city || city.length > PIX_LIMITS.merchantCity)
    return fail('invalid_merchant_city', 'merchant city (60) missing or too long', 'merchantCity');

  let amountCents: number | null = null;
  const amount = get('54');
  if (amount !== undefined) {
    const am = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(amount);
    if (!am || amount.length > 13) return fail('invalid_amount', 'amount (54) malformed', 'amountCents');
    amountCents = Number(am[1]) * 100 + Number((am[2] ?? '').padEnd(2, '0'));
  }

  const additional = get('62');
  if (additional === undefined) return fail('missing_field', 'additional data (62) is required', 'txid');
  const extra = readTlv(additional);
  if (!extra) return fail('malformed', 'field 62 is not valid TLV');
  const txidRaw = extra.find(([fid]) => fid === '05')?.[1];
  if (txidRaw === undefined) return fail('missing_field', 'txid (62/05) is required', 'txid');
  if (txidRaw !== '***' && !TXID.test(txidRaw)) return fail('invalid_txid', 'txid malformed', 'txid');

  return {
    type: key ? 'static' : 'dynamic',
    key,
    url,
    description: sub('02') ?? null,
    amountCents,
    merchantName: name,
    merchantCity: city,
    txid: txidRaw === '***' ? null : txidRaw,
    singleUse: get('01') === '12',
    crc: crc.toUpperCase(),
    fields,
  };
}
