import { pipeline, type Readable } from 'node:stream';
import type * as ClientS3 from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type * as LibStorage from '@aws-sdk/lib-storage';
import type * as Presigner from '@aws-sdk/s3-request-presigner';
import { AppError } from '../http/errors.js';
import { newId } from '../ids.js';
import { lazyRequire } from '../lazy-require.js';
import {
  type BlobSource,
  type BlobStore,
  type ByteRange,
  HashingMeter,
  type PresignOptions,
  type PutOptions,
  refHex,
  type StoredBlob,
  toReadable,
} from './blob-store.js';
import { BlobsError, storeUnavailable } from './blobs.errors.js';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Key prefix, '' or ending in '/'. */
  prefix: string;
  /** An S3-compatible server (MinIO, Ceph, R2); omitted: AWS. */
  endpoint?: string;
  region: string;
  /** `http://host/bucket/key` addressing, which MinIO and most self-hosted servers need. */
  pathStyle: boolean;
  downloads: 'stream' | 'presigned';
  /** Lifetime of a presigned download URL. */
  presignSeconds: number;
  /** Explicit credentials (tests); otherwise the SDK's chain: AWS_ACCESS_KEY_ID/…, profile, instance role. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Attempts per request before the store counts as unavailable (the SDK backs off between them). */
  maxAttempts?: number;
}

/**
 * The AWS SDK, loaded when the first S3 store is made: importing it costs about 20 MB of idle memory
 * and 0.15 s of start in every process, and the default local store never needs it (docs/benchmarks.md).
 */
const s3 = lazyRequire<typeof ClientS3>('@aws-sdk/client-s3');
const libStorage = lazyRequire<typeof LibStorage>('@aws-sdk/lib-storage');
const presigner = lazyRequire<typeof Presigner>('@aws-sdk/s3-request-presigner');

/** Bytes buffered per multipart part (the S3 minimum); at most QUEUE parts are in flight. */
const PART_SIZE = 5 * 1024 * 1024;
const QUEUE = 2;

/**
 * The blob store in an S3-compatible bucket, so that every web and worker process reads the same files.
 * Keys: `<prefix>sha256/<aa>/<rest of the hex>` per blob, `<prefix>tmp/<id>` per temporary.
 *
 * `put` streams the source through the hasher into a multipart upload of a temporary (at most
 * `PART_SIZE × QUEUE` bytes in memory), then copies it under its reference and deletes the temporary —
 * the object under a reference is only ever a complete one. A failed upload is aborted and its temporary
 * deleted; a process that dies mid-upload leaves a temporary (or incomplete multipart parts) that a
 * bucket lifecycle rule on `<prefix>tmp/` removes (docs/storage.md). Server-side copy is limited to 5 GiB
 * per object by S3, far above any limit the application sets.
 */
export class S3BlobStore implements BlobStore {
  readonly client: S3Client;
  readonly downloads: 'stream' | 'presigned';

