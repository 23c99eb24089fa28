import { Transform } from 'node:stream';
import { safeFileName } from '../../http/file-name.js';
import { CollectionError } from './collection.errors.js';

/**
 * What an item accepts: the extensions the model lists, each with our content type, and the bytes must look
 * like the type (their first bytes; text has no NUL), so an executable renamed `.pdf` is refused. The
 * stored content type is ours, never the browser's. Sizes: the item's limit, capped by `UPLOAD_MAX_BYTES`.
 */

type Magic = 'pdf' | 'png' | 'jpeg' | 'gif' | 'webp' | 'tiff' | 'zip' | 'ole' | 'text';

export const fileTypeRules: Record<string, { contentType: string; magic: Magic }> = {
  pdf: { contentType: 'application/pdf', magic: 'pdf' },
  png: { contentType: 'image/png', magic: 'png' },
  jpg: { contentType: 'image/jpeg', magic: 'jpeg' },
  jpeg: { contentType: 'image/jpeg', magic: 'jpeg' },
  gif: { contentType: 'image/gif', magic: 'gif' },
  webp: { contentType: 'image/webp', magic: 'webp' },
  tif: { contentType: 'image/tiff', magic: 'tiff' },
  tiff: { contentType: 'image/tiff', magic: 'tiff' },
  doc: { contentType: 'application/msword', magic: 'ole' },
  xls: { contentType: 'application/vnd.ms-excel', magic: 'ole' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    magic: 'zip',
  },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: 'zip' },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', magic: 'zip' },
  ods: { contentType: 'application/vnd.oasis.opendocument.spreadsheet', magic: 'zip' },
  zip: { contentType: 'application/zip', magic: 'zip' },
  xml: { contentType: 'application/xml', magic: 'text' },
  ofx: { contentType: 'application/x-ofx', magic: 'text' },
  csv: { contentType: 'text/csv; charset=utf-8', magic: 'text' },
  txt: { contentType: 'text/plain; charset=utf-8', magic: 'text' },
  ret: { contentType: 'text/plain; charset=utf-8', magic: 'text' },
  rem: { contentType: 'text/plain; charset=utf-8', magic: 'text' },
};

/** The media types a stored file can have. */
export const allowedContentTypes = [
  ...new Set(Object.values(fileTypeRules).map((t) => t.contentType.split(';')[0]!)),
];

const startsWith = (data: Buffer, bytes: number[], at = 0) => bytes.every((b, i) => data[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

function looksLike(data: Buffer, magic: Magic): boolean {
  switch (magic) {
    case 'pdf':
      return startsWith(data, ascii('%PDF-'));
    case 'png':
      return startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'jpeg':
      return startsWith(data, [0xff, 0xd8, 0xff]);
    case 'gif':
      return startsWith(data, ascii('GIF87a')) || startsWith(data, ascii('GIF89a'));
    case 'webp':
      return startsWith(data, ascii('RIFF')) && startsWith(data, ascii('WEBP'), 8);
    case 'tiff':
      return startsWith(data, [0x49, 0x49, 0x2a, 0x00]) || startsWith(data, [0x4d, 0x4d, 0x00, 0x2a]);
    case 'zip':
      return startsWith(data, [0x50, 0x4b, 0x03, 0x04]) || startsWith(data, [0x50, 0x4b, 0x05, 0x06]);
    case 'ole':
      return startsWith(data, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    case 'text':
      return !data.subarray(0, 64 * 1024).includes(0);
  }
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** `52428800` → `'50 MiB'`. */
export function bytesLabel(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} B`;
}

/**
 * Checks a file's name against an item before any byte is read: its safe name, our content type and a
 * transform that lets the bytes through only if they look like the type (`file_content_mismatch`).
 */
export function checkItemFileName(rawName: string, accepted: readonly string[]) {
  const name = safeFileName(rawName);
  const ext = extensionOf(name);
  // jpg and jpeg are one type for the client.
  const ok =
    accepted.includes(ext) ||
    (ext === 'jpeg' && accepted.includes('jpg')) ||
    (ext === 'jpg' && accepted.includes('jpeg'));
  const rule = fileTypeRules[ext];
  if (!ok || !rule)
    throw new CollectionError('file_type', {
      params: { name, types: accepted.map((t) => t.toUpperCase()).join(', ') },
    });
  const need = rule.magic === 'text' ? 64 * 1024 : 16;
  const held: Buffer[] = [];
  let heldBytes = 0;
  let decided = false;
  const decide = (self: Transform) => {
    decided = true;
    const head = Buffer.concat(held);
    // An empty file is refused as empty, later, not as a content mismatch.
    if (head.length > 0 && !looksLike(head, rule.magic))
      return new CollectionError('file_content_mismatch', { params: { name, ext } });
    self.push(head);
    held.length = 0;
    return null;
  };
  const sniffer = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (decided) return done(null, chunk);
      held.push(chunk);
      heldBytes += chunk.length;
      done(heldBytes >= need ? decide(this) : null);
    },
    flush(done) {
      done(decided ? null : decide(this));
    },
  });
  return { name, ext, contentType: rule.contentType, sniffer };
}

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266/5987). */
export function contentDisposition(name: string, kind: 'attachment' | 'inline' = 'attachment'): string {
  const fallback = name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
