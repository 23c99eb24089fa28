/**
 * A small MIME (RFC 5322 / 2045–2047 / 2231) reader for the local mailbox: enough to show an e-mail the way
 * a mail client would — decoded headers, the text and HTML alternatives, the names of any attachments.
 * It takes the raw message as a string (as the API sends it) and never throws on odd input: what it cannot
 * read is shown as given.
 */

export interface MimeHeader {
  /** As written, e.g. `Content-Type`. */
  name: string;
  /** Unfolded, not decoded. */
  value: string;
}

export interface MimePart {
  headers: MimeHeader[];
  /** Lower case, e.g. `text/plain`, `multipart/alternative`. */
  type: string;
  params: Record<string, string>;
  /** `inline`, `attachment` or `''`. */
  disposition: string;
  filename: string | null;
  /** The decoded content of a leaf part (text parts decoded with their charset). */
  text: string | null;
  /** Size of the decoded content in bytes (leaf parts). */
  size: number;
  parts: MimePart[];
}

export interface MimeAttachment {
  filename: string;
  type: string;
  size: number;
}

export interface ParsedEmail {
  from: string;
  to: string;
  cc: string;
  replyTo: string;
  subject: string;
  /** The `Date` header as written. */
  date: string;
  /** The `Date` header as an ISO instant, or `null` when it cannot be read. */
  dateIso: string | null;
  messageId: string;
  text: string | null;
  html: string | null;
  attachments: MimeAttachment[];
  headers: MimeHeader[];
}

const utf8 = new TextEncoder();

/** Bytes → text in a charset; unknown charsets are read as UTF-8. */
export function decodeBytes(bytes: Uint8Array, charset = 'utf-8'): string {
  let label = charset.trim().toLowerCase() || 'utf-8';
  if (label === 'us-ascii' || label === 'ascii') label = 'utf-8';
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const isHex = (c: string | undefined) => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

/**
 * Quoted-printable → bytes: `=XX` is a byte, `=` at the end of a line is a soft break. Anything else is
 * taken as text (non-ASCII characters become their UTF-8 bytes).
 */
export function decodeQuotedPrintable(input: string, header = false): Uint8Array {
  const chunks: number[] = [];
  const source = header ? input : input.replace(/[ \t]+(?=\r?\n)/g, '');
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '=') {
      const a = source[i + 1];
      const b = source[i + 2];
      if (isHex(a) && isHex(b)) {
        chunks.push(Number.parseInt(a! + b!, 16));
        i += 2;
        continue;
      }
      if (a === '\r' && b === '\n') {
        i += 2;
        continue;
      }
      if (a === '\n') {
        i += 1;
        continue;
      }
      if (a === undefined) continue; // a soft break at the very end
    }
    if (header && c === '_') {
      chunks.push(0x20);
      continue;
    }
    const code = c.charCodeAt(0);
    if (code < 0x80) chunks.push(code);
    else chunks.push(...utf8.encode(c));
  }
  return Uint8Array.from(chunks);
}

