import { createHash, type Hash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { BlobsError, byteLabel } from './blobs.errors.js';

/**
 * The blob-store port. Terms:
 * - a *blob* is a file's bytes, kept outside the database;
 * - its *reference* (`sha256:<hex>`) is the SHA-256 of those bytes, computed while they stream in, so
 *   storing the same file twice keeps one copy and a reference never changes meaning;
 * - a *temporary* is an object being written under a name of its own (`tmp/<id>`); only once complete
 *   is it moved under its reference, so a crash or a refused upload never leaves a half-written blob
 *   under a final name (at worst a temporary, swept later).
 *
 * Bytes go in and out as streams: a file is never held whole in memory, whatever its size. Adapters: the
 * local directory (`LocalBlobStore`, the embedded default) and S3-compatible object storage
 * (`S3BlobStore`); both pass `runBlobStoreContract` (test/blobs).
 */
export interface BlobStore {
  /**
   * Streams `source` in, hashing it on the way; returns its reference and size. Fails with
   * `blobs.too_large` past `maxBytes` (the temporary is removed), with the source's own error if it
   * fails (same), with `blobs.unavailable` when the store cannot be reached.
   *
   * @example
   * const { ref, size } = await store.put(part.file, { maxBytes: 10 * 1024 * 1024 });
   */
  put(source: BlobSource, options?: PutOptions): Promise<StoredBlob>;
  /**
   * The bytes of a reference, optionally a range (inclusive, as in HTTP). Fails with `blobs.not_found`
   * before returning when the blob does not exist.
   */
  open(ref: string, range?: ByteRange): Promise<Readable>;
  /** Size of a blob, or null when it does not exist. */
  stat(ref: string): Promise<{ size: number } | null>;
  exists(ref: string): Promise<boolean>;
  delete(ref: string): Promise<void>;
  /**
   * How downloads reach the browser: `stream` through this process, or `presigned` (a short-lived URL
   * of the object store, the process only redirects). Only stores that can sign URLs offer the latter.
   */
  readonly downloads: 'stream' | 'presigned';
  /** A short-lived URL that downloads the blob directly (stores with `downloads: 'presigned'`). */
  presignedUrl?(ref: string, options: PresignOptions): Promise<string>;
}

/** What `put` accepts: a stream, any async iterable of bytes, or bytes already in memory (small files). */
export type BlobSource = Readable | AsyncIterable<Uint8Array> | Uint8Array;

export interface PutOptions {
  /** Refuse the blob past this many bytes (checked while streaming). */
  maxBytes?: number;
}

export interface StoredBlob {
  ref: string;
  size: number;
}

/** A byte range, both ends inclusive (`end` omitted: to the end). */
export interface ByteRange {
  start: number;
  end?: number;
}

export interface PresignOptions {
  filename: string;
  contentType: string;
  disposition: 'attachment' | 'inline';
  /** Seconds the URL stays valid. */
  expiresIn?: number;
}

const REF = /^sha256:([0-9a-f]{64})$/;

/** The hex digest of a reference; throws on anything else (so a reference never becomes a path). */
export function refHex(ref: string): string {
  const m = REF.exec(ref);
  if (!m) throw new Error(`invalid blob reference ${ref}`);
  return m[1]!;
}

/** `source` as a Readable. */
export function toReadable(source: BlobSource): Readable {
  if (source instanceof Readable) return source;
  if (source instanceof Uint8Array) return Readable.from([source], { objectMode: false });
  return Readable.from(source, { objectMode: false });
}

/**
 * A pass-through that hashes and counts the bytes crossing it and fails past `maxBytes`. Adapters put it
 * between the source and the temporary; `result()` is valid once the stream has ended.
 */
export class HashingMeter extends Transform {
  readonly #hash: Hash = createHash('sha256');
  #size = 0;
  #digest: string | null = null;

  constructor(private readonly maxBytes = Number.POSITIVE_INFINITY) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.#size += chunk.length;
    if (this.#size > this.maxBytes) {
      done(new BlobsError('too_large', { params: { max: byteLabel(this.maxBytes) } }));
      return;
    }
    this.#hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback) {
    this.#digest = this.#hash.digest('hex');
    done();
  }

  result(): StoredBlob {
    if (this.#digest === null) throw new Error('HashingMeter read before the stream ended');
    return { ref: `sha256:${this.#digest}`, size: this.#size };
  }
}

/**
 * Reads a whole blob into memory — only for consumers that need the bytes at once and bound them (a
 * parser of a small file); everything else streams. Fails past `maxBytes`.
 */
export async function readBlob(store: BlobStore, ref: string, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of await store.open(ref)) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BlobsError('too_large', { params: { max: byteLabel(maxBytes) } });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
