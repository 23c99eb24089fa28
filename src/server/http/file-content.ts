/**
 * What a file's first bytes say it is, whatever its name claims: the one place that knows the magic
 * numbers, shared by every upload path (ticket files, the document collection's uploads). A name says what
 * a file *should* be; {@link looksLike} checks the bytes agree, {@link detectKind} names what they are.
 *
 * Kinds: the binary formats by their signature (`pdf`, `png`, `jpeg`, `gif`, `webp`, `tiff`, `zip` —
 * also xlsx, docx, odt…, `ole` — old Office), and among text (no NUL byte): `ofx` (a bank statement, SGML
 * v1 `OFXHEADER:100` or XML v2 `<?OFX OFXHEADER="200"`), `xml` (starts with `<?xml` or an element), and
 * plain `text` (CSV, TXT). `unknown` is binary of no known kind; `empty` has no byte.
 */

export const contentKinds = [
  'pdf',
  'png',
  'jpeg',
  'gif',
  'webp',
  'tiff',
  'zip',
  'ole',
  'ofx',
  'xml',
  'text',
  'unknown',
  'empty',
] as const;
export type ContentKind = (typeof contentKinds)[number];

/** Bytes a decision needs at most (text: no NUL byte in the first 64 KiB). */
export const SNIFF_BYTES = 64 * 1024;

const startsWith = (data: Uint8Array, bytes: number[], at = 0) => bytes.every((b, i) => data[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const signatures: [Exclude<ContentKind, 'ofx' | 'xml' | 'text' | 'unknown' | 'empty'>, number[][]][] = [
  ['pdf', [ascii('%PDF-')]],
  ['png', [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]]],
  ['jpeg', [[0xff, 0xd8, 0xff]]],
  ['gif', [ascii('GIF87a'), ascii('GIF89a')]],
  [
    'tiff',
    [
      [0x49, 0x49, 0x2a, 0x00],
      [0x4d, 0x4d, 0x00, 0x2a],
    ],
  ],
  [
    'zip',
    [
      [0x50, 0x4b, 0x03, 0x04],
      [0x50, 0x4b, 0x05, 0x06],
    ],
  ],
  ['ole', [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]]],
];

const isText = (head: Uint8Array) => !head.subarray(0, SNIFF_BYTES).includes(0);

/** The start of a text file without a UTF-8 byte-order mark and leading blanks, as Latin-1 (tags are ASCII). */
function textStart(head: Uint8Array): string {
  const body = startsWith(head, [0xef, 0xbb, 0xbf]) ? head.subarray(3) : head;
  return Buffer.from(body.subarray(0, 1024)).toString('latin1').trimStart();
}

/**
 * Names what the first bytes of a file are (give it at least {@link SNIFF_BYTES}, or the whole file when
 * shorter).
 * @example detectKind(Buffer.from('OFXHEADER:100\nDATA:OFXSGML')) // 'ofx'
 */
export function detectKind(head: Uint8Array): ContentKind {
  if (head.length === 0) return 'empty';
  for (const [kind, sigs] of signatures) if (sigs.some((s) => startsWith(head, s))) return kind;
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'webp';
  if (!isText(head)) return 'unknown';
  const start = textStart(head);
  if (/^OFXHEADER\s*:/i.test(start) || /<\?OFX\s/i.test(start) || /^<OFX>/i.test(start)) return 'ofx';
  if (/^<(\?xml\s|[A-Za-z_])/.test(start)) return 'xml';
  return 'text';
}

/** A kind a file may be checked against: a detected kind, where `text` accepts any text (xml, ofx, csv). */
export type ExpectedKind = Exclude<ContentKind, 'unknown' | 'empty'>;

/**
 * Whether the first bytes are of the expected kind. `text` is any text (XML and OFX are text too, so a
 * `.txt` export of a statement is accepted); `xml` accepts an OFX v2, which is XML.
 */
export function looksLike(head: Uint8Array, expected: ExpectedKind): boolean {
  const kind = detectKind(head);
  // An empty file is empty text (whether an empty file is acceptable is the caller's rule).
  if (expected === 'text') return kind === 'text' || kind === 'xml' || kind === 'ofx' || kind === 'empty';
  if (expected === 'xml') return kind === 'xml' || (kind === 'ofx' && /<\?xml\s/i.test(textStart(head)));
  return kind === expected;
}

/** A file type by extension: the content type we store and serve, and the kind its first bytes must be. */
export interface FileType {
  contentType: string;
  kind: ExpectedKind;
}

/**
 * Every extension an upload path may accept (each path picks its own subset): our content type for it,
 * never the browser's, and the {@link ExpectedKind} its bytes must show.
 */
export const fileTypes: Readonly<Record<string, FileType>> = {
  pdf: { contentType: 'application/pdf', kind: 'pdf' },
  png: { contentType: 'image/png', kind: 'png' },
  jpg: { contentType: 'image/jpeg', kind: 'jpeg' },
  jpeg: { contentType: 'image/jpeg', kind: 'jpeg' },
  gif: { contentType: 'image/gif', kind: 'gif' },
  webp: { contentType: 'image/webp', kind: 'webp' },
  tif: { contentType: 'image/tiff', kind: 'tiff' },
  tiff: { contentType: 'image/tiff', kind: 'tiff' },
  doc: { contentType: 'application/msword', kind: 'ole' },
  xls: { contentType: 'application/vnd.ms-excel', kind: 'ole' },
  ppt: { contentType: 'application/vnd.ms-powerpoint', kind: 'ole' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    kind: 'zip',
  },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', kind: 'zip' },
  pptx: {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    kind: 'zip',
  },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', kind: 'zip' },
  ods: { contentType: 'application/vnd.oasis.opendocument.spreadsheet', kind: 'zip' },
  odp: { contentType: 'application/vnd.oasis.opendocument.presentation', kind: 'zip' },
  zip: { contentType: 'application/zip', kind: 'zip' },
  xml: { contentType: 'application/xml', kind: 'xml' },
  ofx: { contentType: 'application/x-ofx', kind: 'ofx' },
  txt: { contentType: 'text/plain; charset=utf-8', kind: 'text' },
  csv: { contentType: 'text/csv; charset=utf-8', kind: 'text' },
};

/** The extension of a (safe) file name, lower case, without the dot ('' when none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}
