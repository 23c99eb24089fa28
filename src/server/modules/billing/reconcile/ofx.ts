/**
 * Reads an OFX bank statement's transactions. OFX 1.x is SGML (`OFXHEADER:100`, leaf elements without
 * closing tags), OFX 2.x is XML (`<?OFX OFXHEADER="200"?>`); both carry the same elements, so one tag
 * scanner reads both (as collection's content check does for the statement's period — that module sits
 * beside billing and cannot be imported; both read dates with src/shared/br's `compactCivilDate`).
 * Values are ASCII or Latin-1 (`CHARSET:1252`).
 */

import { compactCivilDate } from '../../../../shared/br/index.js';

export interface OfxTransaction {
  /** The bank's unique id of the transaction (FITID). */
  fitId: string;
  type: string;
  /** Civil date `YYYY-MM-DD` of DTPOSTED. */
  postedOn: string;
  /** Signed, in cents: credits are positive. */
  amountCents: number;
  /** NAME, MEMO, REFNUM and CHECKNUM joined: where a payer's bank writes the txid or nosso número. */
  memo: string;
}

export interface OfxStatement {
  bankId: string | null;
  branchId: string | null;
  accountId: string | null;
  start: string | null;
  end: string | null;
  transactions: OfxTransaction[];
}

/** True when the text begins as an OFX file does (after an optional BOM and blank lines). */
export function looksLikeOfx(text: string): boolean {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  return (
    /^OFXHEADER\s*:/i.test(start) ||
    /^<\?xml[^>]*>\s*<\?OFX\s/i.test(start) ||
    /^<\?OFX\s/i.test(start) ||
    /^<OFX>/i.test(start)
  );
}

/** An OFX amount (`-123.45`, `123,45`, `+10`) in cents, or null. */
function cents(value: string): number | null {
  const v = value.trim().replace(',', '.');
  if (!/^[+-]?\d+(\.\d{1,2})?$/.test(v)) return null;
  const [int, dec = ''] = v.replace(/^[+-]/, '').split('.');
  const n = Number(int) * 100 + Number(dec.padEnd(2, '0'));
  return v.startsWith('-') ? -n : n;
}

/**
 * Parses a statement, or returns null when the text is not OFX. Transactions without a FITID, a valid
 * DTPOSTED or a valid TRNAMT are left out (a bank statement always has them).
 */
export function parseOfx(text: string): OfxStatement | null {
  if (!looksLikeOfx(text)) return null;
  const out: OfxStatement = {
    bankId: null,
    branchId: null,
    accountId: null,
    start: null,
    end: null,
    transactions: [],
  };
  let current: Record<string, string> | null = null;
  const flush = () => {
    if (!current) return;
    const postedOn = compactCivilDate(current.DTPOSTED ?? '');
    const amountCents = cents(current.TRNAMT ?? '');
    if (current.FITID && postedOn && amountCents !== null) {
      out.transactions.push({
        fitId: current.FITID,
        type: current.TRNTYPE ?? '',
        postedOn,
        amountCents,
        memo: [current.NAME, current.MEMO, current.REFNUM, current.CHECKNUM].filter(Boolean).join(' '),
      });
    }
    current = null;
  };
  for (const m of text.matchAll(/<(\/?)([A-Z0-9.]+)>([^<\r\n]*)/gi)) {
    const closing = m[1] === '/';
    const tag = m[2]!.toUpperCase();
    const value = m[3]!.trim();
    if (tag === 'STMTTRN') {
      if (closing) flush();
      else {
        flush();
        current = {};
      }
      continue;
    }
    if (closing) {
      if (tag === 'BANKTRANLIST') flush();
      continue;
    }
    if (current) {
      if (value) current[tag] = value;
      continue;
    }
    if (tag === 'BANKID') out.bankId ??= value || null;
    else if (tag === 'BRANCHID') out.branchId ??= value || null;
    else if (tag === 'ACCTID') out.accountId ??= value || null;
    else if (tag === 'DTSTART') out.start ??= compactCivilDate(value);
    else if (tag === 'DTEND') out.end ??= compactCivilDate(value);
  }
  flush();
  return out;
}
