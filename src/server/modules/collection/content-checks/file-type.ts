import type { Transform } from 'node:stream';
import {
  type ContentKind,
  detectKind,
  extensionOf,
  type FileType,
  fileTypes,
  looksLike,
  SNIFF_BYTES,
} from '../../../http/file-content.js';
import { headGate } from '../../../http/head-gate.js';
import { interpolate, type Localized } from '../../../http/i18n.js';

/**
 * An item's accepted types (extensions: `pdf`, `xml`, `ofx`, `jpg`…) against a file: first its name (before
 * any byte is read), then its first bytes (the type is read from the content, not only the extension; the
 * magic numbers are the shared ones of http/file-content.ts, as for ticket files).
 */

/** Why a file's type was refused: a stable reason and the sentence for the client. */
export interface FileTypeRefusal {
  reason: 'type_not_accepted' | 'content_mismatch' | 'empty';
  /** What the content turned out to be (`content_mismatch`), for logs and tests. */
  detected?: ContentKind;
  message: Localized;
}

const messages = {
  type_not_accepted: {
    'pt-BR': 'O arquivo {name} não é de um tipo aceito aqui. Envie {accepted}.',
    en: 'The file {name} is not of a type accepted here. Send {accepted}.',
  },
  content_mismatch: {
    'pt-BR': 'O conteúdo de {name} não é {ext}: não confere com o nome do arquivo. Envie o arquivo original.',
    en: 'The content of {name} is not {ext}: it does not match the file name. Send the original file.',
  },
  empty: {
    'pt-BR': 'O arquivo {name} está vazio.',
    en: 'The file {name} is empty.',
  },
} as const satisfies Record<FileTypeRefusal['reason'], Localized>;

function refusal(reason: FileTypeRefusal['reason'], params: Record<string, string>, detected?: ContentKind) {
  const text = messages[reason];
  const message = { 'pt-BR': interpolate(text['pt-BR'], params), en: interpolate(text.en, params) };
  return detected ? { reason, detected, message } : { reason, message };
}

/** `jpg` and `jpeg`, `tif` and `tiff` name one type: accepting one accepts the other. */
const aliases: Record<string, string> = { jpeg: 'jpg', jpg: 'jpeg', tif: 'tiff', tiff: 'tif' };

function normalizeAccepted(accepted: readonly string[]): string[] {
  const list = accepted.map((e) => e.trim().replace(/^\./, '').toLowerCase()).filter(Boolean);
  return [...new Set(list.flatMap((e) => (aliases[e] ? [e, aliases[e]!] : [e])))];
}

const acceptedLabel = (accepted: readonly string[]) =>
  accepted
    .map((e) => e.trim().replace(/^\./, '').toUpperCase())
    .filter(Boolean)
    .join(', ');

/** A name that passed: the extension, our content type, and the kind its bytes must show. */
export interface AcceptedName extends FileType {
  extension: string;
}

/**
 * Checks a (safe) file name against the item's accepted extensions, before reading a byte.
 * @example checkFileName('extrato.OFX', ['ofx', 'pdf']) // { ok: true, type: { extension: 'ofx', contentType: 'application/x-ofx', kind: 'ofx' } }
 */
export function checkFileName(
  name: string,
  acceptedTypes: readonly string[],
): { ok: true; type: AcceptedName } | { ok: false; refusal: FileTypeRefusal } {
  const extension = extensionOf(name);
  const type = fileTypes[extension];
  if (!type || !normalizeAccepted(acceptedTypes).includes(extension))
    return {
      ok: false,
      refusal: refusal('type_not_accepted', { name, accepted: acceptedLabel(acceptedTypes) }),
    };
  return { ok: true, type: { extension, ...type } };
}

/**
 * Checks a file's first bytes (at least {@link SNIFF_BYTES}, or the whole file when shorter) against the
 * type its accepted name promised.
 * @example checkFileHead('nota.xml', type, head) // null when the bytes are XML; a refusal otherwise
 */
export function checkFileHead(name: string, type: AcceptedName, head: Uint8Array): FileTypeRefusal | null {
  if (head.length === 0) return refusal('empty', { name });
  if (looksLike(head, type.kind)) return null;
  return refusal('content_mismatch', { name, ext: type.extension.toUpperCase() }, detectKind(head));
}

/**
 * A pass-through for an upload's bytes on their way to the blob store that holds back the first bytes
 * until it can tell their kind, then lets everything through, or fails with the caller's error (its module's
 * `collection_file_type`/`collection_file_empty`), so a refused file never becomes a blob.
 *
 * @example
 * const named = checkFileName(name, item.acceptedTypes);
 * if (!named.ok) throw new CollectionError('file_type', …named.refusal);
 * const gate = typeGate(name, named.type, (r) => new CollectionError(r.reason === 'empty' ? 'file_empty' : 'file_type'));
 * await store.put(part.file.pipe(gate), { maxBytes });
 */
export function typeGate(
  name: string,
  type: AcceptedName,
  toError: (refusal: FileTypeRefusal) => Error,
): Transform {
  // Binary signatures are in the first 16 bytes; text needs the whole window to rule out a NUL byte.
  const need =
    type.kind === 'pdf' || type.kind === 'png' || type.kind === 'jpeg' || type.kind === 'zip'
      ? 16
      : SNIFF_BYTES;
  return headGate(need, (head) => {
    const refused = checkFileHead(name, type, head);
    return refused ? toError(refused) : null;
  });
}
