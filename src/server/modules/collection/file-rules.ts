import { extensionOf, type FileType, fileTypes, looksLike, SNIFF_BYTES } from '../../http/file-content.js';
import { safeFileName } from '../../http/file-name.js';
import { headGate } from '../../http/head-gate.js';
import { CollectionError } from './collection.errors.js';

/**
 * What an item accepts: the extensions the model lists, each with our content type, and the bytes must look
 * like the type (their first bytes; text has no NUL), so an executable renamed `.pdf` is refused. The
 * stored content type is ours, never the browser's. Sizes: the item's limit, capped by `UPLOAD_MAX_BYTES`.
 */

// The types and magic numbers are the shared ones (http/file-content.ts, as for ticket files): an XML must
// be XML, an OFX an OFX (v1 or v2), text any text without NUL bytes; a CNAB retorno or remessa is text.
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
  'docx',
  'xlsx',
  'odt',
  'ods',
  'zip',
  'xml',
  'ofx',
  'csv',
  'txt',
] as const;
const cnabFile: FileType = fileTypes.txt!;
const itemFileTypes: Record<string, FileType> = {
  ...Object.fromEntries(extensions.map((e) => [e, fileTypes[e]!])),
  ret: cnabFile,
  rem: cnabFile,
};

/** The media types a stored file can have. */
export const allowedContentTypes = [
  ...new Set(Object.values(itemFileTypes).map((t) => t.contentType.split(';')[0]!)),
];

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
  const rule = itemFileTypes[ext];
  if (!ok || !rule)
    throw new CollectionError('file_type', {
      params: { name, types: accepted.map((t) => t.toUpperCase()).join(', ') },
    });
  const need = rule.kind === 'text' || rule.kind === 'xml' || rule.kind === 'ofx' ? SNIFF_BYTES : 16;
  // An empty file is refused as empty, later, not as a content mismatch.
  const sniffer = headGate(need, (head) =>
    head.length > 0 && !looksLike(head, rule.kind)
      ? new CollectionError('file_content_mismatch', { params: { name, ext } })
      : null,
  );
  return { name, ext, contentType: rule.contentType, sniffer };
}