/** RFC 2231 `%XX` escapes → bytes. */
function decodePercent(input: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (c === '%' && isHex(input[i + 1]) && isHex(input[i + 2])) {
      out.push(Number.parseInt(input.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(...utf8.encode(c));
    }
  }
  return Uint8Array.from(out);
}

/** Base64 → bytes, ignoring line breaks and any stray characters. */
export function decodeBase64(input: string): Uint8Array {
  const clean = input.replace(/[^A-Za-z0-9+/]/g, '');
  const padded = clean.length % 4 === 1 ? clean.slice(0, -1) : clean;
  try {
    const binary = atob(padded + '='.repeat((4 - (padded.length % 4)) % 4));
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return new Uint8Array();
  }
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/**
 * Decodes RFC 2047 encoded-words in a header value: `=?UTF-8?Q?Honor=C3=A1rios?=`, `=?UTF-8?B?T2zDoQ==?=`.
 * Whitespace between two adjacent encoded-words is dropped, and their bytes are joined before decoding, so a
 * character split across two words still comes out whole.
 */
export function decodeEncodedWords(value: string): string {
  let out = '';
  let last = 0;
  let charset: string | null = null;
  let bytes: Uint8Array[] = [];
  const flush = () => {
    if (charset !== null) out += decodeBytes(concat(bytes), charset);
    charset = null;
    bytes = [];
  };
  for (const m of value.matchAll(ENCODED_WORD)) {
    const start = m.index ?? 0;
    const between = value.slice(last, start);
    // RFC 2231 allows `charset*language`: the language is dropped.
    const wordCharset = (m[1] ?? 'utf-8').split('*')[0]!.toLowerCase();
    const word =
      (m[2] ?? 'Q').toUpperCase() === 'B'
        ? decodeBase64(m[3] ?? '')
        : decodeQuotedPrintable(m[3] ?? '', true);
    const adjacent = charset !== null && /^[ \t\r\n]*$/.test(between);
    if (!adjacent || charset !== wordCharset) {
      flush();
      if (!adjacent) out += between;
      charset = wordCharset;
    }
    bytes.push(word);
    last = start + m[0].length;
  }
  flush();
  return out + value.slice(last);
}

/** Splits a raw message or part into its header block and body at the first empty line. */
function splitHeadBody(raw: string): { head: string; body: string } {
  const empty = /^\r?\n/.exec(raw);
  if (empty) return { head: '', body: raw.slice(empty[0].length) };
  const m = /\r?\n\r?\n/.exec(raw);
  if (!m) {
    // Only headers, or only a body.
    return /^[\w-]+:/.test(raw) ? { head: raw, body: '' } : { head: '', body: raw };
  }
  return { head: raw.slice(0, m.index), body: raw.slice(m.index + m[0].length) };
}

/** Header lines, unfolded (a line starting with a space or tab continues the one before). */
export function parseHeaders(head: string): MimeHeader[] {
  const headers: MimeHeader[] = [];
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length > 0) {
      const prev = headers[headers.length - 1]!;
      prev.value += line.replace(/^[ \t]+/, ' ');
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return headers;
}

function headerOf(headers: MimeHeader[], name: string): string {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value ?? '';
}

/**
 * A structured header value: `text/plain; charset="utf-8"; name*=UTF-8''rel%C3%A1torio.pdf` →
 * `{ value: 'text/plain', params: { charset: 'utf-8', name: 'relátorio.pdf' } }`. Parameter names are lower
 * case; RFC 2231 continuations (`name*0*=`, `name*1*=`) and charsets are handled.
 */
export function parseParams(input: string): { value: string; params: Record<string, string> } {
  const pieces: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted && c === '\\' && i + 1 < input.length) {
      current += input[i + 1];
      i += 1;
      continue;
    }
    if (c === '"') {
      quoted = !quoted;
      current += c;
      continue;
    }
    if (c === ';' && !quoted) {
      pieces.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  pieces.push(current);

  const value = (pieces.shift() ?? '').trim().toLowerCase();
  const simple: Record<string, string> = {};
  const extended: Record<string, { index: number; encoded: boolean; text: string }[]> = {};
  for (const piece of pieces) {
    const eq = piece.indexOf('=');
    if (eq <= 0) continue;
    const key = piece.slice(0, eq).trim().toLowerCase();
    let text = piece.slice(eq + 1).trim();
    if (text.startsWith('"') && text.endsWith('"') && text.length >= 2) text = text.slice(1, -1);
    const m = /^([^*]+)\*(?:(\d+)(\*)?)?$/.exec(key);
    if (m) {
      const base = m[1]!;
      const index = m[2] === undefined ? 0 : Number(m[2]);
      const encoded = m[2] === undefined ? true : m[3] === '*';
      extended[base] ??= [];
      extended[base].push({ index, encoded, text });
    } else {
      simple[key] = text;
    }
  }
  const params: Record<string, string> = { ...simple };
  for (const [key, segments] of Object.entries(extended)) {
    segments.sort((a, b) => a.index - b.index);
    let charset = 'utf-8';
    const bytes: Uint8Array[] = [];
    segments.forEach((s, i) => {
      let text = s.text;
      if (i === 0 && s.encoded) {
        const parts = text.split("'");
        if (parts.length >= 3) {
          charset = parts[0] || 'utf-8';
          text = parts.slice(2).join("'");
        }
      }
      bytes.push(s.encoded ? decodePercent(text) : utf8.encode(text));
    });
    params[key] = decodeBytes(concat(bytes), charset);
  }
  for (const [key, text] of Object.entries(params)) params[key] = decodeEncodedWords(text);
  return { value, params };
}

/** A part's body, undone from its transfer encoding, as bytes. */
function bodyBytes(body: string, encoding: string): Uint8Array {
  switch (encoding.trim().toLowerCase()) {
    case 'base64':
      return decodeBase64(body);
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      return utf8.encode(body);
  }
}

/** Splits a multipart body at its boundary; preamble and epilogue are dropped. */
function splitMultipart(body: string, boundary: string): string[] {
  const lines = body.split(/\r?\n/);
  const open = `--${boundary}`;
  const close = `--${boundary}--`;
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of lines) {
    const trimmed = line.trimEnd();
    if (trimmed === close) {
      if (current) parts.push(current.join('\r\n'));
      current = null;
      return parts;
    }
    if (trimmed === open) {
      if (current) parts.push(current.join('\r\n'));
      current = [];
      continue;
    }
    current?.push(line);
  }
  // No closing delimiter: keep what was there.
  if (current) parts.push(current.join('\r\n'));
  return parts;
}

const MAX_DEPTH = 20;

/** Parses one entity (a message or a part of it) into a tree. */
export function parsePart(raw: string, depth = 0, defaultType = 'text/plain'): MimePart {
  const { head, body } = splitHeadBody(raw);
  const headers = parseHeaders(head);
  const contentType = headerOf(headers, 'Content-Type');
  const { value: parsedType, params } = parseParams(contentType || defaultType);
  const type = parsedType.includes('/') ? parsedType : defaultType;
  const { value: disposition, params: dispositionParams } = parseParams(
    headerOf(headers, 'Content-Disposition'),
  );
  const filename = dispositionParams.filename ?? params.name ?? null;
  const part: MimePart = { headers, type, params, disposition, filename, text: null, size: 0, parts: [] };

  if (type.startsWith('multipart/') && params.boundary && depth < MAX_DEPTH) {
    const childDefault = type === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
    part.parts = splitMultipart(body, params.boundary).map((p) => parsePart(p, depth + 1, childDefault));
    return part;
  }
  const bytes = bodyBytes(body, headerOf(headers, 'Content-Transfer-Encoding'));
  part.size = bytes.length;
  if (type === 'message/rfc822' && depth < MAX_DEPTH) {
    part.parts = [parsePart(decodeBytes(bytes), depth + 1)];
    return part;
  }
  if (type.startsWith('text/')) {
    part.text = decodeBytes(bytes, params.charset ?? 'utf-8').replace(/\r\n/g, '\n');
  }
  return part;
}

/** The text and HTML a mail client would show, and the attachments it would list. */
function collect(
  part: MimePart,
  out: { text: string | null; html: string | null; attachments: MimeAttachment[] },
): void {
  if (part.type === 'multipart/alternative') {
    // The last alternative the reader understands is the richest: look from the end.
    const alternatives = [...part.parts].reverse();
    const html = alternatives.find((p) => p.type === 'text/html' || p.type.startsWith('multipart/'));
    const text = alternatives.find((p) => p.type === 'text/plain');
    for (const p of [text, html]) if (p) collect(p, out);
    for (const p of part.parts)
      if (p !== text && p !== html && p.disposition === 'attachment') collect(p, out);
    return;
  }
  if (part.type.startsWith('multipart/')) {
    for (const p of part.parts) collect(p, out);
    return;
  }
  if (part.type === 'message/rfc822' && part.disposition !== 'attachment') {
    // A forwarded message is shown as an attachment: its own text stays its own.
    out.attachments.push({ filename: part.filename ?? 'mensagem.eml', type: part.type, size: part.size });
    return;
  }
  const isBody = part.disposition !== 'attachment' && !part.filename;
  if (isBody && part.type === 'text/plain' && part.text !== null && out.text === null) {
    out.text = part.text;
    return;
  }
  if (isBody && part.type === 'text/html' && part.text !== null && out.html === null) {
    out.html = part.text;
    return;
  }
  out.attachments.push({ filename: part.filename ?? part.type, type: part.type, size: part.size });
}

function toIso(date: string): string | null {
  if (!date) return null;
  const ms = Date.parse(date.replace(/\s*\([^)]*\)\s*$/, ''));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Reads a raw e-mail (`message/rfc822`) into what a mail client shows. */
export function parseEmail(raw: string): ParsedEmail {
  const root = parsePart(raw);
  const out = {
    text: null as string | null,
    html: null as string | null,
    attachments: [] as MimeAttachment[],
  };
  collect(root, out);
  const header = (name: string) => decodeEncodedWords(headerOf(root.headers, name));
  const date = headerOf(root.headers, 'Date');
  return {
    from: header('From'),
    to: header('To'),
    cc: header('Cc'),
    replyTo: header('Reply-To'),
    subject: header('Subject'),
    date,
    dateIso: toIso(date),
    messageId: headerOf(root.headers, 'Message-ID'),
    text: out.text,
    html: out.html,
    attachments: out.attachments,
    headers: root.headers,
  };
}
