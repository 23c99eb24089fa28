import type { Transform } from 'node:stream';
import { extensionOf, type FileType, fileTypes, looksLike, SNIFF_BYTES } from '../../http/file-content.js';
import { safeFileName } from '../../http/file-name.js';
import { headGate } from '../../http/head-gate.js';
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

/** The extensions a ticket accepts; their content type and expected first bytes are the shared table's. */
const extensions = [
  'pdf',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'tif',
  'tiff',
  'doc',
  'xls',
  'ppt',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'odp',
  'zip',
  'xml',
  'txt',
  'csv',
] as const;
const types: Record<string, FileType> = Object.fromEntries(extensions.map((e) => [e, fileTypes[e]!]));

/** The media types a stored file can have (its download answers one of them). */
export const allowedContentTypes = [
  ...new Set(Object.values(types).map((t) => t.contentType.split(';')[0]!)),
];

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
  const need = type.kind === 'text' ? SNIFF_BYTES : 16;
  const sniffer = headGate(need, (head) =>
    looksLike(head, type.kind) ? null : new TicketsError('file_content_mismatch', { params: { name, ext } }),
  );
  return { name, contentType: type.contentType, sniffer };
}
