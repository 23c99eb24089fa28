import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppContext } from '../context.js';
import { newId } from '../ids.js';

/**
 * The blob-store port: files (attachments, uploads) live outside the database, addressed by the SHA-256 of
 * their content, so writing the same file twice stores it once and a reference never changes meaning.
 * The local directory is the embedded default; an S3-compatible adapter implements the same interface for
 * several machines (see `runBlobStoreContract` in the tests).
 */
export interface BlobStore {
  /** Stores the bytes; returns their reference (`sha256:<hex>`). */
  put(data: Buffer): Promise<string>;
  /** The bytes of a reference; throws when it does not exist. */
  get(ref: string): Promise<Buffer>;
  exists(ref: string): Promise<boolean>;
  delete(ref: string): Promise<void>;
}

const REF = /^sha256:([0-9a-f]{64})$/;

export class LocalBlobStore implements BlobStore {
  constructor(private readonly dir: string) {}

  #path(ref: string): string {
    const m = REF.exec(ref);
    if (!m) throw new Error(`invalid blob reference ${ref}`);
    const hex = m[1]!;
    return join(this.dir, hex.slice(0, 2), hex.slice(2));
  }

  async put(data: Buffer): Promise<string> {
    const ref = `sha256:${createHash('sha256').update(data).digest('hex')}`;
    const path = this.#path(ref);
    if (await this.exists(ref)) return ref;
    await mkdir(join(path, '..'), { recursive: true });
    // Write then rename: a crash never leaves a half-written blob under its final name.
    const tmp = `${path}.${newId()}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, path);
    return ref;
  }

  async get(ref: string): Promise<Buffer> {
    return readFile(this.#path(ref));
  }

  async exists(ref: string): Promise<boolean> {
    try {
      await stat(this.#path(ref));
      return true;
    } catch {
      return false;
    }
  }

  async delete(ref: string): Promise<void> {
    await rm(this.#path(ref), { force: true });
  }
}

const stores = new Map<string, BlobStore>();

/** The process's blob store: `DATA_DIR/blobs`. */
export function blobStore(app: Pick<AppContext, 'config'>): BlobStore {
  const dir = join(app.config.dataDir, 'blobs');
  let s = stores.get(dir);
  if (!s) {
    s = new LocalBlobStore(dir);
    stores.set(dir, s);
  }
  return s;
}
