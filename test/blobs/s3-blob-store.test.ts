import { createHash, randomBytes } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBlobStore, S3BlobStore } from '../../src/server/blobs/index.js';
import { S3_STANDIN_CREDENTIALS, S3StandIn } from '../support/s3-standin.js';
import { runBlobStoreContract } from './blob-store-contract.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const s3 = new S3StandIn();
let store: S3BlobStore;

beforeAll(async () => {
  await s3.start();
  const spec = parseBlobStore(s3.url('contract'));
  if (spec.kind !== 's3') throw new Error('expected an s3 spec');
  store = new S3BlobStore({ ...spec, credentials: S3_STANDIN_CREDENTIALS });
});
afterAll(() => s3.destroy());

async function temporaries() {
  const res = await store.client.send(
    new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: store.temporaryPrefix }),
  );
  return res.KeyCount ?? 0;
}

runBlobStoreContract('S3 (s3rver)', () => ({ store, temporaries }));

describe('S3 adapter', () => {
  it('keeps blobs under <prefix>sha256/<aa>/<rest>, path-style against a custom endpoint', async () => {
    const data = randomBytes(100);
    const { ref } = await store.put(data);
    const hex = createHash('sha256').update(data).digest('hex');
    const res = await store.client.send(
      new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `contract/sha256/${hex.slice(0, 2)}/` }),
    );
    expect(res.Contents?.map((o) => o.Key)).toContain(`contract/sha256/${hex.slice(0, 2)}/${hex.slice(2)}`);
    expect(ref).toBe(`sha256:${hex}`);
    expect(store.options.pathStyle).toBe(true);
  });

  it('signs a short-lived download URL that serves the bytes with our name and type', async () => {
    const data = Buffer.from('%PDF-1.4 certidão');
    const { ref } = await store.put(data);
    const url = await store.presignedUrl(ref, {
      filename: 'Certidão federal.pdf',
      contentType: 'application/pdf',
      disposition: 'attachment',
      expiresIn: 60,
    });
    expect(url).toContain('X-Amz-Expires=60');
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(data)).toBe(true);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''Certid%C3%A3o%20federal.pdf");
  });

  it('a store that cannot be reached is blobs.unavailable (503, Retry-After), and works again once back', async () => {
    const down = new S3StandIn();
    await down.start();
    const spec = parseBlobStore(down.url('outage'));
    if (spec.kind !== 's3') throw new Error('expected an s3 spec');
    const s = new S3BlobStore({ ...spec, credentials: S3_STANDIN_CREDENTIALS, maxAttempts: 1 });
    await down.stop();
    const err = await s.put(randomBytes(1000)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'blobs.unavailable', status: 503, headers: { 'retry-after': '30' } });
    await expect(s.stat(`sha256:${'0'.repeat(64)}`)).rejects.toMatchObject({ code: 'blobs.unavailable' });
    await down.start();
    const data = randomBytes(1000);
    const blob = await s.put(data);
    expect(blob.size).toBe(1000);
    await down.destroy();
  });
});

describe('BLOB_STORE', () => {
  it('parses an S3 URL, defaulting path-style for a custom endpoint, and refuses mistakes by name', () => {
    expect(parseBlobStore(undefined)).toEqual({ kind: 'local', dir: null });
    expect(parseBlobStore('/srv/blobs')).toEqual({ kind: 'local', dir: '/srv/blobs' });
    expect(parseBlobStore('file:///srv/blobs')).toEqual({ kind: 'local', dir: '/srv/blobs' });
    expect(
      parseBlobStore('s3://escritorio-arquivos/prod/a?endpoint=http://minio:9000&downloads=presigned', {
        AWS_REGION: 'sa-east-1',
      }),
    ).toEqual({
      kind: 's3',
      bucket: 'escritorio-arquivos',
      prefix: 'prod/a/',
      endpoint: 'http://minio:9000',
      region: 'sa-east-1',
      pathStyle: true,
      downloads: 'presigned',
      presignSeconds: 300,
    });
    expect(parseBlobStore('s3://bucket-aws')).toMatchObject({
      prefix: '',
      region: 'us-east-1',
      pathStyle: false,
    });
    expect(() => parseBlobStore('s3://key:secret@bucket-aws')).toThrow(/AWS_ACCESS_KEY_ID/);
    expect(() => parseBlobStore('s3://bucket-aws?regoin=x')).toThrow(/unknown parameter "regoin"/);
    expect(() => parseBlobStore('s3://bucket-aws?downloads=cdn')).toThrow(/stream or presigned/);
    expect(() => parseBlobStore('gs://bucket-aws')).toThrow(/unknown scheme gs:/);
  });
});
