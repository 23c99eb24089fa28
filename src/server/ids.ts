import { randomBytes, randomFillSync } from 'node:crypto';

/** Random bytes drawn 4 KiB at a time: one system call per 256 ids instead of one per id. */
const pool = Buffer.alloc(4096);
let offset = pool.length;

function random16(): Buffer {
  if (offset + 16 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = Buffer.from(pool.subarray(offset, offset + 16));
  offset += 16;
  return out;
}

/** The last id's millisecond and its 12-bit sequence (RFC 9562 §6.2, method 1). */
let lastMs = 0;
let seq = 0;

/**
 * A UUIDv7 (RFC 9562): time-ordered, so primary-key indexes stay append-mostly on both dialects.
 * Time comes from the wall clock on purpose: ids order rows, they carry no business meaning.
 * Ids made by this process are strictly increasing, within one millisecond too (a 12-bit counter in
 * `rand_a`, started at a random value below 2,048 each millisecond; on overflow, or a clock that went back,
 * the timestamp moves one millisecond ahead): rows written together in a loop — a stage's rule runs — sort
 * by id in the order they were made.
 */
export function newId(): string {
  const bytes = random16();
  let ms = Date.now();
  if (ms > lastMs) {
    seq = ((bytes[6]! << 8) | bytes[7]!) & 0x7ff;
  } else {
    ms = lastMs;
    seq++;
    if (seq > 0xfff) {
      ms++;
      seq = ((bytes[6]! << 8) | bytes[7]!) & 0x7ff;
    }
  }
  lastMs = ms;
  const big = BigInt(ms);
  for (let i = 0; i < 6; i++) bytes[i] = Number((big >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | (seq >> 8);
  bytes[7] = seq & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A URL-safe random secret of `bytes` bytes of entropy. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Decodes base64url only in its canonical form (no padding, no `+ / = !` or spaces, no stray trailing bits),
 * or null. Node's decoder skips what it does not know, so `ab=c`, `a b c` and `abc` would all name the same
 * bytes: a signed token must have one spelling only.
 * @example fromBase64Url('AQID') // <Buffer 01 02 03>;  fromBase64Url('AQID=') // null
 */
export function fromBase64Url(encoded: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) return null;
  const bytes = Buffer.from(encoded, 'base64url');
  return bytes.toString('base64url') === encoded ? bytes : null;
}
