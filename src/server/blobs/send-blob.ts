import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BlobStore, ByteRange } from './blob-store.js';
import { BlobsError } from './blobs.errors.js';

export interface BlobDownload {
  ref: string;
  contentType: string;
  /** The name offered to the browser (UTF-8; an ASCII fallback is derived). */
  filename: string;
  disposition: 'attachment' | 'inline';
}

/**
 * One `Range: bytes=…` header against a blob of `size` bytes: the range to send, `null` for the whole
 * blob (no header, several ranges, or a unit we do not serve), or `'unsatisfiable'` (416).
 */
export function parseRange(
  header: string | undefined,
  size: number,
): Required<ByteRange> | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266/5987). */
export function dispositionHeader(kind: 'attachment' | 'inline', name: string): string {
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

/**
 * Sends a blob as the response: streamed with its Content-Length (and one HTTP range when asked, 206),
 * or, when the store serves downloads by presigned URL, a 302 to a short-lived URL of the object store.
 * Callers set their own extra headers (`cache-control`, `x-content-type-options`) on `reply` first; the
 * Content-Disposition is set here unless the caller already did.
 *
 * @example
 * return sendBlob(req, reply, blobStore(ctx), { ref, contentType, filename, disposition: 'attachment' });
 */
export async function sendBlob(
  req: FastifyRequest,
  reply: FastifyReply,
  store: BlobStore,
  blob: BlobDownload,
): Promise<FastifyReply> {
  if (store.downloads === 'presigned' && store.presignedUrl) {
    const url = await store.presignedUrl(blob.ref, {
      filename: blob.filename,
      contentType: blob.contentType,
      disposition: blob.disposition,
    });
    return reply.header('cache-control', 'private, no-store').redirect(url, 302);
  }
  const stat = await store.stat(blob.ref);
  if (!stat) throw new BlobsError('not_found');
  if (!reply.hasHeader('content-disposition'))
    reply.header('content-disposition', dispositionHeader(blob.disposition, blob.filename));
  reply.type(blob.contentType).header('accept-ranges', 'bytes');
  const range = req.method === 'GET' ? parseRange(req.headers.range, stat.size) : null;
  if (range === 'unsatisfiable') {
    return reply.status(416).header('content-range', `bytes */${stat.size}`).send();
  }
  if (range) {
    const stream = await store.open(blob.ref, range);
    return reply
      .status(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${stat.size}`)
      .header('content-length', String(range.end - range.start + 1))
      .send(stream);
  }
  const stream = await store.open(blob.ref);
  return reply.header('content-length', String(stat.size)).send(stream);
}