  constructor(readonly options: S3BlobStoreOptions) {
    this.downloads = options.downloads;
    this.client = new (s3().S3Client)({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.pathStyle,
      ...(options.credentials ? { credentials: options.credentials } : {}),
      maxAttempts: options.maxAttempts ?? 3,
      // Third-party servers (MinIO before 2025, Ceph, s3rver) do not all accept the SDK's default CRC
      // trailers; our own SHA-256 already checks content. AWS itself gets the default integrity checks.
      ...(options.endpoint
        ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }
        : {}),
    });
  }

  #key(ref: string): string {
    const hex = refHex(ref);
    return `${this.options.prefix}sha256/${hex.slice(0, 2)}/${hex.slice(2)}`;
  }

  get temporaryPrefix(): string {
    return `${this.options.prefix}tmp/`;
  }

  async put(source: BlobSource, options: PutOptions = {}): Promise<StoredBlob> {
    const Bucket = this.options.bucket;
    const tmp = `${this.temporaryPrefix}${newId()}`;
    const meter = new HashingMeter(options.maxBytes);
    let sourceFailed: unknown = null;
    pipeline(toReadable(source), meter, (err) => {
      if (err) {
        sourceFailed = err;
        meter.destroy(err);
      }
    });
    const upload = new (libStorage().Upload)({
      client: this.client,
      params: { Bucket, Key: tmp, Body: meter },
      partSize: PART_SIZE,
      queueSize: QUEUE,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (err) {
      const cause = sourceFailed ?? mapS3Error(err);
      // Nothing else reads the source: stop it, and drop what reached the bucket.
      meter.destroy();
      await this.#deleteQuietly(tmp);
      throw cause;
    }
    const blob = meter.result();
    try {
      if (!(await this.exists(blob.ref))) {
        await this.client.send(
          new (s3().CopyObjectCommand)({
            Bucket,
            Key: this.#key(blob.ref),
            CopySource: `${Bucket}/${encodeURIComponent(tmp).replace(/%2F/g, '/')}`,
          }),
        );
      }
    } catch (err) {
      await this.#deleteQuietly(tmp);
      throw mapS3Error(err);
    }
    await this.#deleteQuietly(tmp);
    return blob;
  }

  async open(ref: string, range?: ByteRange): Promise<Readable> {
    const Key = this.#key(ref);
    try {
      const res = await this.client.send(
        new (s3().GetObjectCommand)({
          Bucket: this.options.bucket,
          Key,
          ...(range ? { Range: `bytes=${range.start}-${range.end ?? ''}` } : {}),
        }),
      );
      // In Node the body is the response's IncomingMessage: a Readable.
      return res.Body as Readable;
    } catch (err) {
      throw mapS3Error(err);
    }
  }

  async stat(ref: string): Promise<{ size: number } | null> {
    const Key = this.#key(ref);
    try {
      const res = await this.client.send(new (s3().HeadObjectCommand)({ Bucket: this.options.bucket, Key }));
      return { size: Number(res.ContentLength ?? 0) };
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw mapS3Error(err);
    }
  }

  async exists(ref: string): Promise<boolean> {
    return (await this.stat(ref)) !== null;
  }

  async delete(ref: string): Promise<void> {
    const Key = this.#key(ref);
    try {
      await this.client.send(new (s3().DeleteObjectCommand)({ Bucket: this.options.bucket, Key }));
    } catch (err) {
      throw mapS3Error(err);
    }
  }

  async presignedUrl(ref: string, o: PresignOptions): Promise<string> {
    const ascii = o.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    const disposition = `${o.disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(o.filename)}`;
    return presigner().getSignedUrl(
      this.client,
      new (s3().GetObjectCommand)({
        Bucket: this.options.bucket,
        Key: this.#key(ref),
        ResponseContentType: o.contentType,
        ResponseContentDisposition: disposition,
        ResponseCacheControl: 'private, no-store',
      }),
      { expiresIn: o.expiresIn ?? this.options.presignSeconds },
    );
  }

  async #deleteQuietly(key: string) {
    // Best effort: when the store is down the lifecycle rule on tmp/ removes it later.
    await this.client
      .send(new (s3().DeleteObjectCommand)({ Bucket: this.options.bucket, Key: key }))
      .catch(() => {});
  }
}

/** Failures to reach the server at all (refused, reset, timed out, name not resolved). */
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

function statusOf(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/**
 * A missing object is `blobs.not_found`; a store that cannot be reached or answers 5xx/429 is
 * `blobs.unavailable` (503 + Retry-After); anything else (access denied, no such bucket) is a
 * misconfiguration and stays an error that is logged as a fault.
 */
function mapS3Error(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const status = statusOf(err);
  const name = (err as { name?: string }).name;
  if (name === 'NoSuchKey' || name === 'NotFound' || (status === 404 && name !== 'NoSuchBucket'))
    return new BlobsError('not_found', { cause: err });
  if (status !== undefined && (status >= 500 || status === 429)) return storeUnavailable(err);
  const e = err as { code?: string; name?: string };
  if (status === undefined && (NETWORK.has(e.code ?? '') || e.name === 'TimeoutError'))
    return storeUnavailable(err);
  return err;
}
