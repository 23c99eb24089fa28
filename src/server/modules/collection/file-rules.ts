import { Transform } from 'node:stream';
import { type ExpectedKind, looksLike } from '../../http/file-content.js';
import { safeFileName } from '../../http/file-name.js';
import { CollectionError } from './collection.errors.js';

/**
 * What an item accepts: the extensions the model lists, each with our content type, and the bytes must look
 * like the type (their first bytes; text has no NUL), so an executable renamed `.pdf` is refused. The
 * stored content type is ours, never the browser's. Sizes: the item's limit, capped by `UPLOAD_MAX_BYTES`.
 */

// The magic numbers are the shared ones (http/file-content.ts, as for ticket files): an XML must be XML,
// an OFX an OFX (v1 or v2), text any text without NUL bytes.
type Magic = ExpectedKind;

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
  xml: { contentType: 'application/xml', magic: 'xml' },
  ofx: { contentType: 'application/x-ofx', magic: 'ofx' },
  csv: { contentType: 'text/csv; charset=utf-8', magic: 'text' },
  txt: { contentType: 'text/plain; charset=utf-8', magic: 'text' },
  ret: { contentType: 'text/plain; charset=utf-8', magic: 'text' },
  rem: { contentType: 'text/plain; charset=utf-8', magic: 'text' },
};

/** The media types a stored file can have. */
export const allowedContentTypes = [
  ...new Set(Object.values(fileTypeRules).map((t) => t.contentType.split(';')[0]!)),
];

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
  const need = rule.magic === 'text' || rule.magic === 'xml' || rule.magic === 'ofx' ? 64 * 1024 : 16;
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
