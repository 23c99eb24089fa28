import { compactCivilDate } from '../../../../shared/br/index.js';
import { type ContentSource, readLimited } from './read-limited.js';

/**
 * What an OFX bank statement says about itself: the period of its transaction list
 * (`<BANKTRANLIST><DTSTART>…<DTEND>`) and the account (`<BANKACCTFROM>` — bank, branch, account — or
 * `<CCACCTFROM>` for a credit card). Both versions are read by one tag scanner: OFX 1.x is SGML (tags
 * without closing tags, `OFXHEADER:100`), OFX 2.x is XML (`<?OFX OFXHEADER="200"?>`); their elements and
 * values are the same ASCII. Dates are `YYYYMMDD[HHMMSS[.XXX]][[-3:BRT]]`; the civil day is the first 8.
 */
export interface OfxFacts {
  /** First and last civil day of the statement (`YYYY-MM-DD`). */
  start: string | null;
  end: string | null;
  account: { bankId: string | null; branchId: string | null; accountId: string | null; type: string | null };
}

/** Bytes read at most: the header and the list's dates come before the transactions. */
export const OFX_READ_LIMIT = 1024 * 1024;

const TAG = /<(DTSTART|DTEND|BANKID|BRANCHID|ACCTID|ACCTTYPE|STMTTRN)>\s*([^<\r\n]*)/gi;
/** The account's elements (the rest of TAG's), each with the field it fills. */
const ACCOUNT_TAGS = {
  BANKID: 'bankId',
  BRANCHID: 'branchId',
  ACCTID: 'accountId',
  ACCTTYPE: 'type',
} as const;

/**
 * Reads a statement's period and account, or `null` when the file is not an OFX. A statement without
 * dates comes back with `start`/`end` null.
 * @example await readOfx(await store.open(ref)) // { start: '2026-03-01', end: '2026-03-31', account: { bankId: '341', … } }
 */
export async function readOfx(source: ContentSource, maxBytes = OFX_READ_LIMIT): Promise<OfxFacts | null> {
  const facts: OfxFacts = {
    start: null,
    end: null,
    account: { bankId: null, branchId: null, accountId: null, type: null },
  };
  let isOfx = false;
  let buffered = '';
  let scanned = 0;
  const scan = (final: boolean) => {
    // Only complete values are read: a tag whose line may still be arriving waits for the next chunk.
    const limit = final ? buffered.length : Math.max(buffered.lastIndexOf('<'), 0);
    TAG.lastIndex = scanned;
    let m: RegExpExecArray | null = TAG.exec(buffered);
    while (m && m.index < limit) {
      const value = m[2]!.trim();
      const tag = m[1]!.toUpperCase();
      // The transactions begin: the list's dates and the account came before them.
      if (tag === 'STMTTRN') return 'stop' as const;
      if (tag === 'DTSTART') facts.start ??= compactCivilDate(value);
      else if (tag === 'DTEND') facts.end ??= compactCivilDate(value);
      else facts.account[ACCOUNT_TAGS[tag as keyof typeof ACCOUNT_TAGS]] ??= value || null;
      scanned = TAG.lastIndex;
      m = TAG.exec(buffered);
    }
    return facts.start && facts.end && facts.account.accountId ? ('stop' as const) : ('more' as const);
  };
  await readLimited(source, maxBytes, (chunk) => {
    // OFX 1.x declares CHARSET:1252 or none; values are ASCII, so Latin-1 reads every tag right.
    buffered += Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    if (!isOfx) {
      const start = buffered.replace(/^\uFEFF|^ï»¿/, '').trimStart();
      if (start.length < 16) return 'more';
      isOfx = /^OFXHEADER\s*:/i.test(start) || /<\?OFX\s/i.test(start.slice(0, 512)) || /^<OFX>/i.test(start);
      if (!isOfx) return 'stop';
    }
    return scan(false);
  });
  if (!isOfx) {
    const start = buffered.trimStart();
    isOfx = /^OFXHEADER\s*:/i.test(start) || /^<OFX>/i.test(start);
    if (!isOfx) return null;
  }
  scan(true);
  return facts;
}
