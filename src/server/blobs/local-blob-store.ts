import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../http/errors.js';
import { newId } from '../ids.js';
import {
  type BlobSource,
  type BlobStore,
  type ByteRange,
  HashingMeter,
  type PutOptions,
  refHex,
  type StoredBlob,
  toReadable,
} from './blob-store.js';
import { BlobsError, storeUnavailable } from './blobs.errors.js';

/** Temporaries older than this were left by a crash: the next process to write sweeps them. */
const STALE_TEMPORARY_MS = 24 * 3_600_000;

/** Disk conditions that are not a bug of ours and may pass: answered as 503 with Retry-After. */
const TRANSIENT_DISK = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EMFILE', 'ENFILE', 'EROFS']);

/**
 * The blob store in a local directory (`DATA_DIR/blobs` by default): `<aa>/<rest of the hex>` per blob,
 * temporaries in `tmp/` (the same file system, so the final rename is atomic). A blob is written to its
 * temporary while hashed, flushed to disk, then renamed under its reference.
 */
export class LocalBlobStore implements BlobStore {
  readonly downloads = 'stream' as const;
  #swept = false;

  constructor(readonly dir: string) {}

  #path(ref: string): string {
    const hex = refHex(ref);
    return join(this.dir, hex.slice(0, 2), hex.slice(2));
  }

  get temporaryDir(): string {
    return join(this.dir, 'tmp');
  }

  async put(source: BlobSource, options: PutOptions = {}): Promise<StoredBlob> {
    await mkdir(this.temporaryDir, { recursive: true });
    if (!this.#swept) {
      this.#swept = true;
      void this.sweepTemporaries().catch(() => {});
    }
    const tmp = join(this.temporaryDir, `${newId()}.part`);
    const meter = new HashingMeter(options.maxBytes);
    const out = createWriteStream(tmp, { flags: 'wx' });
    let blob: StoredBlob;
    try {
      await pipeline(toReadable(source), meter, out);
      // On disk before it gets its final name: a power cut never leaves a short file under a reference.
      const fh = await open(tmp, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      blob = meter.result();
      const path = this.#path(blob.ref);
      if (await this.exists(blob.ref)) {
        await rm(tmp, { force: true });
        return blob;
      }
      await mkdir(join(path, '..'), { recursive: true });
      await rename(tmp, path);
      return blob;
    } catch (err) {
      // A failed pipeline destroys the file stream, which may still be opening its file: wait until it
      // has closed, or the temporary would appear after its removal and stay behind.
      if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
      await rm(tmp, { force: true });
      throw mapDiskError(err);
    }
  }

  async open(ref: string, range?: ByteRange): Promise<Readable> {
    const path = this.#path(ref);
    let fh: Awaited<ReturnType<typeof open>>;
    try {
      fh = await open(path, 'r');
    } catch (err) {
      throw mapDiskError(err);
    }
    // The stream owns the handle and closes it when it ends or is destroyed.
    return fh.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async stat(ref: string): Promise<{ size: number } | null> {
    try {
      return { size: (await stat(this.#path(ref))).size };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw mapDiskError(err);
    }
  }

  async exists(ref: string): Promise<boolean> {
    return (await this.stat(ref)) !== null;
  }

  async delete(ref: string): Promise<void> {
    await rm(this.#path(ref), { force: true });
  }

  /** Removes temporaries older than a day (left by a process that died mid-upload); returns how many. */
  async sweepTemporaries(now = Date.now()): Promise<number> {
    let removed = 0;
    let names: string[];
    try {
      names = await readdir(this.temporaryDir);
    } catch {
      return 0;
    }
    for (const name of names) {
      const path = join(this.temporaryDir, name);
      const s = await stat(path).catch(() => null);
      if (s && now - s.mtimeMs > STALE_TEMPORARY_MS) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }
}

function mapDiskError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new BlobsError('not_found', { cause: err });
  if (code && TRANSIENT_DISK.has(code)) return storeUnavailable(err);
  return err;
}
