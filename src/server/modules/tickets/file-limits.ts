import { Transform } from 'node:stream';
import { safeFileName } from '../../http/file-name.js';
import { TicketsError } from './tickets.errors.js';

/**
 * What may be attached to a ticket: at most {@link MAX_FILE_BYTES} per file and {@link MAX_FILES_PER_UPLOAD}
 * files per request, of the types below only. The type comes from the extension, and binary types must
 * also look like what they claim (their first bytes), so an executable renamed to `.pdf` is refused.
 * The stored content type is ours, never the browser's.
 */

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES_PER_UPLOAD = 10;
export const maxFileLabel = '10 MiB';

type Magic = 'pdf' | 'png' | 'jpeg' | 'gif' | 'webp' | 'tiff' | 'zip' | 'ole' | 'text';

const types: Record<string, { contentType: string; magic: Magic }> = {
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
  ppt: { contentType: 'application/vnd.ms-powerpoint', magic: 'ole' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    magic: 'zip',
  },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: 'zip' },
  pptx: {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    magic: 'zip',
  },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', magic: 'zip' },
  ods: { contentType: 'application/vnd.oasis.opendocument.spreadsheet', magic: 'zip' },
  odp: { contentType: 'application/vnd.oasis.opendocument.presentation', magic: 'zip' },
  zip: { contentType: 'application/zip', magic: 'zip' },
  xml: { contentType: 'application/xml', magic: 'text' },
  txt: { contentType: 'text/plain; charset=utf-8', magic: 'text' },
  csv: { contentType: 'text/csv; charset=utf-8', magic: 'text' },
};

/** The media types a stored file can have (its download answers one of them). */
export const allowedContentTypes = [
  ...new Set(Object.values(types).map((t) => t.contentType.split(';')[0]!)),
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
      // Text has no NUL bytes (UTF-16 text is not accepted: export as UTF-8).
      return !data.subarray(0, 64 * 1024).includes(0);
  }
}

/** The extension of a (safe) file name, lower case, without the dot ('' when none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Bytes a content check needs before it can decide (text: no NUL in the first 64 KiB). */
const SNIFF_BYTES = 64 * 1024;

/**
 * Checks an uploaded file's name before any byte is read: returns its safe name, our content type and a
 * transform that lets the bytes through only if they look like the type (it holds back the first bytes
 * until it can tell, then refuses with `file_content_mismatch`). Size is the blob store's `maxBytes`.
 *
 * @example
 * const f = checkFileName(part.filename);
 * await store.put(pipeline(part.file, f.sniffer), { maxBytes: MAX_FILE_BYTES });
 */
export function checkFileName(rawName: string): { name: string; contentType: string; sniffer: Transform } {
  const name = safeFileName(rawName);
  const ext = extensionOf(name);
  const type = types[ext];
  if (!type) throw new TicketsError('file_type_not_allowed', { params: { name } });
  const need = type.magic === 'text' ? SNIFF_BYTES : 16;
  const held: Buffer[] = [];
  let heldBytes = 0;
  let decided = false;
  const decide = (self: Transform) => {
    decided = true;
    const head = Buffer.concat(held);
    if (!looksLike(head, type.magic))
      return new TicketsError('file_content_mismatch', { params: { name, ext } });
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
  return { name, contentType: type.contentType, sniffer };
}

/**
 * The Content-Disposition of a download: an ASCII fallback name and the exact UTF-8 one (RFC 6266/5987).
 * @example contentDisposition('Relatório 2026.pdf') // attachment; filename="Relatorio 2026.pdf"; filename*=UTF-8''Relat%C3%B3rio%202026.pdf
 */
export function contentDisposition(name: string): string {
  const fallback = name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
