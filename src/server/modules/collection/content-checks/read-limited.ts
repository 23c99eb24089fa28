import type { Readable } from 'node:stream';

/** Where a content check reads from: a stored file's stream (the blob store's `open`), or bytes in memory. */
export type ContentSource = Readable | AsyncIterable<Uint8Array> | Uint8Array;

/**
 * Feeds `source` chunk by chunk to `take` until `take` answers `'stop'` or `maxBytes` have been read, then
 * ends the stream (a Readable is destroyed, so the blob store's file is closed early). Returns the number
 * of bytes read.
 */
export async function readLimited(
  source: ContentSource,
  maxBytes: number,
  take: (chunk: Uint8Array) => 'more' | 'stop',
): Promise<number> {
  if (source instanceof Uint8Array) {
    const chunk = source.subarray(0, maxBytes);
    take(chunk);
    return chunk.length;
  }
  let read = 0;
  try {
    for await (const raw of source) {
      const data = typeof raw === 'string' ? Buffer.from(raw) : raw;
      const chunk = read + data.length > maxBytes ? data.subarray(0, maxBytes - read) : data;
      read += chunk.length;
      if (take(chunk) === 'stop' || read >= maxBytes) break;
    }
  } finally {
    // Breaking out of `for await` already destroys a Readable; a plain iterator is returned too.
    if ('destroy' in source && typeof source.destroy === 'function') source.destroy();
  }
  return read;
}
