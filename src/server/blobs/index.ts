export {
  type BlobSource,
  type BlobStore,
  type ByteRange,
  HashingMeter,
  type PresignOptions,
  type PutOptions,
  readBlob,
  refHex,
  type StoredBlob,
} from './blob-store.js';
export { type BlobStoreSpec, parseBlobStore } from './blob-store-config.js';
export { blobStore, createBlobStore } from './blob-stores.js';
export { BlobsError, storeUnavailable } from './blobs.errors.js';
export { LocalBlobStore } from './local-blob-store.js';
export { S3BlobStore } from './s3-blob-store.js';
export { sendBlob } from './send-blob.js';
