export { type BlobSource, type BlobStore, readBlob } from './blob-store.js';
export { parseBlobStore } from './blob-store-config.js';
export { blobStore } from './blob-stores.js';
export { BlobsError } from './blobs.errors.js';
export { LocalBlobStore } from './local-blob-store.js';
export { S3BlobStore } from './s3-blob-store.js';
export { dispositionHeader, sendBlob } from './send-blob.js';
export { scanGate } from './virus-scan.js';
