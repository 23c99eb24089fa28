import type { AppContext } from '../context.js';
import type { BlobStore } from './blob-store.js';
import { type BlobStoreSpec, localDir } from './blob-store-config.js';
import { LocalBlobStore } from './local-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

/** The adapter a spec names. */
export function createBlobStore(spec: BlobStoreSpec, dataDir: string): BlobStore {
  switch (spec.kind) {
    case 'local':
      return new LocalBlobStore(localDir(spec, dataDir));
    case 's3':
      return new S3BlobStore(spec);
  }
}

const stores = new Map<string, BlobStore>();

/**
 * The process's blob store, as `BLOB_STORE` names it (default `DATA_DIR/blobs`); one instance per
 * configuration, so an S3 client and its connection pool are shared by every caller.
 */
export function blobStore(ctx: Pick<AppContext, 'config'>): BlobStore {
  const spec = ctx.config.blobStore;
  const key = JSON.stringify([spec, spec.kind === 'local' ? ctx.config.dataDir : null]);
  let s = stores.get(key);
  if (!s) {
    s = createBlobStore(spec, ctx.config.dataDir);
    stores.set(key, s);
  }
  return s;
}
